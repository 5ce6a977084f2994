"""What a tester does again and again: sign up, log in and out, add a member, read the app's mail."""

import re
import time
from collections.abc import Collection
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit
from uuid import uuid4

from PIL import Image
from playwright.sync_api import Locator, Page, expect

DESKTOP: dict[str, Any] = {'viewport': {'width': 1280, 'height': 800}}
PHONE: dict[str, Any] = {'viewport': {'width': 375, 'height': 812}, 'is_mobile': True, 'has_touch': True}
MANAGER_PASSWORD = 'violet tractor ocean'
GENERATED_PASSWORD = re.compile(r'^[a-zA-Z2-9]{14}$')
INVALID_LOGIN = 'Invalid email or password.'
CHECK_EMAIL = 'Check your email'
SIGNUP_SUBJECT = 'Finish creating your organization on MobilOS'
REGISTERED_SUBJECT = 'Your MobilOS account'
CONFIRM_LINK = re.compile(r'https?://\S+/signup/confirm\?token=\S+')
MAIL_WAIT_SECONDS = 20.0

# Where the app writes its mail (no SMTP server in the tests): <MOBILOS_DATA_DIR>/outbox, set by the
# app_url fixture through use_outbox().
_outbox: Path | None = None


def use_outbox(folder: Path) -> None:
    global _outbox  # one app per test session, so one outbox
    _outbox = folder


def outbox() -> Path:
    assert _outbox is not None, 'no outbox: use the app_url fixture (or helpers.use_outbox) first'
    return _outbox


def sent_mails() -> set[Path]:
    """The mail files in the outbox now; pass to mail_to(not_in=...) to wait for a newer mail only."""
    return set(outbox().glob('*.eml')) if outbox().is_dir() else set()


def unique_email(name: str) -> str:
    """A fresh address per run: every test shares the one app and database of the session."""
    return f'{name.lower().replace(" ", ".")}.{uuid4().hex[:8]}@example.com'


def dialog(page: Page, title: str) -> Locator:
    return page.get_by_role('dialog').filter(has=page.get_by_role('heading', name=title))


def signup(page: Page, *, organization: str, name: str, email: str, password: str = MANAGER_PASSWORD) -> None:
    """The whole sign-up: the form, the mailed link, Finish sign-up; ends logged in on /team."""
    link = request_signup(page, organization=organization, name=name, email=email, password=password)
    finish_signup(page, link, organization=organization, name=name, email=email, password=password)


def submit_signup(page: Page, *, organization: str, name: str, email: str, password: str = MANAGER_PASSWORD) -> None:
    """Fill in and send the sign-up form, and check the 'Check your email' answer that replaces it."""
    page.goto('/signup')
    page.get_by_label('Organization name').fill(organization)
    page.get_by_label('Full name').fill(name)
    page.get_by_label('Email').fill(email)
    page.get_by_label('Password').fill(password)
    page.get_by_role('button', name='Create organization').click()
    expect(check_email_heading(page)).to_be_visible()
    expect(page.get_by_text(check_email_text(email), exact=True)).to_be_visible()
    expect(page.get_by_role('button', name='Create organization')).to_be_hidden()


def check_email_heading(page: Page) -> Locator:
    return page.get_by_role('heading', name=CHECK_EMAIL, exact=True)


def check_email_text(email: str) -> str:
    return (f'We sent a link to {email}. Open it within 24 hours to finish creating your organization '
            'and log in.')


def request_signup(page: Page, *, organization: str, name: str, email: str,
                   password: str = MANAGER_PASSWORD) -> str:
    """Send the sign-up form for a new address; returns the confirm link from the mail it gets."""
    before = sent_mails()
    submit_signup(page, organization=organization, name=name, email=email, password=password)
    body = mail_to(email, SIGNUP_SUBJECT, not_in=before)
    return confirm_link(body, origin=page.url)


def confirm_link(body: str, *, origin: str) -> str:
    """The one sign-up link in a mail's text; it must point at the app the browser is using."""
    links = CONFIRM_LINK.findall(body)
    assert len(links) == 1, f'expected one sign-up link in the mail, found {links}:\n{body}'
    expected = urlsplit(origin)
    got = urlsplit(links[0])
    assert (got.scheme, got.netloc) == (expected.scheme, expected.netloc), f'{links[0]} is not on {origin}'
    return str(links[0])


def finish_signup(page: Page, link: str, *, organization: str, name: str, email: str,
                  password: str = MANAGER_PASSWORD) -> None:
    """Open a mailed sign-up link, check what it is about, type the sign-up's password and Finish sign-up;
    ends logged in on /team."""
    page.goto(link)
    expect(page.get_by_role('heading', name='Finish creating your organization')).to_be_visible()
    expect(page.get_by_text(f'Organization: {organization}', exact=True)).to_be_visible()
    expect(page.get_by_text(f'Manager: {name} ({email})', exact=True)).to_be_visible()
    page.get_by_label('Password').fill(password)
    page.get_by_role('button', name='Finish sign-up').click()
    expect(page).to_have_url(re.compile(r'/team$'))
    expect(page.get_by_role('heading', name='Team')).to_be_visible()


