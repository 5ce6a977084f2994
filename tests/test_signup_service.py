"""Sign-up by mailed link (services.signup): nothing exists until the link is opened, and the form's answer
and work are the same whether or not the address is registered."""

import logging
import re
import stat
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import event, update
from sqlmodel import col, func, select

from models import LoginThrottle, Organization, SignupMail, SignupRequest, User, utcnow
from services import mail, outbox, security, signup, signup_mail
from services.config import Settings, get_settings
from services.db import get_engine, session_scope
from services.errors import AuthenticationFailed, InvalidInput, ServiceError
from services.throttle import Throttled
from tests.factories import STRONG_PASSWORD, MailBox, add_member, login
from tests.factories import signup as full_signup

FORM = {'organization_name': 'Acme Field Services', 'full_name': 'Maria Manager', 'email': 'maria@acme.test',
        'password': STRONG_PASSWORD}


def _request(ip: str = '192.0.2.1', **changes: str) -> signup.SignupRequestPublic:
    return signup.request_signup(data={**FORM, **changes}, ip_address=ip)


def _counts() -> tuple[int, int, int]:
    """(organizations, users, sign-up requests)."""
    with session_scope() as db:
        return tuple(db.exec(select(func.count()).select_from(table)).one()  # type: ignore[return-value]
                     for table in (Organization, User, SignupRequest))


def _age_requests(by: timedelta) -> None:
    with session_scope(write=True) as db:
        db.execute(update(SignupRequest).values(created_at=utcnow() - by))


def test_nothing_exists_until_the_link_is_opened_then_the_creator_is_the_logged_in_main_manager() -> None:
    box = MailBox()
    answer = _request(organization_name='  Acme   Field Services ', email='Maria@Acme.TEST')
    assert (answer.organization_name, answer.email) == ('Acme Field Services', 'maria@acme.test')
    assert signup_mail.deliver_pending(sender=box) == 1
    assert _counts() == (0, 0, 1)
    assert box.sent[0].subject == 'Finish creating your organization on MobilOS'
    ticket = signup.confirm_signup(password=STRONG_PASSWORD, token=box.link_for('maria@acme.test'))
    assert not ticket.must_change_password
    actor = login('maria@acme.test')
    assert (actor.role, actor.is_main_manager, actor.organization_name) == ('manager', True, 'Acme Field Services')
    assert _counts()[:2] == (1, 1)


