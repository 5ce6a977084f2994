"""Sign-up, log-in, the one-time hand-over, sessions and log-out (services.auth)."""

from datetime import timedelta

import pytest
from sqlmodel import func, select

from models import AuthSession, Organization, Role, User, utcnow
from services import auth, security
from services.access import Actor
from services.config import get_settings
from services.db import session_scope
from services.errors import AuthenticationFailed, InvalidInput
from tests.factories import STRONG_PASSWORD, add_member, get_user, login, signup

BAD_LOGIN = 'Invalid email or password.'


def _counts() -> tuple[int, int]:
    with session_scope() as db:
        return db.exec(select(func.count()).select_from(Organization)).one(), \
            db.exec(select(func.count()).select_from(User)).one()


def _signup(**changes: str) -> None:
    data = {'organization_name': 'Acme Field Services', 'full_name': 'Maria Manager',
            'email': 'maria@acme.test', 'password': STRONG_PASSWORD, **changes}
    with session_scope(write=True) as db:
        auth.signup(db=db, data=data)


def _open_session(email: str, password: str = STRONG_PASSWORD) -> str:
    with session_scope(write=True) as db:
        handoff = auth.login(db=db, email=email, password=password).handoff
    with session_scope(write=True) as db:
        token = auth.complete_login(db=db, handoff=handoff)
    assert token is not None
    return token


def _resolve(token: str | None) -> Actor | None:
    with session_scope() as db:
        return auth.resolve_session(db=db, token=token)


def test_signup_creates_organization_and_main_manager_who_can_log_in() -> None:
    actor = signup(org='  Acme   Field Services ', email='Maria@Acme.TEST')
    assert actor.role == Role.MANAGER
    assert actor.is_main_manager is True
    assert actor.must_change_password is False
    assert actor.organization_name == 'Acme Field Services'
    assert actor.email == 'maria@acme.test'
    assert _counts() == (1, 1)
    assert login('maria@acme.test').user_id == actor.user_id
    assert login('  MARIA@acme.test ').user_id == actor.user_id


def test_signup_with_a_taken_email_is_refused_regardless_of_case() -> None:
    signup(email='maria@acme.test')
    with pytest.raises(InvalidInput) as caught:
        _signup(organization_name='Other Org', email='MARIA@Acme.Test')
    assert set(caught.value.errors) == {'email'}
    assert _counts() == (1, 1)


@pytest.mark.parametrize(('changes', 'field'), [
    ({'organization_name': '   '}, 'organization_name'),
    ({'full_name': ''}, 'full_name'),
    ({'email': 'not-an-email'}, 'email'),
    ({'password': 'short'}, 'password'),
    ({'password': 'password123'}, 'password'),
    ({'password': 'maria-rocks-2024'}, 'password'),  # contains the email name
])
def test_signup_field_errors_name_the_field_and_save_nothing(changes: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        _signup(**changes)
    assert field in caught.value.errors
    assert caught.value.errors[field]
    assert _counts() == (0, 0)


def test_wrong_password_and_unknown_email_fail_with_the_same_message() -> None:
    signup(email='maria@acme.test')
    with pytest.raises(AuthenticationFailed) as wrong:
        login('maria@acme.test', 'not the right password')
    with pytest.raises(AuthenticationFailed) as unknown:
        login('nobody@acme.test')
    with pytest.raises(AuthenticationFailed) as empty:
        login('', '')
    assert str(wrong.value) == str(unknown.value) == str(empty.value) == BAD_LOGIN


def test_inactive_user_cannot_log_in_and_gets_the_same_message() -> None:
    actor = signup()
    token = _open_session(actor.email)
    with session_scope(write=True) as db:
        user = db.get(User, actor.user_id)
        assert user is not None
        user.is_active = False
    with pytest.raises(AuthenticationFailed) as caught:
        login(actor.email)
    assert str(caught.value) == BAD_LOGIN
    assert _resolve(token) is None  # an existing session ends too


def test_handoff_token_is_single_use_and_garbage_is_refused() -> None:
    actor = signup()
    with session_scope(write=True) as db:
        handoff = auth.login(db=db, email=actor.email, password=STRONG_PASSWORD).handoff
    with session_scope(write=True) as db:
        first = auth.complete_login(db=db, handoff=handoff)
    with session_scope(write=True) as db:
        second = auth.complete_login(db=db, handoff=handoff)
        garbage = auth.complete_login(db=db, handoff='garbage')
        empty = auth.complete_login(db=db, handoff='')
    assert first is not None
    assert second is None and garbage is None and empty is None
    assert _resolve(first) is not None
    assert get_user(actor.user_id).last_login_at is not None


def test_logout_ends_only_that_session() -> None:
    actor = signup()
    token, other = _open_session(actor.email), _open_session(actor.email)
    with session_scope(write=True) as db:
        auth.logout(db=db, token=token)
    assert _resolve(token) is None
    assert _resolve(other) is not None
    assert _resolve(None) is None and _resolve('made-up-token') is None


def test_login_rehashes_the_password_when_hash_parameters_change(monkeypatch: pytest.MonkeyPatch) -> None:
    actor = signup()
    before = get_user(actor.user_id).hashed_password
    assert ',t=1,' in before
    monkeypatch.setenv('MOBILOS_ARGON2_TIME_COST', '2')
    get_settings.cache_clear()
    login(actor.email)
    after = get_user(actor.user_id).hashed_password
    assert after != before
    assert ',t=2,' in after
    assert login(actor.email).user_id == actor.user_id  # the new hash still matches
    assert get_user(actor.user_id).hashed_password == after  # and is not rehashed again


def test_expired_temporary_password_is_reported_only_with_the_right_password() -> None:
    manager = signup()
    tech_id = add_member(manager, email='tom@acme.test', password='temporary pass 42')
    with session_scope(write=True) as db:
        tech = db.get(User, tech_id)
        assert tech is not None
        tech.temporary_password_expires_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(AuthenticationFailed) as wrong:
        login('tom@acme.test', 'not the temporary password')
    assert str(wrong.value) == BAD_LOGIN
    with pytest.raises(AuthenticationFailed) as right:
        login('tom@acme.test', 'temporary pass 42')
    assert 'expired' in str(right.value)
    assert str(right.value) != BAD_LOGIN


def test_idle_session_expires() -> None:
    actor = signup()
    token = _open_session(actor.email)
    assert _resolve(token) is not None
    idle = timedelta(minutes=get_settings().session_idle_minutes + 1)
    with session_scope(write=True) as db:
        session = db.exec(select(AuthSession).where(AuthSession.token_hash == security.token_digest(token))).one()
        session.last_seen_at = utcnow() - idle
    assert _resolve(token) is None
