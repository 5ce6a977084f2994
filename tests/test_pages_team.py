"""/team: filters from the address, search, who may open it, and one organization never seeing another's."""

from nicegui import ui
from nicegui.testing import User

from models import Role
from services import member_admin
from services.db import session_scope
from tests import factories
from tests.test_pages_helpers import (
    MEMBER_PASSWORD,
    choose,
    emails_shown,
    eventually,
    field,
    log_in,
    member,
    open_team,
    see,
    table_rows,
    type_into,
)


async def test_filters_come_from_the_address_and_narrow_the_list(user: User) -> None:
    manager = factories.signup()
    factories.add_member(manager, email='ana@acme.test', name='Ana Active')
    factories.add_member(manager, email='ben@acme.test', name='Ben Active')
    gone = factories.add_member(manager, email='ivan@acme.test', name='Ivan Inactive')
    factories.add_member(manager, email='cora@acme.test', name='Cora Coordinator', role=Role.COORDINATOR)
    with session_scope(write=True) as db:
        member_admin.set_member_active(db=db, actor=manager, member_id=gone, active=False)
    await open_team(user, path='/team?status=active&role=technician')
    assert (field(user, 'Status').value, field(user, 'Role').value) == ('active', 'technician')
    await user.should_see(kind=ui.select, content='Active')
    assert emails_shown(user) == ['ana@acme.test', 'ben@acme.test']
    choose(user, 'Status', 'All')
    await eventually(lambda: emails_shown(user) == ['ana@acme.test', 'ben@acme.test', 'ivan@acme.test'])
    type_into(user, 'Search', 'INACT')  # any word of the name, regardless of case
    await eventually(lambda: emails_shown(user) == ['ivan@acme.test'])
    type_into(user, 'Search', 'ben@')
    await eventually(lambda: emails_shown(user) == ['ben@acme.test'])
    type_into(user, 'Search', 'nobody')
    await eventually(lambda: emails_shown(user) == [])


async def test_technician_gets_no_access_to_team(user: User) -> None:
    manager = factories.signup()
    member(manager, 'tom@acme.test')
    await log_in(user, 'tom@acme.test', MEMBER_PASSWORD, path='/login?next=/team')
    await see(user, 'No access')
    await user.should_not_see(ui.table)
    await user.should_not_see('New Member')


async def test_a_manager_never_sees_another_organizations_members(user: User) -> None:
    acme = factories.signup()
    factories.add_member(acme, email='tom@acme.test')
    factories.signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    await open_team(user, 'bob@bolt.test')
    assert emails_shown(user) == ['bob@bolt.test']
    await user.should_see('Active technicians: 0 / 3')
    type_into(user, 'Search', 'acme')
    await eventually(lambda: emails_shown(user) == [])
    await user.open('/team?search=tom&role=technician')
    assert emails_shown(user) == []


async def test_a_coordinator_sees_the_manager_listed_but_not_as_a_link(user: User) -> None:
    manager = factories.signup()
    member(manager, 'cora@acme.test', role=Role.COORDINATOR, name='Cora Coord')
    factories.add_member(manager, email='tom@acme.test')
    await open_team(user, 'cora@acme.test', MEMBER_PASSWORD)
    await eventually(lambda: len(table_rows(user)) == 3)
    assert {row['email']: row['openable'] for row in table_rows(user)} == {
        'maria@acme.test': False, 'cora@acme.test': True, 'tom@acme.test': True}


async def test_the_manager_may_open_every_row(user: User) -> None:
    manager = factories.signup()
    member(manager, 'cora@acme.test', role=Role.COORDINATOR, name='Cora Coord')
    await open_team(user)
    await eventually(lambda: len(table_rows(user)) == 2)
    assert all(row['openable'] for row in table_rows(user))
