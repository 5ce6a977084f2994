"""Access control (ASVS V8): every service checks organization and role, another organization's ids look missing,
pages refuse lower roles, redirects after login stay local, and user text is shown as text."""

import io
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from nicegui import ElementFilter, ui
from nicegui.testing import User
from PIL import Image
from sqlmodel import Session

from models import ALL_ROLES, STAFF_ROLES, Role
from pages.access import safe_next
from services import audit, billing, member_admin, members, organization, profile, sessions, specialties
from services.access import Actor
from services.db import get_engine, session_scope
from services.errors import NotFound, PermissionDenied
from tests import factories
from tests.factories import STRONG_PASSWORD
from tests.test_security_sessions import MEMBER_PASSWORD, member, sign_in


@dataclass(frozen=True)
class World:
    actors: dict[Role, Actor]
    target: int  # a technician of Acme every staff action may touch
    specialty: int
    foreign_member: int  # Other Org's
    foreign_specialty: int


def world() -> World:
    manager = factories.signup()
    member(manager, 'cora@acme.test', role=Role.COORDINATOR, name='Cora Coord')
    member(manager, 'tom@acme.test')
    target = factories.add_member(manager, email='tia@acme.test', name='Tia Tech', specialties=['HVAC'])
    other = factories.signup(org='Other Org', name='Olga Other', email='olga@other.test')
    foreign = factories.add_member(other, email='oscar@other.test', name='Oscar Other', specialties=['Roofing'])
    with session_scope() as db:
        ids = {s.name: s.id for a in (manager, other) for s in specialties.list_specialties(db=db, actor=a)}
    return World({Role.MANAGER: manager, Role.COORDINATOR: factories.login('cora@acme.test', MEMBER_PASSWORD),
                  Role.TECHNICIAN: factories.login('tom@acme.test', MEMBER_PASSWORD)},
                 target, ids['HVAC'], foreign, ids['Roofing'])


def password_of(actor: Actor) -> str:
    return STRONG_PASSWORD if actor.role == Role.MANAGER else MEMBER_PASSWORD


def png() -> bytes:
    out = io.BytesIO()
    Image.new('RGB', (4, 4), 'red').save(out, format='PNG')
    return out.getvalue()


Action = Callable[[Session, Actor, World], object]
MANAGER = frozenset({Role.MANAGER})
ACTIONS: dict[str, tuple[frozenset[Role], Action]] = {
    'members.list_members': (STAFF_ROLES, lambda db, a, w: members.list_members(
        db=db, actor=a, query=members.MemberQuery())),
    'members.create_member': (STAFF_ROLES, lambda db, a, w: members.create_member(db=db, actor=a, data={
        'full_name': 'Nina New', 'email': 'nina@acme.test', 'role': 'coordinator',
        'temporary_password': 'temporary pass 42'})),
    'members.technician_usage': (STAFF_ROLES, lambda db, a, w: members.technician_usage(db=db, actor=a)),
    'member_admin.get_member': (STAFF_ROLES, lambda db, a, w: member_admin.get_member(
        db=db, actor=a, member_id=w.target)),
    'member_admin.update_member': (STAFF_ROLES, lambda db, a, w: member_admin.update_member(
        db=db, actor=a, member_id=w.target, data={'phone': '555 0100'})),
    'member_admin.set_member_active': (STAFF_ROLES, lambda db, a, w: member_admin.set_member_active(
        db=db, actor=a, member_id=w.target, active=False)),
    'member_admin.reset_member_password': (STAFF_ROLES, lambda db, a, w: member_admin.reset_member_password(
        db=db, actor=a, member_id=w.target)),
    'member_admin.sign_member_out': (STAFF_ROLES, lambda db, a, w: member_admin.sign_member_out(
        db=db, actor=a, member_id=w.target)),
    'specialties.list_specialties': (STAFF_ROLES, lambda db, a, w: specialties.list_specialties(db=db, actor=a)),
    'specialties.specialty_names': (STAFF_ROLES, lambda db, a, w: specialties.specialty_names(db=db, actor=a)),
    'specialties.add_specialty': (STAFF_ROLES, lambda db, a, w: specialties.add_specialty(
        db=db, actor=a, data={'name': 'Plumbing'})),
    'specialties.rename_specialty': (STAFF_ROLES, lambda db, a, w: specialties.rename_specialty(
        db=db, actor=a, specialty_id=w.specialty, data={'name': 'Heating'})),
    'specialties.remove_specialty': (STAFF_ROLES, lambda db, a, w: specialties.remove_specialty(
        db=db, actor=a, specialty_id=w.specialty)),
    'audit.organization_history': (MANAGER, lambda db, a, w: audit.organization_history(db=db, actor=a)),
    'billing.get_subscription': (MANAGER, lambda db, a, w: billing.get_subscription(db=db, actor=a)),
    'billing.change_plan': (MANAGER, lambda db, a, w: billing.change_plan(db=db, actor=a, plan_code='basic')),
    'organization.rename_organization': (MANAGER, lambda db, a, w: organization.rename_organization(
        db=db, actor=a, data={'name': 'Acme Renamed'})),
    'organization.set_logo': (MANAGER, lambda db, a, w: organization.set_logo(db=db, actor=a, content=png())),
    'organization.remove_logo': (MANAGER, lambda db, a, w: organization.remove_logo(db=db, actor=a)),
    'organization.get_organization': (ALL_ROLES, lambda db, a, w: organization.get_organization(db=db, actor=a)),
    'sessions.list_sessions': (ALL_ROLES, lambda db, a, w: sessions.list_sessions(db=db, actor=a)),
    'sessions.sign_out_other_sessions': (ALL_ROLES, lambda db, a, w: sessions.sign_out_other_sessions(
        db=db, actor=a, password=password_of(a))),
    'profile.update_profile': (ALL_ROLES, lambda db, a, w: profile.update_profile(
        db=db, actor=a, data={'phone': '555'})),
}