@pytest.mark.parametrize(('changes', 'field'), [
    ({'organization_name': '   '}, 'organization_name'),
    ({'full_name': ''}, 'full_name'),
    ({'email': 'not-an-email'}, 'email'),
    ({'password': 'short'}, 'password'),
    ({'password': 'password123'}, 'password'),
    ({'password': 'maria-rocks-2024'}, 'password'),  # contains the email name
    ({'password': 'acme field services 9'}, 'password'),  # contains the organization name
])
def test_field_errors_name_the_field_and_save_nothing(changes: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        _request(**changes)
    assert caught.value.errors.get(field)
    assert _counts() == (0, 0, 0)


def test_every_field_is_flagged_at_the_first_try() -> None:
    with pytest.raises(InvalidInput) as caught:
        _request(email='not-an-email', password='')
    assert set(caught.value.errors) == {'email', 'password'}


@contextmanager
def _recorded() -> Iterator[dict[str, Any]]:
    """What one sign-up request costs: its SQL statements (shape only) and its argon2 hashes."""
    seen: dict[str, Any] = {'sql': [], 'hashes': 0}

    def on_execute(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen['sql'].append(statement)

    real_hash = PasswordHasher.hash

    def counting(self: PasswordHasher, password: str | bytes, **kwargs: Any) -> str:
        seen['hashes'] += 1
        return real_hash(self, password, **kwargs)

    engine = get_engine()
    event.listen(engine, 'before_cursor_execute', on_execute)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PasswordHasher, 'hash', counting)
        try:
            yield seen
        finally:
            event.remove(engine, 'before_cursor_execute', on_execute)


def test_a_registered_address_gets_the_same_answer_after_the_same_work_as_a_new_one() -> None:
    full_signup(email='maria@acme.test')
    answers: dict[str, dict[str, Any]] = {}
    costs: dict[str, dict[str, Any]] = {}
    for email in ['MARIA@acme.test', 'newcomer@acme.test']:
        with _recorded() as seen:
            answers[email] = _request(email=email, ip=f'198.51.100.{len(answers)}').model_dump()
        costs[email] = seen
    assert answers['MARIA@acme.test'] == {**answers['newcomer@acme.test'], 'email': 'maria@acme.test'}
    # The same statements in the same order, the same single hash: no lookup of the address at all.
    assert costs['MARIA@acme.test'] == costs['newcomer@acme.test']
    assert costs['newcomer@acme.test']['hashes'] == 1
    assert not any(re.search(r'FROM "?user"?\b', sql) for sql in costs['newcomer@acme.test']['sql'])


def test_the_owner_of_a_registered_address_is_told_by_mail_and_nothing_is_created() -> None:
    full_signup(email='maria@acme.test')
    box = MailBox()
    _request(organization_name='Other Org', email='Maria@Acme.Test')
    signup_mail.deliver_pending(sender=box)
    [sent] = box.sent
    assert (sent.to, sent.subject) == ('maria@acme.test', 'Your MobilOS account')
    assert '/signup/confirm' not in sent.text and '/login' in sent.text
    with session_scope() as db:
        request = db.exec(select(SignupRequest).order_by(SignupRequest.id.desc())).first()  # type: ignore[union-attr]
        assert request is not None
        assert (request.mail, request.token_hash, request.hashed_password) == (SignupMail.REGISTERED, None, '')
    assert _counts()[:2] == (1, 1)


def test_mail_carries_nothing_typed_into_the_form() -> None:
    """The form's author picks the address: they must not be able to put their words in that inbox."""
    full_signup(email='taken@acme.test')
    box = MailBox()
    bait = 'Win a prize at evil example'
    for email in ['victim@acme.test', 'taken@acme.test']:
        _request(organization_name=bait, full_name=f'{bait} now', email=email, ip=email)
    signup_mail.deliver_pending(sender=box)
    assert len(box.sent) == 2
    assert all('prize' not in m.text and 'prize' not in m.subject for m in box.sent)


def test_a_link_somebody_else_requested_gives_them_no_account() -> None:
    """Whoever starts a sign-up chooses its password: the link asks for it again, so an attacker's request
    for a victim's address, opened by the victim, cannot create an account the attacker can log in to."""
    box = MailBox()
    _request(password='attacker knows this 42', ip='203.0.113.66')  # the attacker, with the victim's address
    _request(ip='192.0.2.1')  # the victim's own sign-up
    signup_mail.deliver_pending(sender=box)
    attackers, victims = [re.search(r'token=(\S+)', m.text).group(1) for m in box.sent]  # type: ignore[union-attr]
    with pytest.raises(InvalidInput) as caught:
        signup.confirm_signup(token=attackers, password=STRONG_PASSWORD)
    assert set(caught.value.errors) == {'password'}
    assert _counts()[:2] == (0, 0)
    signup.confirm_signup(token=victims, password=STRONG_PASSWORD)
    assert login('maria@acme.test').is_main_manager
    with pytest.raises(AuthenticationFailed):
        login('maria@acme.test', 'attacker knows this 42')


def test_five_wrong_passwords_end_the_link() -> None:
    box = MailBox()
    _request()
    signup_mail.deliver_pending(sender=box)
    token = box.link_for('maria@acme.test')
    for _ in range(signup.PASSWORD_CHECKS_ALLOWED - 1):
        with pytest.raises(InvalidInput):
            signup.confirm_signup(token=token, password='a guess at the password')
    with pytest.raises(signup.SignupLinkUnusable, match='This link no longer works: sign up again'):
        signup.confirm_signup(token=token, password='a last guess')
    with pytest.raises(signup.SignupLinkUnusable):
        signup.confirm_signup(token=token, password=STRONG_PASSWORD)
    with session_scope() as db:
        assert signup.pending_signup(db=db, token=token) is None  # the page says the link cannot be used
    assert _counts()[:2] == (0, 0)


def test_guesses_sent_all_at_once_get_five_checks_in_all(monkeypatch: pytest.MonkeyPatch) -> None:
    box = MailBox()
    _request()
    signup_mail.deliver_pending(sender=box)
    token = box.link_for('maria@acme.test')
    checks: list[str] = []
    real = security.verify_password

    def counting(hashed: str | None, password: str) -> bool:
        checks.append(password)
        return real(hashed, password)

    monkeypatch.setattr(security, 'verify_password', counting)

    def guess(i: int) -> str:
        try:
            signup.confirm_signup(token=token, password=f'guess number {i}')
        except ServiceError as exc:
            return type(exc).__name__
        return 'ok'

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(guess, range(20)))
    assert len(checks) == signup.PASSWORD_CHECKS_ALLOWED
    assert 'ok' not in outcomes and outcomes.count('SignupLinkUnusable') >= 20 - signup.PASSWORD_CHECKS_ALLOWED


