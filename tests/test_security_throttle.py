"""Login abuse (ASVS V6.3): growing delays per account and per client address, checked before the password;
trusted devices get through; 100 failures per account and hour at most; no account enumeration; JSON log."""

import json
import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import update
from sqlmodel import select

from models import LoginThrottle, utcnow
from services import auth, member_admin, security, signup_mail, throttle
from services.config import get_settings
from services.db import session_scope
from services.errors import AuthenticationFailed, ServiceError
from services.throttle import Throttled
from tests import factories
from tests.factories import STRONG_PASSWORD
from tests.test_pages_helpers import log_in

WRONG = 'not the right password'


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Every call of the password check, by the stored hash it was given (None: unknown email)."""
    calls: list[str | None] = []
    real = security.verify_password

    def counting(hashed: str | None, password: str) -> bool:
        calls.append(hashed)
        return real(hashed, password)

    monkeypatch.setattr(security, 'verify_password', counting)
    return calls


def attempt(email: str, password: str = WRONG, ip: str = '198.51.100.1', device: str | None = None) -> str:
    """The outcome of one log-in attempt as the page would show it."""
    try:
        auth.login(email=email, password=password, ip_address=ip, device_token=device)
    except ServiceError as exc:
        return f'{type(exc).__name__}: {exc}'
    return 'ok'


def time_passes() -> None:
    """Every delay is over (the hourly budget is not)."""
    with session_scope(write=True) as db:
        db.execute(update(LoginThrottle).values(blocked_until=None))


def retry_after(call: Callable[[], object]) -> int:
    with pytest.raises(Throttled) as caught:
        call()
    return caught.value.retry_after


def test_delays_per_account_grow_and_are_enforced_before_the_password_check(password_checks: list) -> None:
    factories.signup()
    delays = []
    for i in range(9):
        assert attempt('maria@acme.test', ip=f'203.0.113.{i}').startswith('AuthenticationFailed')
        checks = len(password_checks)
        if i >= 3:  # from the fourth failure on: 1, 2, 4, ... seconds, at most 30
            delays.append(retry_after(lambda: auth.login(email='maria@acme.test', password=STRONG_PASSWORD,
                                                         ip_address='192.0.2.99')))
        assert len(password_checks) == checks  # a throttled attempt never reaches the password check
        time_passes()
    assert delays == [1, 2, 4, 8, 16, 30]


def test_delays_per_client_address_grow_across_accounts(password_checks: list) -> None:
    factories.signup()
    for i in range(10):  # ten free failures per address, even for unknown emails
        assert attempt(f'guess{i}@acme.test', ip='203.0.113.50').startswith('AuthenticationFailed')
    delays = []
    for i in range(3):
        assert attempt(f'more{i}@acme.test', ip='203.0.113.50').startswith('AuthenticationFailed')
        checks = len(password_checks)
        delays.append(retry_after(lambda: auth.login(email='maria@acme.test', password=STRONG_PASSWORD,
                                                     ip_address='203.0.113.50')))
        assert len(password_checks) == checks
        time_passes()
    assert delays == [1, 2, 4]
    assert attempt('maria@acme.test', STRONG_PASSWORD, ip='203.0.113.51') == 'ok'  # other addresses are unaffected


def hammer(*emails: str) -> None:
    """Someone else guesses from many addresses, waiting out each delay: the accounts are left blocked for 30 s."""
    for i in range(9):
        time_passes()
        for email in emails:
            attempt(email, ip=f'203.0.113.{i}')


def test_trusted_device_logs_in_while_others_have_the_account_throttled() -> None:
    factories.signup()
    factories.signup(org='Other Org', name='Olga Other', email='olga@other.test')
    device = auth.device_token_of(auth.login(email='maria@acme.test', password=STRONG_PASSWORD).handoff)
    assert device is not None
    hammer('olga@other.test', 'maria@acme.test')
    assert attempt('maria@acme.test', STRONG_PASSWORD, ip='192.0.2.1').startswith('Throttled')
    # A device cookie proves nothing for another account, nor when forged.
    assert attempt('olga@other.test', STRONG_PASSWORD, device=device).startswith('Throttled')
    assert attempt('maria@acme.test', STRONG_PASSWORD, device=device[:-4] + 'AAAA').startswith('Throttled')
    assert attempt('maria@acme.test', STRONG_PASSWORD, ip='192.0.2.1', device=device) == 'ok'
    for _ in range(9):  # the device's own guesses are throttled too, on the device's key
        time_passes()
        attempt('maria@acme.test', device=device)
    assert attempt('maria@acme.test', STRONG_PASSWORD, device=device).startswith('Throttled')


def test_a_trusted_device_gets_at_most_100_guesses_an_hour_too(password_checks: list) -> None:
    factories.signup()
    device = auth.device_token_of(auth.login(email='maria@acme.test', password=STRONG_PASSWORD).handoff)
    password_checks.clear()
    outcomes = []
    for _ in range(105):  # waiting out every delay
        outcomes.append(attempt('maria@acme.test', device=device).split(':')[0])
        time_passes()
    assert len(password_checks) == 100
    assert outcomes == ['AuthenticationFailed'] * 100 + ['Throttled'] * 5


def test_at_most_100_failures_per_account_and_hour_reach_the_password_check(password_checks: list) -> None:
    factories.signup()
    password_checks.clear()  # the sign-up link asked for the password once
    outcomes = []
    for i in range(110):  # from 110 addresses, waiting out every delay
        outcomes.append(attempt('maria@acme.test', ip=f'10.0.{i // 200}.{i % 200}').split(':')[0])
        time_passes()
    assert len(password_checks) == 100
    assert outcomes == ['AuthenticationFailed'] * 100 + ['Throttled'] * 10
    assert attempt('maria@acme.test', STRONG_PASSWORD, ip='10.9.9.9').startswith('Throttled')  # even the right one
    with session_scope(write=True) as db:  # an hour later the budget is back
        db.execute(update(LoginThrottle).values(window_start=utcnow() - throttle.WINDOW - timedelta(seconds=1)))
    assert attempt('maria@acme.test', STRONG_PASSWORD, ip='10.9.9.9') == 'ok'


def test_unknown_and_known_emails_fail_alike_and_both_spend_a_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    manager = factories.signup()
    tom = factories.add_member(manager, email='tom@acme.test')
    with session_scope(write=True) as db:
        member_admin.set_member_active(db=db, actor=manager, member_id=tom, active=False)
    hashes: list[str] = []
    real = PasswordHasher.verify

    def counting(self: PasswordHasher, hashed: str, password: str) -> bool:
        hashes.append(hashed)
        return real(self, hashed, password)

    monkeypatch.setattr(PasswordHasher, 'verify', counting)
    runs = {}
    for email in ['maria@acme.test', 'nobody@acme.test', 'tom@acme.test']:
        hashes.clear()
        runs[email] = [attempt(email, ip=f'192.0.2.{i}') for i in range(5)]
        assert len(hashes) == 4, email  # four argon2 verifications each: a dummy hash for the unknown email
    assert runs['nobody@acme.test'] == runs['maria@acme.test'] == runs['tom@acme.test']
    assert runs['maria@acme.test'][:4] == ['AuthenticationFailed: Invalid email or password.'] * 4
    assert all(r.startswith('Throttled: Too many attempts.') for r in runs['nobody@acme.test'][4:])


def test_login_attempts_are_logged_as_json_without_secrets(caplog: pytest.LogCaptureFixture) -> None:
    factories.signup()
    caplog.set_level(logging.INFO, logger='mobilos.security')
    handoff = auth.login(email='maria@acme.test', password=STRONG_PASSWORD, ip_address='192.0.2.7').handoff
    with pytest.raises(AuthenticationFailed):
        auth.login(email='maria@acme.test', password=WRONG, ip_address='192.0.2.8')
    with pytest.raises(AuthenticationFailed):
        auth.login(email='nobody@acme.test', password=WRONG, ip_address='192.0.2.9')
    records = [r for r in caplog.records if r.name == 'mobilos.security']
    events = [json.loads(r.getMessage()) for r in records]
    logins = [(e['outcome'], e['email'], e['ip']) for e in events if e['event'] == 'login']
    assert logins == [('success', 'maria@acme.test', '192.0.2.7'), ('failure', 'maria@acme.test', '192.0.2.8'),
                      ('failure', 'nobody@acme.test', '192.0.2.9')]
    assert all('at' in e for e in events)
    text = '\n'.join(r.getMessage() for r in records)
    nonce = security.unsign(handoff, purpose=auth.HANDOFF_PURPOSE, max_age_seconds=60)
    assert nonce is not None
    for secret in [STRONG_PASSWORD, WRONG, handoff, str(nonce['nonce']), str(nonce['dev']), '$argon2']:
        assert secret not in text


def test_a_password_typed_into_the_email_field_is_neither_logged_nor_stored(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger='mobilos.security')
    for _ in range(2):  # the same text twice counts on one throttle key
        with pytest.raises(AuthenticationFailed):
            auth.login(email=f' {STRONG_PASSWORD} ', password=WRONG, ip_address='192.0.2.9')
    with session_scope() as db:
        keys = [row.key for row in db.exec(select(LoginThrottle)).all()]
    account_keys = [key for key in keys if key.startswith('account:')]
    assert len(account_keys) == 1 and account_keys[0].startswith('account:not-an-address:')
    failures = [json.loads(r.getMessage()) for r in caplog.records if r.name == 'mobilos.security']
    assert [e['email'] for e in failures] == [account_keys[0].removeprefix('account:')] * 2
    stored_and_logged = ' '.join(keys) + caplog.text
    assert STRONG_PASSWORD not in stored_and_logged and STRONG_PASSWORD.lower() not in stored_and_logged


def test_password_hashing_defaults_are_argon2id_with_rfc_9106_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ('TIME_COST', 'MEMORY_KIB', 'PARALLELISM'):  # the tests' cheap settings off
        monkeypatch.delenv(f'MOBILOS_ARGON2_{name}')
    get_settings.cache_clear()
    assert security.hash_password(STRONG_PASSWORD).startswith('$argon2id$v=19$m=65536,t=3,p=4$')
    assert len(security.COMMON_PASSWORDS) >= 10_000 and security.password_problem('iloveyou2') is not None


async def test_hashing_runs_off_the_event_loop_and_the_hint_follows_typing(user: User,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[int] = []

    def recording(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            threads.append(threading.get_ident())
            return real(*args)
        return call

    for name in ('hash_password', 'verify_password'):
        monkeypatch.setattr(security, name, recording(getattr(security, name)))
    await user.open('/signup')
    password = user.find('Password')
    password.type('correct')
    assert password.elements.pop().props['hint'] == '1 more characters needed.'
    for label, text in [('Organization name', 'Acme'), ('Full name', 'Maria'), ('Email', 'maria@acme.test'),
                        ('Password', ' horse battery staple')]:
        user.find(label).type(text)
    assert user.find('Password').elements.pop().props['hint'].startswith('Strength: ')
    user.find(kind=ui.button, content='Create organization').click()
    await user.should_see('Check your email', retries=50)
    box = factories.MailBox()
    signup_mail.deliver_pending(sender=box)
    await user.open(f'/signup/confirm?token={box.link_for("maria@acme.test")}')
    user.find('Password').type(STRONG_PASSWORD)
    user.find(kind=ui.button, content='Finish sign-up').click()
    await user.should_see('New Member', retries=50)
    user.http_client.cookies.clear()
    await user.open('/login')
    user.find('Email').type('maria@acme.test')
    user.find('Password').type(STRONG_PASSWORD)
    user.find(kind=ui.button, content='Log in').click()
    await user.should_see('Hello, Maria', retries=50)
    assert len(threads) >= 3 and threading.main_thread().ident not in threads  # hash, check at the link, log-in


async def test_the_hint_knows_the_email_and_organization_typed_above(user: User) -> None:
    await user.open('/signup')
    user.find('Organization name').type('QA Two Org')
    user.find('Email').type('tina@qa.test')
    user.find('Password').type('qa two org qa two org')
    assert user.find('Password').elements.pop().props['hint'] == 'The password must not contain the organization name.'
    user.find('Password').clear().type('tina@qa.test is my password')
    assert user.find('Password').elements.pop().props['hint'] == \
        'The password must not contain the email address or the part of it before the @.'


async def test_the_hint_follows_what_is_typed_after_the_password(user: User) -> None:
    await user.open('/signup')
    user.find('Password').type('Nimbus Drains garage 42')
    assert user.find('Password').elements.pop().props['hint'].startswith('Strength: ')
    user.find('Organization name').type('Nimbus Drains')
    assert user.find('Password').elements.pop().props['hint'] == 'The password must not contain the organization name.'


async def test_the_hint_says_when_the_new_password_is_the_current_one(user: User) -> None:
    factories.signup()
    await log_in(user, 'maria@acme.test', STRONG_PASSWORD, path='/login?next=/profile')
    await user.should_see('Save profile', retries=50)
    user.find('Current password').type(STRONG_PASSWORD)
    user.find('New password').type(STRONG_PASSWORD)
    assert user.find('New password').elements.pop().props['hint'] == \
        'Choose a password different from your current one.'
