"""Team members: creating, permissions, tenant isolation, search and specialties (services.members)."""

import dataclasses
from datetime import timedelta

import pytest
from sqlmodel import func, select

from models import MemberSpecialty, Role, Specialty, User, utcnow
from services import members, profile
from services.access import Actor
from services.db import session_scope
from services.errors import InvalidInput, PermissionDenied
from services.members import MemberPage, MemberQuery
from tests.factories import add_member, get_user, login, signup

TEMP = 'temporary pass 42'
NEW = 'my own quiet meadow'


def _count(model: type) -> int:
    with session_scope() as db:
        return db.exec(select(func.count()).select_from(model)).one()


def _list(actor: Actor, **query: object) -> MemberPage:
    with session_scope() as db:
        return members.list_members(db=db, actor=actor, query=MemberQuery(**query))  # type: ignore[arg-type]


def _member_actor(manager: Actor, email: str, role: Role) -> Actor:
    """A coordinator or technician who has logged in and replaced the temporary password."""
    add_member(manager, email=email, role=role)
    with session_scope(write=True) as db:
        profile.set_first_password(db=db, actor=login(email, TEMP), new_password=NEW, confirm_password=NEW)
    return login(email, NEW)


def test_manager_creates_coordinator_and_technician_with_temporary_passwords() -> None:
    manager = signup()
    coord_id = add_member(manager, email='cora@acme.test', role=Role.COORDINATOR, name='Cora Coord')
    tech_id = add_member(manager, email='Tom@Acme.test', role=Role.TECHNICIAN)
    for user_id, role in ((coord_id, Role.COORDINATOR), (tech_id, Role.TECHNICIAN)):
        user = get_user(user_id)
        assert user.role == role and user.organization_id == manager.organization_id
        assert user.must_change_password is True and user.is_main_manager is False
        assert user.temporary_password_expires_at is not None
        assert timedelta(days=6) < user.temporary_password_expires_at - utcnow() <= timedelta(days=7)
    assert get_user(tech_id).email == 'tom@acme.test'
    assert login('tom@acme.test', TEMP).must_change_password is True
    assert _list(manager).total == 3


@pytest.mark.parametrize('email', ['tom@acme.test', 'TOM@ACME.TEST', ' Tom@acme.test ', 'maria@acme.test'])
def test_email_is_unique_regardless_of_case(email: str) -> None:
    manager = signup()
    add_member(manager, email='tom@acme.test')
    with pytest.raises(InvalidInput) as caught:
        add_member(manager, email=email, role=Role.COORDINATOR)
    assert set(caught.value.errors) == {'email'}
    assert _count(User) == 2


@pytest.mark.parametrize(('changes', 'field'), [
    ({'name': '  '}, 'full_name'),
    ({'email': 'tom@'}, 'email'),
    ({'password': 'short1'}, 'temporary_password'),
    ({'password': 'qwerty123'}, 'temporary_password'),
    ({'password': 'hi-tomtech-1'}, 'temporary_password'),  # contains the email name
    ({'role': Role.MANAGER}, 'role'),
    ({'role': 'admin'}, 'role'),
])
def test_invalid_member_is_refused_per_field_and_saves_nothing(changes: dict[str, object], field: str) -> None:
    manager = signup()
    with pytest.raises(InvalidInput) as caught:
        add_member(manager, **{'email': 'tomtech@acme.test', 'specialties': ['HVAC'], **changes})  # type: ignore[arg-type]
    assert field in caught.value.errors
    assert (_count(User), _count(Specialty)) == (1, 0)


def test_every_problem_of_the_form_is_named_at_the_first_try() -> None:
    manager = signup()
    with pytest.raises(InvalidInput) as caught:
        add_member(manager, email='not an address', name='', password='short')
    assert caught.value.errors == {'full_name': 'This field is required.', 'email': 'Enter a valid email address.',
                                   'temporary_password': 'Use at least 8 characters.'}
    assert _count(User) == 1