def test_a_link_works_once() -> None:
    box = MailBox()
    _request()
    signup_mail.deliver_pending(sender=box)
    token = box.link_for('maria@acme.test')
    signup.confirm_signup(password=STRONG_PASSWORD, token=token)
    with session_scope() as db:
        assert signup.pending_signup(db=db, token=token) is None
        request = db.exec(select(SignupRequest)).one()
        assert request.used_at is not None and request.hashed_password == ''  # no copy of the hash is kept
    with pytest.raises(signup.SignupLinkUnusable, match='expired or was already used'):
        signup.confirm_signup(password=STRONG_PASSWORD, token=token)
    assert _counts()[:2] == (1, 1)


@pytest.mark.parametrize('token', ['', 'x', 'a' * 5000, 'not a token at all', '\x00'])
def test_garbage_and_tampered_links_are_refused(token: str) -> None:
    box = MailBox()
    _request()
    signup_mail.deliver_pending(sender=box)
    real = box.link_for('maria@acme.test')
    for candidate in [token, real[:-1], real + 'x', real.upper()]:
        with session_scope() as db:
            assert signup.pending_signup(db=db, token=candidate) is None
        with pytest.raises(signup.SignupLinkUnusable):
            signup.confirm_signup(password=STRONG_PASSWORD, token=candidate)
    assert _counts()[:2] == (0, 0)


def test_links_expire_and_late_requests_are_never_mailed() -> None:
    box = MailBox()
    _request()
    signup_mail.deliver_pending(sender=box)
    hours = get_settings().signup_link_hours
    _age_requests(timedelta(hours=hours, minutes=1))
    with pytest.raises(signup.SignupLinkUnusable):
        signup.confirm_signup(password=STRONG_PASSWORD, token=box.link_for('maria@acme.test'))
    _request(email='late@acme.test', ip='192.0.2.2')
    _age_requests(timedelta(hours=hours, minutes=1))
    assert signup_mail.deliver_pending(sender=box) == 0
    assert len(box.sent) == 1


def test_a_message_the_server_refuses_does_not_hold_back_the_others(caplog: pytest.LogCaptureFixture) -> None:
    class Flaky(MailBox):
        def send(self, message: mail.Message) -> None:
            if message.to == 'maria@acme.test':
                raise OSError('550 mailbox unavailable')
            super().send(message)

    box = Flaky()
    _request()
    _request(email='olga@other.test', ip='192.0.2.2')
    assert signup_mail.deliver_pending(sender=box) == 2
    assert [m.to for m in box.sent] == ['olga@other.test']
    assert any('could not be sent' in r.getMessage() for r in caplog.records if r.name == 'mobilos.mail')


def test_requests_are_forgotten_after_a_week() -> None:
    _request()
    _age_requests(timedelta(days=8))
    signup_mail.deliver_pending(sender=MailBox())
    assert _counts() == (0, 0, 0)


def test_an_address_registered_after_the_mail_cannot_be_taken_twice() -> None:
    box = MailBox()
    _request()
    _request(organization_name='Second try', ip='192.0.2.2')
    signup_mail.deliver_pending(sender=box)
    first, second = [re.search(r'token=(\S+)', m.text).group(1) for m in box.sent]  # type: ignore[union-attr]
    signup.confirm_signup(password=STRONG_PASSWORD, token=second)
    with pytest.raises(signup.SignupLinkUnusable, match=r'already has an account\. Log in instead\.'):
        signup.confirm_signup(password=STRONG_PASSWORD, token=first)
    assert _counts()[:2] == (1, 1)


