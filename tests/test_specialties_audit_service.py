"""Specialty catalog, the Team filter by specialty, support roles, and the audit trail of member changes."""

import json
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from sqlmodel import select

from models import AuditEvent, Role, SupportRole
from services import audit, member_admin, members, specialties, support
from services.access import Actor
from services.db import session_scope
from services.errors import InvalidInput, NotFound, PermissionDenied
from tests.factories import add_member, login, signup
from tests.test_pages_helpers import MEMBER_PASSWORD, member

AGENT, SUPERVISOR = SupportRole.AGENT, SupportRole.SUPERVISOR
E = TypeVar('E', bound=Exception)


def do(action: Callable[..., Any], actor: Actor, **kwargs: Any) -> Any:
    with session_scope(write=True) as db:
        return action(db=db, actor=actor, **kwargs)


def catalog(actor: Actor) -> list[tuple[str, int]]:
    return [(s.name, s.members) for s in do(specialties.list_specialties, actor)]


def team(actor: Actor, **query: Any) -> list[str]:
    return [m.email for m in do(members.list_members, actor, query=members.MemberQuery(**query)).rows]


def refused(action: Callable[..., Any], actor: Actor, error: type[E], **kwargs: Any) -> E:
    with pytest.raises(error) as caught:
        do(action, actor, **kwargs)
    return caught.value


def test_catalog_add_rename_remove_refuses_duplicates_and_empty_names() -> None:
    manager = signup()
    hvac = do(specialties.add_specialty, manager, data={'name': '  HVAC '}).id
    do(specialties.add_specialty, manager, data={'name': 'Electrical'})
    for name in ('hvac', 'ELECTRICAL', '', '   ', 'x' * 61):
        assert set(refused(specialties.add_specialty, manager, InvalidInput, data={'name': name}).errors) == {'name'}
    assert set(refused(specialties.rename_specialty, manager, InvalidInput, specialty_id=hvac,
                       data={'name': 'electrical'}).errors) == {'name'}
    assert set(refused(specialties.rename_specialty, manager, InvalidInput, specialty_id=hvac,
                       data={'name': ' '}).errors) == {'name'}
    do(specialties.rename_specialty, manager, specialty_id=hvac, data={'name': 'Hvac'})  # only the case changes
    assert catalog(manager) == [('Electrical', 0), ('Hvac', 0)]
    do(specialties.remove_specialty, manager, specialty_id=hvac)
    assert catalog(manager) == [('Electrical', 0)]
    do(specialties.add_specialty, manager, data={'name': 'HVAC'})  # a removed name can be used again
    assert catalog(manager) == [('Electrical', 0), ('HVAC', 0)]


def test_other_organizations_specialty_is_not_found_and_technicians_are_refused() -> None:
    acme = signup()
    bolt = signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    theirs = do(specialties.add_specialty, bolt, data={'name': 'Welding'}).id
    for action, kwargs in ((specialties.rename_specialty, {'data': {'name': 'Mine'}}),
                           (specialties.remove_specialty, {})):
        foreign = refused(action, acme, NotFound, specialty_id=theirs, **kwargs)
        assert str(foreign) == str(refused(action, acme, NotFound, specialty_id=999_999, **kwargs))
    assert catalog(bolt) == [('Welding', 0)] and catalog(acme) == []
    member(acme, 'tom@acme.test')
    tech = login('tom@acme.test', MEMBER_PASSWORD)
    forbidden: list[tuple[Callable[..., Any], dict[str, Any]]] = [
        (specialties.list_specialties, {}), (specialties.add_specialty, {'data': {'name': 'A'}}),
        (specialties.rename_specialty, {'specialty_id': theirs, 'data': {'name': 'B'}}),
        (specialties.remove_specialty, {'specialty_id': theirs})]
    for action, kwargs in forbidden:
        refused(action, tech, PermissionDenied, **kwargs)
    assert catalog(acme) == []


def test_removing_a_specialty_untags_technicians_and_the_team_filters_by_it() -> None:
    manager = signup()
    add_member(manager, email='tom@acme.test', specialties=['HVAC', 'Electrical'])
    add_member(manager, email='tina@acme.test', name='Tina Tech', specialties=['hvac'])
    ids = {s.name: s.id for s in do(specialties.list_specialties, manager)}
    assert catalog(manager) == [('Electrical', 1), ('HVAC', 2)]
    assert team(manager, specialty_id=ids['HVAC']) == ['tina@acme.test', 'tom@acme.test']
    assert team(manager, specialty_id=ids['Electrical']) == ['tom@acme.test']
    do(specialties.remove_specialty, manager, specialty_id=ids['HVAC'])
    tagged = {m.email: m.specialties for m in do(members.list_members, manager, query=members.MemberQuery()).rows}
    assert tagged == {'maria@acme.test': [], 'tina@acme.test': [], 'tom@acme.test': ['Electrical']}
    assert team(manager, specialty_id=ids['HVAC']) == []


