"""Sign-up proves the address by mail: the form says the same for every address, the link works once,
and both steps fit a phone."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.helpers import (
    CONFIRM_LINK,
    DESKTOP,
    INVALID_LOGIN,
    PHONE,
    REGISTERED_SUBJECT,
    SIGNUP_SUBJECT,
    assert_no_sideways_scroll,
    check_email_heading,
    confirm_link,
    finish_signup,
    login,
    logout,
    mail_to,
    mails_to,
    request_signup,
    sent_mails,
    signup,
    submit_login,
    submit_signup,
    unique_email,
)

pytestmark = pytest.mark.browser

OWNER_PASSWORD = 'harbour lantern 1931'
IMPOSTOR_PASSWORD = 'crooked ladder 2718'
UNUSABLE = 'This link cannot be used'


def test_registered_email_gets_the_same_answer_and_only_its_owner_learns_more(
        open_page: Callable[..., Page]) -> None:
    owner = open_page(**DESKTOP)
    registered = unique_email('Olive Owner')
    signup(owner, organization='Owner Field', name='Olive Owner', email=registered, password=OWNER_PASSWORD)
    logout(owner)

    # The same form, once with a new address and once with the registered one: the same screen.
    fresh = unique_email('Nina New')
    before = sent_mails()
    answers = []
    for email, name in [(fresh, 'Nina New'), (registered, 'Ivy Impostor')]:
        page = open_page(**DESKTOP)
        submit_signup(page, organization='Impostor Field', name=name, email=email, password=IMPOSTOR_PASSWORD)
        expect(page).to_have_url(re.compile(r'/signup$'))
        answers.append(_answer_card(page).inner_text().replace(email, '<email>'))
    assert answers[0] == answers[1], f'new address:\n{answers[0]}\n---\nregistered address:\n{answers[1]}'

    # Only the mail differs: a link for the new address, a "you already have an account" note for the owner.
    assert CONFIRM_LINK.search(mail_to(fresh, SIGNUP_SUBJECT, not_in=before))
    note = mail_to(registered, REGISTERED_SUBJECT, not_in=before)
    assert not CONFIRM_LINK.search(note), note
    assert '/signup' not in note, note
    assert re.search(r'http://127\.0\.0\.1:\d+/login\b', note), note
    subjects = [mail['Subject'] for mail in mails_to(registered, not_in=before)]
    assert subjects == [REGISTERED_SUBJECT], subjects

    # Nothing new to log into: the impostor's password does not work, the owner still lands in their own team.
    page = open_page(**DESKTOP)
    submit_login(page, registered, IMPOSTOR_PASSWORD)
    expect(page.get_by_role('alert').filter(has_text=re.compile(r'\S'))).to_have_text(INVALID_LOGIN)
    expect(page).to_have_url(re.compile(r'/login$'))
    login(page, registered, OWNER_PASSWORD)
    page.goto('/team')
    expect(page.get_by_role('heading', name='Team')).to_be_visible()
    expect(page.get_by_role('banner').get_by_text('Owner Field', exact=True)).to_be_visible()
    expect(page.get_by_text('Impostor Field')).to_have_count(0)
    rows = page.locator('tbody tr')
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text('Olive Owner')


def test_the_mailed_link_works_once(open_page: Callable[..., Page]) -> None:
    page = open_page(**DESKTOP)
    email = unique_email('Una Once')
    link = request_signup(page, organization='Once Field', name='Una Once', email=email)
    finish_signup(page, link, organization='Once Field', name='Una Once', email=email)
    expect(page.get_by_role('banner').get_by_text('Once Field', exact=True)).to_be_visible()
    logout(page)

    page.goto(link)
    _expect_unusable(page)
    page.goto('/signup/confirm?token=not-a-token-the-app-sent')
    _expect_unusable(page)
    page.get_by_role('link', name='Create your organization again').click()
    expect(page).to_have_url(re.compile(r'/signup$'))
    expect(page.get_by_role('button', name='Create organization')).to_be_visible()


def test_a_link_somebody_else_requested_does_not_open_with_the_owners_password(
        open_page: Callable[..., Page]) -> None:
    email = unique_email('Vera Victim')
    attacker = open_page(**DESKTOP)
    their_link = request_signup(attacker, organization='Trap Field', name='Vera Victim', email=email,
                                password=IMPOSTOR_PASSWORD)
    victim = open_page(**DESKTOP)
    own_link = request_signup(victim, organization='Vera Field', name='Vera Victim', email=email,
                              password=OWNER_PASSWORD)
    victim.goto(their_link)  # the owner opens the mail somebody else caused, with their own password
    victim.get_by_label('Password').fill(OWNER_PASSWORD)
    victim.get_by_role('button', name='Finish sign-up').click()
    expect(victim.get_by_text('This is not the password this sign-up was started with.', exact=False)) \
        .to_be_visible()
    expect(victim).to_have_url(re.compile(r'/signup/confirm'))
    finish_signup(victim, own_link, organization='Vera Field', name='Vera Victim', email=email,
                  password=OWNER_PASSWORD)
    logout(victim)
    submit_login(attacker, email, IMPOSTOR_PASSWORD)
    expect(attacker.get_by_text(INVALID_LOGIN)).to_be_visible()


def test_signup_by_mail_fits_a_phone(open_page: Callable[..., Page]) -> None:
    phone = open_page(**PHONE)
    organization = 'Wolkenstein-Oberhausen Heating, Ventilation & Air Conditioning Services'
    name = 'Maximiliana Wolkenstein-Oberhausen'
    email = unique_email(name)
    before = sent_mails()
    submit_signup(phone, organization=organization, name=name, email=email)
    assert_no_sideways_scroll(phone)

    link = confirm_link(mail_to(email, SIGNUP_SUBJECT, not_in=before), origin=phone.url)
    phone.goto(link)
    expect(phone.get_by_role('button', name='Finish sign-up')).to_be_visible()
    assert_no_sideways_scroll(phone)
    finish_signup(phone, link, organization=organization, name=name, email=email)
    assert_no_sideways_scroll(phone)
    logout(phone)

    phone.goto(link)
    _expect_unusable(phone)
    assert_no_sideways_scroll(phone)


def _answer_card(page: Page) -> Locator:
    """The sign-up card once the form is sent: its heading, the answer and the links around it."""
    card = page.locator('.q-card').filter(has=check_email_heading(page))
    expect(card).to_have_count(1)
    return card


def _expect_unusable(page: Page) -> None:
    expect(page.get_by_role('heading', name=UNUSABLE)).to_be_visible()
    expect(page.get_by_role('link', name='Create your organization again')).to_have_attribute('href', '/signup')
    expect(page.get_by_role('link', name='Log in', exact=True)).to_have_attribute('href', '/login')
    expect(page.get_by_role('button', name='Finish sign-up')).to_have_count(0)
