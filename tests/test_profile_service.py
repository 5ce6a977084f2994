"""A member's own profile and password (services.profile), including the first-password flow."""

import pytest

from services import auth, profile
from services.access import Actor
from services.db import session_scope
from services.errors import AuthenticationFailed, InvalidInput, PermissionDenied
from tests.factories import STRONG_PASSWORD, add_member, get_user, login, signup

TEMP = 'temporary pass 42'
NEW = 'my own quiet meadow'


def _first_password(actor: Actor, new: str = NEW, confirm: str | None = None) -> None:
    with session_scope(write=True) as db:
        profile.set_first_password(db=db, actor=actor, new_password=new, confirm_password=confirm or new)


def _session(email: str, password: str) -> tuple[str, Actor]:
    with session_scope(write=True) as db:
        handoff = auth.login(email=email, password=password).handoff
    with session_scope(write=True) as db:
        token = auth.complete_login(db=db, handoff=handoff)
        actor = auth.resolve_session(db=db, token=token)
    assert token is not None and actor is not None
    return token, actor


def test_first_password_must_differ_from_the_temporary_one_and_be_confirmed() -> None:
    add_member(signup(), email='tom@acme.test')
    tom = login('tom@acme.test', TEMP)
    with pytest.raises(InvalidInput) as same:
        _first_password(tom, TEMP)
    with pytest.raises(InvalidInput) as mismatch:
        _first_password(tom, NEW, NEW + '!')
    with pytest.raises(InvalidInput) as weak:
        _first_password(tom, 'password123')
    assert set(same.value.errors) == {'new_password'} and set(mismatch.value.errors) == {'confirm_password'}
    assert set(weak.value.errors) == {'new_password'}
    assert get_user(tom.user_id).must_change_password is True
    assert login('tom@acme.test', TEMP).must_change_password is True  # the temporary one still works


def test_first_password_replaces_the_temporary_one_and_ends_other_sessions() -> None:
    add_member(signup(), email='tom@acme.test')
    (_, tom), (other_token, _) = _session('tom@acme.test', TEMP), _session('tom@acme.test', TEMP)
    _first_password(tom)
    user = get_user(tom.user_id)
    assert user.must_change_password is False and user.temporary_password_expires_at is None
    with pytest.raises(AuthenticationFailed):
        login('tom@acme.test', TEMP)
    assert login('tom@acme.test', NEW).must_change_password is False
    with session_scope() as db:
        assert profile.get_profile(db=db, actor=tom).email == 'tom@acme.test'  # this session goes on
        assert auth.resolve_session(db=db, token=other_token) is None  # the other one was revoked
    with pytest.raises(PermissionDenied):
        _first_password(tom, 'yet another meadow')  # only once


def test_change_password_needs_the_current_one() -> None:
    manager = signup()
    with session_scope(write=True) as db, pytest.raises(InvalidInput) as caught:
        profile.change_password(db=db, actor=manager, current_password='wrong one', new_password=NEW,
                                confirm_password=NEW)
    assert set(caught.value.errors) == {'current_password'}
    assert login(manager.email).user_id == manager.user_id  # the old password still works


def test_change_password_replaces_the_old_one() -> None:
    manager = signup()
    with session_scope(write=True) as db:
        profile.change_password(db=db, actor=manager, current_password=STRONG_PASSWORD, new_password=NEW,
                                confirm_password=NEW)
    with pytest.raises(AuthenticationFailed):
        login(manager.email, STRONG_PASSWORD)
    assert login(manager.email, NEW).user_id == manager.user_id


@pytest.mark.parametrize(('data', 'field'), [({'full_name': ' '}, 'full_name'), ({'phone': 'call me'}, 'phone'),
                                             ({'phone': '1' * 41}, 'phone')])
def test_update_profile_validates_name_and_phone(data: dict[str, str], field: str) -> None:
    manager = signup()
    with session_scope(write=True) as db, pytest.raises(InvalidInput) as caught:
        profile.update_profile(db=db, actor=manager, data=data)
    assert set(caught.value.errors) == {field}
    assert (get_user(manager.user_id).full_name, get_user(manager.user_id).phone) == ('Maria Manager', '')


def test_update_profile_saves_cleaned_name_and_phone() -> None:
    manager = signup()
    with session_scope(write=True) as db:
        saved = profile.update_profile(db=db, actor=manager,
                                       data={'full_name': ' Maria  M. ', 'phone': '+1 (555) 010-2'})
    stored = get_user(manager.user_id)
    assert saved.full_name == stored.full_name == 'Maria M.'
    assert stored.phone == '+1 (555) 010-2'