def mail_to(email: str, subject: str, *, not_in: Collection[Path] = (),
            timeout: float = MAIL_WAIT_SECONDS) -> str:
    """The plain-text body of the newest mail to `email` with this subject, waiting for it to be written.

    Files in `not_in` (a sent_mails() taken before the action) are skipped, so an older mail never answers.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = _newest_mail(email, subject, not_in)
        if found is not None:
            body = found.get_body(preferencelist=('plain',))
            assert body is not None, f'mail "{subject}" to {email} has no plain-text part'
            return str(cast(EmailMessage, body).get_content())
        if time.monotonic() > deadline:
            seen = [f'{m["To"]}: {m["Subject"]}' for m in map(_read_mail, sorted(sent_mails())) if m is not None]
            raise AssertionError(f'no mail "{subject}" to {email} in {outbox()} within {timeout:.0f}s; '
                                 f'the outbox holds {seen}')
        time.sleep(0.2)  # polling pace, not an assertion


def mails_to(address: str, *, not_in: Collection[Path] = ()) -> list[EmailMessage]:
    """Every complete mail to `address` in the outbox (beyond `not_in`), oldest first."""
    mails = [_read_mail(path) for path in _by_age(sent_mails() - set(not_in))]
    return [mail for mail in mails if mail is not None and _addressed_to(mail, address)]


def _newest_mail(address: str, subject: str, not_in: Collection[Path]) -> EmailMessage | None:
    matching = [mail for mail in mails_to(address, not_in=not_in) if mail['Subject'] == subject]
    return matching[-1] if matching else None


def _by_age(paths: Collection[Path]) -> list[Path]:
    """Oldest first; the app names files by UTC time to the microsecond, so the name breaks mtime ties."""
    def age(path: Path) -> tuple[int, str]:
        try:
            return path.stat().st_mtime_ns, path.name
        except FileNotFoundError:
            return 0, path.name
    return sorted(paths, key=age)


def _read_mail(path: Path) -> EmailMessage | None:
    """None while the file is still being written (the app creates it, then fills it)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    message = cast(EmailMessage, message_from_bytes(data, policy=default_policy))
    if message['To'] is None or message['Subject'] is None or message.get_body(preferencelist=('plain',)) is None:
        return None
    return message


def _addressed_to(message: EmailMessage, address: str) -> bool:
    return any(a.addr_spec.lower() == address.lower() for a in message['To'].addresses)


def submit_login(page: Page, email: str, password: str) -> None:
    """Fill in and send the log-in form; the caller checks where it led."""
    page.goto('/login')
    page.get_by_label('Email').fill(email)
    page.get_by_label('Password').fill(password)
    page.get_by_role('button', name='Log in').click()


def login(page: Page, email: str, password: str) -> None:
    submit_login(page, email, password)
    expect(page).not_to_have_url(re.compile(r'/login'))


def logout(page: Page) -> None:
    page.get_by_role('button', name='Account').click()
    page.get_by_text('Log out', exact=True).click()
    expect(page).to_have_url(re.compile(r'/login$'))
    expect(page.get_by_role('heading', name='Log in')).to_be_visible()


def set_first_password(page: Page, password: str) -> None:
    expect(page).to_have_url(re.compile(r'/set-password$'))
    expect(page.get_by_role('heading', name='Set a new password')).to_be_visible()
    page.get_by_label('New password', exact=True).fill(password)
    page.get_by_label('Confirm new password').fill(password)
    page.get_by_role('button', name='Change password').click()
    expect(page.get_by_role('heading', name=re.compile(r'^Hello, '))).to_be_visible()


def start_member(page: Page, *, name: str, email: str, role: str = 'Technician') -> Locator:
    """Open New Member and fill in name, email and role; returns the open form."""
    page.get_by_role('button', name='New Member').click()
    form = dialog(page, 'New member')
    expect(form).to_be_visible()
    for field in ('Full name', 'Email', 'Temporary password'):  # nothing left from a member added or cancelled
        expect(form.get_by_label(field)).to_have_value('')
    form.get_by_label('Full name').fill(name)
    form.get_by_label('Email').fill(email)
    if role != 'Technician':  # Technician is preselected
        form.get_by_label('Role').click()
        page.get_by_role('option', name=role).click()
        expect(form.get_by_label('Role')).to_have_value(role)
    return form