def test_a_member_added_meanwhile_keeps_the_address(monkeypatch: pytest.MonkeyPatch) -> None:
    box = MailBox()
    _request(email='tom@acme.test')
    signup_mail.deliver_pending(sender=box)
    manager = full_signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    add_member(manager, email='tom@acme.test')
    with pytest.raises(signup.SignupLinkUnusable, match='already has an account'):
        signup.confirm_signup(password=STRONG_PASSWORD, token=box.link_for('tom@acme.test'))
    assert _counts()[:2] == (1, 2)


@pytest.mark.parametrize('registered', [False, True])
def test_one_address_gets_at_most_three_mails_an_hour(registered: bool) -> None:
    if registered:
        full_signup(email='maria@acme.test')
        with session_scope(write=True) as db:  # that sign-up's own link was mailed long ago
            db.execute(update(SignupRequest).values(mailed_at=utcnow() - timedelta(hours=2)))
    box = MailBox()
    for i in range(5):
        _request(ip=f'192.0.2.{i}')
    assert signup_mail.deliver_pending(sender=box) == 3
    assert len(box.sent) == 3  # the rest wait, with the same answer on the form
    with session_scope() as db:
        kinds = db.exec(select(SignupRequest.mail).order_by(SignupRequest.id)).all()  # type: ignore[arg-type]
    sent = SignupMail.REGISTERED if registered else SignupMail.CONFIRM
    assert kinds[-5:] == [sent] * 3 + [None] * 2
    assert signup_mail.deliver_pending(sender=box) == 0  # still within the hour
    with session_scope(write=True) as db:  # an hour later the two waiting requests go out, oldest first
        db.execute(update(SignupRequest).where(col(SignupRequest.mail).is_not(None))
                   .values(mailed_at=utcnow() - timedelta(hours=1, seconds=1)))
    assert signup_mail.deliver_pending(sender=box) == 2
    assert len(box.sent) == 5


def test_the_owners_own_request_goes_out_within_the_hour_however_often_others_ask() -> None:
    box = MailBox()
    for i in range(3):  # somebody else fills this hour's mails for the address
        _request(password='attacker knows this 42', ip=f'203.0.113.{i}')
    signup_mail.deliver_pending(sender=box)
    _request(ip='192.0.2.1')  # the owner
    for i in range(6):  # and keeps asking
        _request(password='attacker knows this 42', ip=f'203.0.113.{10 + i}')
    assert signup_mail.deliver_pending(sender=box) == 0
    with session_scope(write=True) as db:
        db.execute(update(SignupRequest).where(col(SignupRequest.mail).is_not(None))
                   .values(mailed_at=utcnow() - timedelta(hours=1, seconds=1)))
    signup_mail.deliver_pending(sender=box)
    owners = re.search(r'token=(\S+)', box.sent[3].text).group(1)  # type: ignore[union-attr]
    signup.confirm_signup(token=owners, password=STRONG_PASSWORD)
    assert login('maria@acme.test').is_main_manager


def test_one_client_address_is_slowed_down_after_twenty_requests_an_hour() -> None:
    for i in range(21):
        _request(email=f'person{i}@acme.test', ip='203.0.113.9')
    with pytest.raises(Throttled, match='Too many attempts'):
        _request(email='person7@acme.test', ip='203.0.113.9')
    _request(email='person8@acme.test', ip='203.0.113.10')  # another address is not affected
    with session_scope(write=True) as db:  # an hour on, the address starts afresh, not with a long delay
        db.execute(update(LoginThrottle).values(window_start=utcnow() - timedelta(hours=1, seconds=1),
                                                blocked_until=None))
    for i in range(21):
        _request(email=f'later{i}@acme.test', ip='203.0.113.9')


def test_links_start_with_the_configured_public_url_not_the_request_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('MOBILOS_PUBLIC_URL', 'https://app.mobilos.example/')
    get_settings.cache_clear()
    box = MailBox()
    _request()
    signup_mail.deliver_pending(sender=box)
    assert re.search(r'^https://app\.mobilos\.example/signup/confirm\?token=[\w-]{43}$', box.sent[0].text, re.M)


