"""Log-in: validation, identical failures, rehashing, temporary passwords (services.auth)."""

from datetime import timedelta

import pytest
from sqlmodel import func, select

from models import Organization, Role, User, utcnow
from services.config import get_settings
from services.db import session_scope
from services.errors import AuthenticationFailed
from tests.factories import add_member, get_user, login, signup

BAD_LOGIN = 'Invalid email or password.'


def _counts() -> tuple[int, int]:
    """(organizations, users) in the database."""
    with session_scope() as db:
        orgs = db.exec(select(func.count()).select_from(Organization)).one()
        return orgs, db.exec(select(func.count()).select_from(User)).one()


def _update_user(user_id: int, **values: object) -> None:
    """Change a member directly in the database, as time passing or an administrator would."""
    with session_scope(write=True) as db:
        user = db.get(User, user_id)
        assert user is not None
        for name, value in values.items():
            setattr(user, name, value)


def test_signup_creates_organization_and_main_manager_who_can_log_in() -> None:
    actor = signup(org='  Acme   Field Services ', email='Maria@Acme.TEST')
    assert (actor.role, actor.is_main_manager, actor.must_change_password) == (Role.MANAGER, True, False)
    assert (actor.organization_name, actor.email) == ('Acme Field Services', 'maria@acme.test')
    assert _counts() == (1, 1)
    assert login('maria@acme.test').user_id == actor.user_id
    assert login('  MARIA@acme.test ').user_id == actor.user_id


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
    _update_user(actor.user_id, is_active=False)
    with pytest.raises(AuthenticationFailed) as caught:
        login(actor.email)
    assert str(caught.value) == BAD_LOGIN
    with pytest.raises(AuthenticationFailed) as wrong:
        login(actor.email, 'not the right password')
    assert str(wrong.value) == BAD_LOGIN


def test_login_rehashes_the_password_when_hash_parameters_change(monkeypatch: pytest.MonkeyPatch) -> None:
    actor = signup()
    before = get_user(actor.user_id).hashed_password
    assert ',t=1,' in before
    monkeypatch.setenv('MOBILOS_ARGON2_TIME_COST', '2')
    get_settings.cache_clear()
    login(actor.email)
    after = get_user(actor.user_id).hashed_password
    assert after != before and ',t=2,' in after
    assert login(actor.email).user_id == actor.user_id  # the new hash still matches
    assert get_user(actor.user_id).hashed_password == after  # and is not rehashed again


def test_expired_temporary_password_is_reported_only_with_the_right_password() -> None:
    manager = signup()
    tech_id = add_member(manager, email='tom@acme.test', password='temporary pass 42')
    _update_user(tech_id, temporary_password_expires_at=utcnow() - timedelta(minutes=1))
    with pytest.raises(AuthenticationFailed) as wrong:
        login('tom@acme.test', 'not the temporary password')
    assert str(wrong.value) == BAD_LOGIN
    with pytest.raises(AuthenticationFailed) as right:
        login('tom@acme.test', 'temporary pass 42')
    assert str(right.value) == 'Your temporary password has expired. Ask your manager for a new one.'
