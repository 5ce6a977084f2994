"""Changes that end sessions ask for the member's password again (ASVS 7.5.1, 7.5.2), and a stolen session
cannot use that question to guess the password without limit."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import update

from models import LoginThrottle, utcnow
from services import auth, profile, sessions
from services.access import Actor
from services.db import session_scope
from services.errors import InvalidInput
from tests.factories import STRONG_PASSWORD, actor_from_ticket, signup

WRONG = 'not my password at all'


def two_sessions() -> Actor:
    signup()  # the sign-up's own session is the other one
    return actor_from_ticket(auth.login(email='maria@acme.test', password=STRONG_PASSWORD).handoff)


def live_sessions(actor: Actor) -> int:
    with session_scope() as db:
        return len(sessions.list_sessions(db=db, actor=actor))


def sign_out_others(actor: Actor, password: str) -> int:
    with session_scope(write=True) as db:
        return sessions.sign_out_other_sessions(db=db, actor=actor, password=password)


def change_password(actor: Actor, current: str) -> None:
    new = 'a brand new passphrase'
    with session_scope(write=True) as db:
        profile.change_password(db=db, actor=actor, current_password=current, new_password=new, confirm_password=new)


@pytest.mark.parametrize(('password', 'message'), [('', 'Enter your password.'),
                                                   (WRONG, 'The password is not correct.')])
def test_signing_out_other_sessions_needs_the_password_and_ends_nothing_without_it(password: str,
                                                                                   message: str) -> None:
    laptop = two_sessions()
    with pytest.raises(InvalidInput) as refused:
        sign_out_others(laptop, password)
    assert refused.value.errors == {'password': message}
    assert live_sessions(laptop) == 2
    assert sign_out_others(laptop, STRONG_PASSWORD) == 1
    assert live_sessions(laptop) == 1


def test_wrong_passwords_slow_down_then_stop_for_the_hour(caplog: pytest.LogCaptureFixture) -> None:
    laptop = two_sessions()
    caplog.set_level(logging.INFO, logger='mobilos.security')
    for _ in range(3):  # free tries
        with pytest.raises(InvalidInput, match='not correct'):
            sign_out_others(laptop, WRONG)
    with pytest.raises(InvalidInput, match='not correct'):
        sign_out_others(laptop, WRONG)  # the fourth starts a delay ...
    with pytest.raises(InvalidInput) as waiting:
        sign_out_others(laptop, STRONG_PASSWORD)  # ... which even the right password waits out
    assert waiting.value.errors['password'].startswith('Too many attempts. Wait ')
    assert live_sessions(laptop) == 2
    assert caplog.text.count('reauthentication_failed') == 4 and WRONG not in caplog.text

    for _ in range(16):  # the hour's budget of 20 wrong answers, delays waited out
        with session_scope(write=True) as db:
            db.execute(update(LoginThrottle).values(blocked_until=None))
        with pytest.raises(InvalidInput, match='not correct'):
            change_password(laptop, WRONG)  # the password change asks on the same key
    with session_scope(write=True) as db:
        db.execute(update(LoginThrottle).values(blocked_until=None))
    with pytest.raises(InvalidInput, match='Too many attempts'):
        change_password(laptop, STRONG_PASSWORD)
    with session_scope(write=True) as db:
        db.execute(update(LoginThrottle).values(window_start=utcnow() - timedelta(hours=1, seconds=1)))
    assert sign_out_others(laptop, STRONG_PASSWORD) == 1  # an hour later the owner gets through


def test_the_right_password_clears_earlier_mistakes() -> None:
    laptop = two_sessions()
    for _ in range(3):
        with pytest.raises(InvalidInput):
            sign_out_others(laptop, WRONG)
    assert sign_out_others(laptop, STRONG_PASSWORD) == 1
    for _ in range(3):  # three free tries again, no delay
        with pytest.raises(InvalidInput, match='not correct'):
            change_password(laptop, WRONG)
    change_password(laptop, STRONG_PASSWORD)