def test_security_log_tells_who_and_from_where_but_never_the_link(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger='mobilos.security')
    box = MailBox()
    _request(ip='192.0.2.77')
    signup_mail.deliver_pending(sender=box)
    token = box.link_for('maria@acme.test')
    with pytest.raises(InvalidInput):
        signup.confirm_signup(password='a wrong guess 123', token=token, ip_address='192.0.2.79')
    signup.confirm_signup(password=STRONG_PASSWORD, token=token, ip_address='192.0.2.78')
    text = '\n'.join(r.getMessage() for r in caplog.records if r.name == 'mobilos.security')
    for expected in ['"signup_requested"', '"192.0.2.77"', '"signup_mail"', '"confirm"', '"signup"', '"192.0.2.78"',
                     '"signup_link_refused"', '"wrong_password"', '"192.0.2.79"']:
        assert expected in text
    for secret in [token, STRONG_PASSWORD, 'a wrong guess 123', '$argon2']:
        assert secret not in text


def _deliver_in_background() -> object:
    """What the sign-up page starts (conftest turns the page's own call off, so tests do not race it)."""
    return mail.in_background(lambda: signup_mail.deliver_pending(sender=mail.default_sender())).result(timeout=30)


def test_without_a_mail_server_mail_lands_in_a_private_outbox_file() -> None:
    _request()
    assert _deliver_in_background() == 1
    [path] = list(get_settings().outbox_dir().glob('*.eml'))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert (parsed['To'], parsed['Subject']) == ('maria@acme.test', 'Finish creating your organization on MobilOS')
    body = parsed.get_body(preferencelist=('plain',))
    assert body is not None and '/signup/confirm?token=' in body.get_content()
    [shown] = outbox.newest()  # what ./scripts/mail prints
    assert shown.startswith('To: maria@acme.test\nSubject: Finish creating your organization on MobilOS\n')
    assert '/signup/confirm?token=' in shown


def test_the_outbox_keeps_an_international_address_readable() -> None:
    _request(email='úser@bücher.example')
    assert _deliver_in_background() == 1
    [path] = list(get_settings().outbox_dir().glob('*.eml'))
    assert b'To: \xc3\xbaser@b\xc3\xbccher.example' in path.read_bytes()


def test_the_data_folder_is_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / 'fresh', database_url='', secret_key='')
    settings.resolved_secret_key()
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700  # the database in it holds password hashes
    assert stat.S_IMODE((settings.data_dir / 'secret_key').stat().st_mode) == 0o600


@pytest.mark.parametrize(('email', 'sent_to'), [('maria@acme.test', 'maria@acme.test'),
                                              ('maria@exämple.test', 'maria@xn--exmple-cua.test')])
def test_with_a_mail_server_mail_goes_over_smtp_with_starttls(monkeypatch: pytest.MonkeyPatch, email: str,
                                                               sent_to: str) -> None:
    calls: list[str] = []

    class FakeSmtp:
        def __init__(self, host: str, port: int, timeout: float) -> None:
            calls.append(f'connect {host}:{port}')

        def __enter__(self) -> 'FakeSmtp':
            return self

        def __exit__(self, *_exc: object) -> None:
            calls.append('quit')

        def starttls(self, context: object) -> None:
            calls.append('starttls')

        def login(self, username: str, password: str) -> None:
            calls.append(f'login {username}')

        def send_message(self, message: Any) -> None:
            calls.append(f'send to {message["To"]}')

    monkeypatch.setattr(mail.smtplib, 'SMTP', FakeSmtp)
    for name, value in {'SMTP_HOST': 'smtp.example.com', 'SMTP_USERNAME': 'mobilos', 'SMTP_PASSWORD': 's3cret'}.items():
        monkeypatch.setenv(f'MOBILOS_{name}', value)
    get_settings.cache_clear()
    _request(email=email)
    assert _deliver_in_background() == 1
    assert calls == ['connect smtp.example.com:587', 'starttls', 'login mobilos', f'send to {sent_to}', 'quit']
    assert not get_settings().outbox_dir().exists()