def test_technician_may_not_list_or_create_members() -> None:
    manager = signup()
    tech = _member_actor(manager, 'tom@acme.test', Role.TECHNICIAN)
    with pytest.raises(PermissionDenied):
        _list(tech)
    with pytest.raises(PermissionDenied):
        add_member(tech, email='new@acme.test')
    assert _count(User) == 2


def test_member_must_set_a_password_before_doing_anything() -> None:
    manager = signup()
    add_member(manager, email='cora@acme.test', role=Role.COORDINATOR)
    with pytest.raises(PermissionDenied, match='Set a new password first'):
        _list(login('cora@acme.test', TEMP))


def test_coordinator_can_create_technicians_and_coordinators() -> None:
    coordinator = _member_actor(signup(), 'cora@acme.test', Role.COORDINATOR)
    add_member(coordinator, email='tom@acme.test', role=Role.TECHNICIAN)
    add_member(coordinator, email='carl@acme.test', role=Role.COORDINATOR, name='Carl Coord')
    assert _list(coordinator, role=Role.COORDINATOR).total == 2
    assert _list(coordinator, role=Role.TECHNICIAN).total == 1


def test_organizations_never_see_or_touch_each_other() -> None:
    acme = signup()
    add_member(acme, email='tom@acme.test')
    other = signup(org='Beta Repairs', name='Bob Boss', email='bob@beta.test')
    add_member(other, email='tina@beta.test', name='Tina Tech')
    assert {m.email for m in _list(acme).rows} == {'maria@acme.test', 'tom@acme.test'}
    assert {m.email for m in _list(other).rows} == {'bob@beta.test', 'tina@beta.test'}
    assert _list(acme, search='tina').total == 0 and _list(acme, search='beta').total == 0
    forged = dataclasses.replace(acme, organization_id=other.organization_id)
    with pytest.raises(PermissionDenied):
        _list(forged)
    with pytest.raises(PermissionDenied):
        add_member(forged, email='mole@beta.test')
    assert _count(User) == 4


def test_search_filters_and_pagination() -> None:
    manager = signup()
    for i in range(5):
        add_member(manager, email=f'tech{i}@acme.test', name=f'Tech Number{i}', role=Role.COORDINATOR)
    add_member(manager, email='zed@elsewhere.test', name='Zed Zulu', role=Role.TECHNICIAN)
    with session_scope(write=True) as db:
        db.exec(select(User).where(User.email == 'tech4@acme.test')).one().is_active = False
    assert [m.full_name for m in _list(manager, search='  zULU ').rows] == ['Zed Zulu']
    assert _list(manager, search='ELSEWHERE').total == 1
    assert _list(manager, search='%').total == 0  # wildcards are literal
    assert _list(manager, status='inactive').total == 1
    assert _list(manager, status='active').total == 6
    assert _list(manager, role=Role.TECHNICIAN).total == 1
    page = _list(manager, page=2, page_size=4)
    assert (page.total, len(page.rows)) == (7, 3)
    assert {m.id for m in page.rows}.isdisjoint({m.id for m in _list(manager, page=1, page_size=4).rows})


def test_specialties_are_deduplicated_shared_and_only_for_technicians() -> None:
    manager = signup()
    tom = add_member(manager, email='tom@acme.test', specialties=['HVAC', ' hvac ', 'Electrical'])
    tina = add_member(manager, email='tina@acme.test', specialties=['Hvac', 'Plumbing'])
    add_member(manager, email='cora@acme.test', role=Role.COORDINATOR, specialties=['Scheduling'])
    rows = {m.id: m.specialties for m in _list(manager).rows}
    assert rows[tom] == ['Electrical', 'HVAC'] and rows[tina] == ['HVAC', 'Plumbing']
    assert _count(Specialty) == 3 and _count(MemberSpecialty) == 4