def create_member(page: Page, *, name: str, email: str, role: str = 'Technician', password: str = '') -> str:
    """Add a member through the New Member form (Generate when no password is given).

    Returns the temporary password as the 'Member created' dialog shows it, after checking that dialog.
    """
    form = start_member(page, name=name, email=email, role=role)
    if password:
        form.get_by_label('Temporary password').fill(password)
    else:
        form.get_by_role('button', name='Generate').click()
        expect(form.get_by_label('Temporary password')).to_have_value(GENERATED_PASSWORD)
    form.get_by_role('button', name='Create member').click()
    temporary = read_credentials(page, 'Member created', email=email)
    if password:
        assert temporary == password
    else:
        assert GENERATED_PASSWORD.match(temporary), temporary
    expect(form).to_be_hidden()
    return temporary


def read_credentials(page: Page, title: str, *, email: str) -> str:
    """Read the temporary password from a credentials dialog ('Member created', 'New temporary password'),
    after checking it names `email`, and close it with Done."""
    shown = dialog(page, title)
    expect(shown).to_be_visible()
    expect(shown.get_by_text(email, exact=True)).to_be_visible()
    value = shown.get_by_text('Temporary password', exact=True).locator('xpath=following-sibling::*[1]')
    temporary = value.inner_text().strip()
    assert temporary, f'{title}: no temporary password shown'
    shown.get_by_role('button', name='Done').click()
    expect(shown).to_be_hidden()
    return temporary


def add_technicians(page: Page, names: list[str]) -> dict[str, str]:
    """Create technicians on /team with generated passwords; returns name -> email."""
    emails = {name: unique_email(name) for name in names}
    for name, email in emails.items():
        create_member(page, name=name, email=email)
    return emails


def first_login(page: Page, email: str, temporary: str, password: str) -> None:
    """Log in with the temporary password and replace it; ends on the home page."""
    submit_login(page, email, temporary)
    set_first_password(page, password)


def open_member(page: Page, name: str) -> str:
    """From Team, follow the member's name to their page; returns its path, /team/<id>."""
    page.goto('/team')
    page.get_by_role('link', name=name, exact=True).click()
    expect(page).to_have_url(re.compile(r'/team/\d+$'))
    expect(page.get_by_role('heading', name=name.removesuffix(' (main manager)'), exact=True)).to_be_visible()
    return '/team/' + page.url.rsplit('/', 1)[1]


def confirm(page: Page, button: str, title: str) -> None:
    """Click a button that asks first, and answer Confirm in the dialog titled `title`."""
    page.get_by_role('button', name=button, exact=True).click()
    question = dialog(page, title)
    expect(question).to_be_visible()
    question.get_by_role('button', name='Confirm').click()
    expect(question).to_be_hidden()


def open_account_item(page: Page, item: str) -> None:
    """Account menu -> `item` (My Profile, Log out)."""
    page.get_by_role('button', name='Account').click()
    page.get_by_role('menu').get_by_text(item, exact=True).click()


def choose_plan(page: Page, plan: str) -> None:
    """On /billing: 'Choose plan' on the card of `plan` (Free, Basic, Pro, Enterprise), then 'Confirm'."""
    page.get_by_label(f'{plan} plan').get_by_role('button', name='Choose plan').click()
    dialog = page.get_by_role('dialog').filter(has_text=f'Switch to the {plan} plan?')
    dialog.get_by_role('button', name='Confirm').click()


def assert_no_sideways_scroll(page: Page) -> None:
    """Nothing on the page is wider than the viewport (a phone never scrolls sideways)."""
    viewport = page.viewport_size
    assert viewport is not None
    width = page.evaluate('document.documentElement.scrollWidth')
    assert width <= viewport['width'], f"{page.url} is {width}px wide on a {viewport['width']}px screen"


def assert_image_loaded(page: Page, name: str) -> None:
    """The image with this accessible name is shown and its file really loaded (no broken image)."""
    image = page.get_by_role('img', name=name).locator('img').first
    expect(image).to_have_js_property('complete', True)
    assert image.evaluate('img => img.naturalWidth') > 0, f'{name} did not load'


def submit_member_over_cap(page: Page, *, name: str, email: str) -> Locator:
    """Fill New Member (generated password) while the plan is full, submit; returns the open limit dialog."""
    form = start_member(page, name=name, email=email)
    form.get_by_role('button', name='Generate').click()
    form.get_by_role('button', name='Create member').click()
    limit = dialog(page, 'Technician limit reached')
    expect(limit).to_be_visible()
    return limit


def upload_logo(page: Page, path: Path) -> None:
    """On /organization, choose `path` in the 'Upload logo' picker (it uploads at once)."""
    page.goto('/organization')
    expect(page.get_by_text('Upload logo')).to_be_visible()
    page.locator('input[type=file]').set_input_files(path)  # the picker's own file input: it has no label


def write_png(path: Path, size: tuple[int, int] = (64, 40)) -> Path:
    Image.new('RGB', size, (200, 30, 30)).save(path)
    return path