def test_only_the_manager_grants_support_roles_and_the_support_module_checks_them() -> None:
    manager = signup()
    tom = member(manager, 'tom@acme.test')
    member(manager, 'cora@acme.test', role=Role.COORDINATOR)
    cora, tech = login('cora@acme.test', MEMBER_PASSWORD), login('tom@acme.test', MEMBER_PASSWORD)

    def grant(actor: Actor, roles: list[SupportRole]) -> list[SupportRole]:
        return do(member_admin.update_member, actor, member_id=tom, data={'support_roles': roles}).support_roles

    def allowed(role: SupportRole) -> bool:
        try:
            do(support.require_support_role, tech, role=role)
        except PermissionDenied:
            return False
        return True

    assert (allowed(AGENT), allowed(SUPERVISOR)) == (False, False)
    refused(member_admin.update_member, cora, PermissionDenied, member_id=tom, data={'support_roles': [AGENT]})
    assert grant(manager, [AGENT]) == [AGENT]
    assert (allowed(AGENT), allowed(SUPERVISOR)) == (True, False)
    assert do(member_admin.get_member, cora, member_id=tom).member.support_roles == [AGENT]
    refused(member_admin.update_member, cora, PermissionDenied, member_id=tom, data={'support_roles': []})
    assert grant(manager, [SUPERVISOR]) == [SUPERVISOR]
    assert (allowed(AGENT), allowed(SUPERVISOR)) == (True, True)  # a supervisor may do what an agent may
    assert grant(manager, []) == []
    assert (allowed(AGENT), allowed(SUPERVISOR)) == (False, False)


def test_every_change_is_recorded_newest_first_without_any_password() -> None:
    manager = signup()
    tom = add_member(manager, email='tom@acme.test', specialties=['HVAC'])
    do(member_admin.update_member, manager, member_id=tom, data={'phone': '555 0100'})
    do(member_admin.update_member, manager, member_id=tom, data={'role': 'coordinator'})
    do(member_admin.update_member, manager, member_id=tom, data={'support_roles': [SUPERVISOR]})
    do(member_admin.update_member, manager, member_id=tom, data={'support_roles': []})
    do(member_admin.set_member_active, manager, member_id=tom, active=False)
    do(member_admin.set_member_active, manager, member_id=tom, active=True)
    temporary = do(member_admin.reset_member_password, manager, member_id=tom)
    events = do(audit.organization_history, manager)
    assert [(e.action, e.actor_name, e.target_name) for e in events] == [
        (action, 'Maria Manager', 'Tom Tech') for action in (
            'password_reset', 'reactivated', 'deactivated', 'support_roles_changed', 'support_roles_changed',
            'role_changed', 'edited', 'created')]
    assert [e.changes for e in events[1:7]] == [
        {'status': ['Inactive', 'Active']}, {'status': ['Active', 'Inactive']},
        {'support_roles': [['support_supervisor'], []]}, {'support_roles': [[], ['support_supervisor']]},
        {'role': ['technician', 'coordinator'], 'specialties': [['HVAC'], []]}, {'phone': ['', '555 0100']}]
    assert events[7].changes == {'full_name': [None, 'Tom Tech'], 'email': [None, 'tom@acme.test'],
                                 'role': [None, 'technician'], 'specialties': [None, ['HVAC']]}
    assert do(member_admin.get_member, manager, member_id=tom).history == events
    with session_scope() as db:
        stored = json.dumps([e.changes for e in db.exec(select(AuditEvent))])
    for secret in (temporary, 'temporary pass 42', '$argon2', 'hashed_password'):
        assert secret not in stored


def test_organization_history_is_for_the_manager_of_that_organization_only() -> None:
    acme = signup()
    bolt = signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    add_member(acme, email='tom@acme.test')
    add_member(bolt, email='tina@bolt.test', name='Tina Bolt')
    member(acme, 'cora@acme.test', role=Role.COORDINATOR, name='Cora Coord')
    member(acme, 'tess@acme.test', name='Tess Tech')
    for email in ('cora@acme.test', 'tess@acme.test'):
        refused(audit.organization_history, login(email, MEMBER_PASSWORD), PermissionDenied)
    assert {e.target_name for e in do(audit.organization_history, acme)} == {'Tom Tech', 'Cora Coord', 'Tess Tech'}
    assert [e.target_name for e in do(audit.organization_history, bolt)] == ['Tina Bolt']