def run(action: Action, actor: Actor, w: World) -> object:
    """Run the action in a transaction that is rolled back, so every role meets the same data."""
    with Session(get_engine()) as db:
        try:
            return action(db, actor, w)
        finally:
            db.rollback()


@pytest.mark.parametrize('name', list(ACTIONS))
def test_every_service_action_refuses_lower_roles(name: str, caplog: pytest.LogCaptureFixture) -> None:
    allowed, action = ACTIONS[name]
    w = world()
    caplog.set_level(logging.INFO, logger='mobilos.security')
    for role, actor in w.actors.items():
        caplog.clear()
        if role in allowed:
            run(action, actor, w)  # the same call works for a permitted role
            continue
        with pytest.raises(PermissionDenied, match=r'^You do not have access to this\.$'):
            run(action, actor, w)
        logged = [json.loads(r.getMessage()) for r in caplog.records if r.name == 'mobilos.security']
        assert {'event': 'authorization_denied', 'user_id': actor.user_id} in [
            {k: e.get(k) for k in ('event', 'user_id')} for e in logged]


MEMBER_ACTIONS = [name for name in ACTIONS if name.startswith('member_admin.')]
SPECIALTY_ACTIONS = ['specialties.rename_specialty', 'specialties.remove_specialty']


@pytest.mark.parametrize('name', MEMBER_ACTIONS + SPECIALTY_ACTIONS)
def test_another_organizations_ids_look_exactly_like_missing_ones(name: str) -> None:
    w = world()
    field = 'target' if name.startswith('member_admin.') else 'specialty'
    foreign = w.foreign_member if field == 'target' else w.foreign_specialty
    for role in STAFF_ROLES:
        messages = []
        for some_id in (foreign, 999_999):
            other = World(**{**w.__dict__, field: some_id})
            with pytest.raises(NotFound) as refused:
                run(ACTIONS[name][1], w.actors[role], other)
            messages.append(str(refused.value))
        assert messages[0] == messages[1]
    with session_scope() as db:  # nor does Acme's member list show or filter by Other Org's data
        found: Any = members.list_members(db=db, actor=w.actors[Role.MANAGER], query=members.MemberQuery(
            search='oscar', specialty_id=w.foreign_specialty))
    assert found.total == 0


@pytest.mark.parametrize(('role', 'paths'), [
    (Role.TECHNICIAN, ['/team', '/team/{target}', '/specialties', '/activity', '/billing', '/organization']),
    (Role.COORDINATOR, ['/activity', '/billing', '/organization', '/team/{manager}'])])
async def test_pages_refuse_lower_roles(user: User, role: Role, paths: list[str]) -> None:
    w = world()
    await sign_in(user, w.actors[role].email, MEMBER_PASSWORD)
    for path in paths:
        await user.open(path.format(target=w.target, manager=w.actors[Role.MANAGER].user_id))
        await user.should_see('No access')
        await user.should_not_see('Tia Tech')
    await user.open('/team' if role == Role.COORDINATOR else '/profile')  # what the role may open still works
    await user.should_not_see('No access')


def page_texts(user: User) -> list[str]:
    with user:
        return [str(getattr(e, 'text', '')) for e in ElementFilter(local_scope=False)]


async def test_another_organizations_member_page_looks_like_a_missing_one(user: User) -> None:
    w = world()
    await sign_in(user, 'maria@acme.test')
    texts = []
    for path in [f'/team/{w.foreign_member}', '/team/999999', '/team/not-a-number', f'/team/{2**70}']:
        await user.open(path)
        await user.should_see('Member not found')
        texts.append(page_texts(user))
    assert all(t == texts[0] for t in texts)
    await user.should_not_see('Oscar Other')


HOSTILE_NEXT = ['//evil.com', 'https://evil.com', '/\\evil.com', 'javascript:alert(1)', '\\\\evil.com',
                'evil.com', '/\t/evil.com', '%2F%2Fevil.com', ' //evil.com', '']


@pytest.mark.parametrize('target', HOSTILE_NEXT)
def test_safe_next_accepts_only_local_paths(target: str) -> None:
    assert safe_next(target) in {'/', target}
    assert not safe_next(target).startswith('//') and safe_next(target).startswith('/')
    assert safe_next('/team?status=active') == '/team?status=active'


async def test_redirect_after_login_never_leaves_the_site(user: User) -> None:
    factories.signup()
    for target in HOSTILE_NEXT:
        location = (await sign_in(user, 'maria@acme.test', next_path=target)).headers['location']
        assert location.startswith('/') and not location.startswith(('//', '/\\')) and '\t' not in location, target


async def test_member_names_are_shown_as_text_never_as_html(user: User) -> None:
    name = '<img src=x onerror=alert(1)>'
    tom = factories.add_member(factories.signup(), email='x@acme.test', name=name)
    await sign_in(user, 'maria@acme.test')
    for path in ['/team', f'/team/{tom}']:
        response = await user.http_client.get(path)
        assert response.status_code == 200 and '<img src=x' not in response.text  # escaped in the page's data
        await user.open(path)
        with user:
            assert not list(ElementFilter(kind=ui.html, local_scope=False))
            tables = list(ElementFilter(kind=ui.table, local_scope=False))
            assert all('v-html' not in (slot.template or '') for t in tables for slot in t.slots.values())
        if path == '/team':
            assert [row['name'] for row in tables[0].rows if 'img' in row['name']] == [name]
        else:
            await user.should_see(kind=ui.label, content=name)
