"""One member's administration: view, edit, deactivate / reactivate, reset password (services.member_admin)."""

from collections.abc import Callable
from typing import Any

import pytest

from models import Role, User
from services import auth, member_admin, security
from services.access import Actor
from services.db import session_scope
from services.errors import AuthenticationFailed, InvalidInput, NotFound, PermissionDenied
from tests.factories import STRONG_PASSWORD, add_member, get_user, login, signup
from tests.test_pages_helpers import MEMBER_PASSWORD, member

TEMP = 'temporary pass 42'
ACTIONS: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {
    'get': (member_admin.get_member, {}), 'update': (member_admin.update_member, {'data': {'phone': '555 0100'}}),
    'deactivate': (member_admin.set_member_active, {'active': False}),
    'reset': (member_admin.reset_member_password, {}), 'sign_out': (member_admin.sign_member_out, {})}


def run(name: str, actor: Actor, member_id: int, **kwargs: Any) -> Any:
    action, defaults = ACTIONS[name]
    with session_scope(write=True) as db:
        return action(db=db, actor=actor, member_id=member_id, **{**defaults, **kwargs})


def token_for(email: str, password: str) -> str:
    ticket = auth.login(email=email, password=password)
    with session_scope(write=True) as db:
        token = auth.complete_login(db=db, handoff=ticket.handoff)
    assert token is not None
    return token


def still_signed_in(token: str) -> bool:
    with session_scope() as db:
        return auth.resolve_session(db=db, token=token) is not None


def login_error(email: str, password: str) -> str:
    with pytest.raises(AuthenticationFailed) as caught:
        login(email, password)
    return str(caught.value)


def test_manager_edits_name_phone_and_email() -> None:
    manager = signup()
    tom = add_member(manager, email='tom@acme.test')
    shown = run('update', manager, tom, data={'full_name': ' Thomas   Tech ', 'phone': '+1 (555) 010-0100',
                                               'email': ' Thomas@ACME.test'})
    saved = get_user(tom)
    assert (shown.full_name, shown.phone, shown.email) == ('Thomas Tech', '+1 (555) 010-0100', 'thomas@acme.test')
    assert (saved.full_name, saved.phone, saved.email) == (shown.full_name, shown.phone, shown.email)
    assert login('THOMAS@acme.test', TEMP).user_id == tom
    assert login_error('tom@acme.test', TEMP) == str(AuthenticationFailed())  # the old email no longer logs in


@pytest.mark.parametrize('email', ['MARIA@acme.test', 'Cora@Acme.Test', ' cora@acme.test '])
def test_email_in_use_regardless_of_case_is_refused_on_email(email: str) -> None:
    manager = signup()
    add_member(manager, email='cora@acme.test', role=Role.COORDINATOR)
    tom = add_member(manager, email='tom@acme.test')
    with pytest.raises(InvalidInput) as caught:
        run('update', manager, tom, data={'email': email, 'phone': '555 0199'})
    assert caught.value.errors == {'email': 'A member of your team already uses this email.'}
    assert (get_user(tom).email, get_user(tom).phone) == ('tom@acme.test', '')
    assert run('update', manager, tom, data={'email': 'TOM@acme.test'}).email == 'tom@acme.test'  # one's own: fine


def test_deactivated_member_cannot_log_in_and_is_signed_out_at_once_history_kept() -> None:
    manager = signup()
    tom = member(manager, 'tom@acme.test')
    token = token_for('tom@acme.test', MEMBER_PASSWORD)
    assert still_signed_in(token)
    assert run('deactivate', manager, tom).is_active is False
    assert not still_signed_in(token)
    assert login_error('tom@acme.test', MEMBER_PASSWORD) == login_error('tom@acme.test', 'wrong password 123')
    assert [event.action for event in run('get', manager, tom).history] == ['deactivated', 'created']
    assert run('deactivate', manager, tom, active=True).is_active is True
    assert not still_signed_in(token)  # the old session does not come back
    assert login('tom@acme.test', MEMBER_PASSWORD).user_id == tom
    assert [event.action for event in run('get', manager, tom).history][:2] == ['reactivated', 'deactivated']


def test_main_manager_cannot_be_changed_by_anyone_else() -> None:
    maria = signup()
    with session_scope(write=True) as db:  # a second manager: the app has no way to make one yet
        db.add(User(organization_id=maria.organization_id, full_name='Max Second', email='max@acme.test',
                    role=Role.MANAGER, sort_name='max second', hashed_password=security.hash_password(STRONG_PASSWORD)))
    max_ = login('max@acme.test')
    before = get_user(maria.user_id)
    detail = run('get', max_, maria.user_id)
    assert not (detail.can_edit or detail.can_change_role or detail.can_change_status or detail.can_grant_support)
    for name, kwargs in (('update', {}), ('update', {'data': {'role': 'coordinator'}}),
                         ('update', {'data': {'full_name': 'Someone'}}), ('deactivate', {}), ('reset', {}),
                         ('sign_out', {})):
        with pytest.raises(PermissionDenied):
            run(name, max_, maria.user_id, **kwargs)
    after = get_user(maria.user_id)
    assert (after.role, after.is_active, after.full_name, after.phone, after.hashed_password) == (
        Role.MANAGER, True, 'Maria Manager', '', before.hashed_password)
    with pytest.raises(PermissionDenied):
        run('deactivate', maria, maria.user_id)  # not even by herself
    assert run('update', maria, maria.user_id, data={'phone': '555 0100'}).phone == '555 0100'


