"""argon2 (about 0.1 s) never runs while SQLite's single write lock is held, so a password action does not
hold up every other member's writes; and splitting the work that way keeps the re-entry throttle honest."""

import sqlite3
from collections.abc import Callable

import pytest

from services import member_admin, profile, security, sessions
from services.access import Actor
from services.db import session_scope
from services.errors import InvalidInput, PermissionDenied
from tests.factories import STRONG_PASSWORD, add_member, login, signup

NEW = 'second quiet meadow 7'


@pytest.fixture
def lock_free_at_argon2(fresh_db: str, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """At every hash and verify, whether another connection could take the write lock right then."""
    path = fresh_db.removeprefix('sqlite:///')
    seen: list[bool] = []

    def lock_is_free() -> bool:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute('BEGIN IMMEDIATE')
            other.execute('ROLLBACK')
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()

    def probe(original: Callable[..., object]) -> Callable[..., object]:
        def probed(*args: object, **kwargs: object) -> object:
            seen.append(lock_is_free())
            return original(*args, **kwargs)
        return probed

    for name in ('hash_password', 'verify_password'):
        monkeypatch.setattr(security, name, probe(getattr(security, name)))
    return seen


def as_a_page_runs_it(action: Callable[..., object], **kwargs: object) -> object:
    with session_scope(write=True) as db:  # what components.actions.call opens for a write
        return action(db=db, **kwargs)


def test_changing_a_password_hashes_outside_the_write_lock(lock_free_at_argon2: list[bool]) -> None:
    me = signup()
    lock_free_at_argon2.clear()
    as_a_page_runs_it(profile.change_password, actor=me, current_password=STRONG_PASSWORD, new_password=NEW,
                      confirm_password=NEW)
    assert lock_free_at_argon2 == [True, True]  # the current password checked, the new one hashed
    login('maria@acme.test', NEW)


def test_signing_out_other_sessions_checks_the_password_outside_the_write_lock(
        lock_free_at_argon2: list[bool]) -> None:
    me = signup()
    lock_free_at_argon2.clear()
    assert as_a_page_runs_it(sessions.sign_out_other_sessions, actor=me, password=STRONG_PASSWORD) == 0
    assert lock_free_at_argon2 == [True]


def test_resetting_and_setting_a_first_password_hash_outside_the_write_lock(
        lock_free_at_argon2: list[bool]) -> None:
    manager = signup()
    tom = add_member(manager, email='tom@acme.test')
    lock_free_at_argon2.clear()
    temporary = as_a_page_runs_it(member_admin.reset_member_password, actor=manager, member_id=tom)
    assert isinstance(temporary, str) and lock_free_at_argon2 == [True]
    tom_actor = login('tom@acme.test', temporary)
    lock_free_at_argon2.clear()
    as_a_page_runs_it(profile.set_first_password, actor=tom_actor, new_password=NEW, confirm_password=NEW)
    assert lock_free_at_argon2 == [True, True]  # compared with the temporary one, then hashed
    login('tom@acme.test', NEW)


def change(me: Actor, current: str, new: str) -> None:
    as_a_page_runs_it(profile.change_password, actor=me, current_password=current, new_password=new,
                      confirm_password=new)


def test_a_right_current_password_with_a_weak_new_one_never_counts_as_a_wrong_try() -> None:
    me = signup()
    for _ in range(6):  # more than the three free tries
        with pytest.raises(InvalidInput) as refused:
            change(me, STRONG_PASSWORD, 'short')
        assert set(refused.value.errors) == {'new_password'}
    change(me, STRONG_PASSWORD, NEW)  # no delay waited
    login('maria@acme.test', NEW)


def test_a_first_password_set_while_a_manager_resets_it_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    manager = signup()
    tom = add_member(manager, email='tom@acme.test')
    tom_actor = login('tom@acme.test', 'temporary pass 42')
    original = security.hash_password
    reset: dict[str, object] = {}

    def hash_while_the_manager_resets(password: str) -> str:
        if not reset:  # the manager's reset lands while Tom's new password is being hashed
            reset['started'] = True
            reset['temporary'] = as_a_page_runs_it(member_admin.reset_member_password, actor=manager, member_id=tom)
        return original(password)

    monkeypatch.setattr(security, 'hash_password', hash_while_the_manager_resets)
    with pytest.raises(PermissionDenied, match='replaced meanwhile'):
        as_a_page_runs_it(profile.set_first_password, actor=tom_actor, new_password=NEW, confirm_password=NEW)
    login('tom@acme.test', str(reset['temporary']))  # the manager's temporary password is the one that works