def test_coordinator_can_neither_open_nor_change_the_manager() -> None:
    manager = signup()
    member(manager, 'cora@acme.test', role=Role.COORDINATOR, name='Cora Coord')
    cora = login('cora@acme.test', MEMBER_PASSWORD)
    tom = add_member(manager, email='tom@acme.test')
    assert run('get', cora, tom).can_edit is True  # a coordinator does manage technicians
    for name in ACTIONS:
        with pytest.raises(PermissionDenied):
            run(name, cora, manager.user_id)
    assert (get_user(manager.user_id).phone, get_user(manager.user_id).is_active) == ('', True)


@pytest.mark.parametrize('name', list(ACTIONS))
def test_another_organizations_member_looks_exactly_like_a_missing_one(name: str) -> None:
    acme = signup()
    bolt = signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    bolt_tech = add_member(bolt, email='tina@bolt.test')
    with pytest.raises(NotFound) as foreign:
        run(name, acme, bolt_tech)
    for missing_id in (999_999, 0, -1, 2**64):  # 2**64 overflowed SQLite's INTEGER (was an unhandled error)
        with pytest.raises(NotFound) as missing:
            run(name, acme, missing_id)
        assert str(foreign.value) == str(missing.value)
    assert (get_user(bolt_tech).is_active, get_user(bolt_tech).phone) == (True, '')


@pytest.mark.parametrize('name', list(ACTIONS))
def test_technician_can_call_none_of_these(name: str) -> None:
    manager = signup()
    tom = member(manager, 'tom@acme.test')
    other = add_member(manager, email='tina@acme.test', name='Tina Tech')
    tech = login('tom@acme.test', MEMBER_PASSWORD)
    for target in (other, tom, manager.user_id):
        with pytest.raises(PermissionDenied):
            run(name, tech, target)
    assert (get_user(other).is_active, get_user(other).phone) == (True, '')


def test_reset_password_issues_a_working_temporary_password_and_ends_sessions() -> None:
    manager = signup()
    tom = member(manager, 'tom@acme.test')
    token = token_for('tom@acme.test', MEMBER_PASSWORD)
    temporary = run('reset', manager, tom)
    assert isinstance(temporary, str) and len(temporary) >= 8
    assert not still_signed_in(token)
    login_error('tom@acme.test', MEMBER_PASSWORD)
    assert login('tom@acme.test', temporary).must_change_password is True
    assert get_user(tom).must_change_password is True and temporary not in get_user(tom).hashed_password
    assert run('reset', manager, tom) != temporary  # each reset gives a fresh one


def test_nobody_resets_their_own_password_there() -> None:
    manager = signup()
    member(manager, 'cora@acme.test', role=Role.COORDINATOR)
    for actor, password in ((manager, STRONG_PASSWORD), (login('cora@acme.test', MEMBER_PASSWORD), MEMBER_PASSWORD)):
        with pytest.raises(PermissionDenied):
            run('reset', actor, actor.user_id)
        assert login(actor.email, password).must_change_password is False


def test_signing_a_member_out_ends_every_session_keeps_the_password_and_is_recorded() -> None:
    manager = signup()
    member(manager, 'cora@acme.test', role=Role.COORDINATOR, name='Cora Coord')
    tom = member(manager, 'tom@acme.test')
    phone, tablet = token_for('tom@acme.test', MEMBER_PASSWORD), token_for('tom@acme.test', MEMBER_PASSWORD)
    cora = login('cora@acme.test', MEMBER_PASSWORD)
    run('sign_out', cora, tom)  # a coordinator manages technicians
    assert not still_signed_in(phone) and not still_signed_in(tablet)
    assert login('tom@acme.test', MEMBER_PASSWORD).must_change_password is False  # same password, no reset
    history = run('get', manager, tom).history
    assert (history[0].action, history[0].actor_name) == ('signed_out', 'Cora Coord')


def test_nobody_signs_themselves_out_there() -> None:
    manager = signup()
    own = token_for('maria@acme.test', STRONG_PASSWORD)
    with pytest.raises(PermissionDenied, match='from My Profile'):
        run('sign_out', manager, manager.user_id)
    assert still_signed_in(own)
