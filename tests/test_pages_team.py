"""/team: the member list, its filters, the New Member flow and the plan's technician cap."""

from urllib.parse import quote

import pytest
from nicegui import ui
from nicegui.testing import User

from models import Role
from services import member_admin
from services.db import session_scope
from services.security import GENERATED_ALPHABET
from tests import factories
from tests.factories import STRONG_PASSWORD
from tests.test_pages_helpers import (
    MEMBER_PASSWORD,
    choose,
    click,
    count_members,
    dialog_open,
    emails_shown,
    eventually,
    field,
    log_in,
    member,
    see,
    table_rows,
    texts_in_dialog,
    type_into,
)


async def open_team(user: User, email: str = 'maria@acme.test', password: str = STRONG_PASSWORD,
                    path: str = '/team') -> None:
    await log_in(user, email, password, path=f'/login?next={quote(path)}')
    await see(user, 'New Member')


async def open_new_member_form(user: User) -> None:
    click(user, 'New Member')
    await eventually(lambda: dialog_open(user, 'New member'))


async def test_new_member_shows_credentials_once_and_joins_the_table(user: User) -> None:
    factories.signup()
    await open_team(user)
    await open_new_member_form(user)
    type_into(user, 'Full name', 'Tom Tech')
    type_into(user, 'Email', 'tom@acme.test')
    user.find(kind=ui.select, content='Specialties').trigger('update:modelValue', ['HVAC'])  # typed + Enter
    click(user, 'Generate')
    password = field(user, 'Temporary password').value
    click(user, 'Create member')
    await eventually(lambda: dialog_open(user, 'Member created'))
    assert not dialog_open(user, 'New member')
    assert {'tom@acme.test', password} <= set(texts_in_dialog(user, 'Member created'))
    await see(user, 'Active technicians: 1 / 3')
    tom = next(row for row in table_rows(user) if row['email'] == 'tom@acme.test')
    assert (tom['name'], tom['role'], tom['status'], tom['specialties']) == ('Tom Tech', 'Technician', 'Active', 'HVAC')
    factories.login('tom@acme.test', password)  # the password shown is the one that works
    click(user, 'Done')
    await eventually(lambda: not dialog_open(user, 'Member created'))


async def test_duplicate_email_is_refused_next_to_the_email_field(user: User) -> None:
    manager = factories.signup()
    factories.add_member(manager, email='tom@acme.test')
    await open_team(user)
    await open_new_member_form(user)
    type_into(user, 'Full name', 'Another Tom')
    type_into(user, 'Email', 'TOM@acme.test')
    click(user, 'Generate')
    click(user, 'Create member')
    await eventually(lambda: field(user, 'Email').error == 'This email is already in use.')
    assert dialog_open(user, 'New member')
    assert not dialog_open(user, 'Member created')
    assert count_members(email='tom@acme.test') == 1
    assert count_members(full_name='Another Tom') == 0


async def test_specialties_are_asked_only_for_technicians(user: User) -> None:
    factories.signup()
    await open_team(user)
    await open_new_member_form(user)
    await user.should_see(kind=ui.select, content='Specialties')
    choose(user, 'Role', 'Coordinator', within='New member')  # not the Role filter of the page
    await user.should_not_see(kind=ui.select, content='Specialties')
    choose(user, 'Role', 'Technician', within='New member')
    await user.should_see(kind=ui.select, content='Specialties')


async def test_generate_fills_a_fresh_14_character_password(user: User) -> None:
    factories.signup()
    await open_team(user)
    await open_new_member_form(user)
    click(user, 'Generate')
    first = field(user, 'Temporary password').value
    assert len(first) == 14 and set(first) <= set(GENERATED_ALPHABET)
    click(user, 'Generate')
    assert field(user, 'Temporary password').value != first


@pytest.mark.parametrize('role', [Role.MANAGER, Role.COORDINATOR])
async def test_fourth_technician_opens_the_limit_dialog(user: User, role: Role) -> None:
    manager = factories.signup()
    for n in range(3):
        factories.add_member(manager, email=f'tech{n}@acme.test', name=f'Tech {n}')
    if role == Role.COORDINATOR:
        member(manager, 'cora@acme.test', role=Role.COORDINATOR, name='Cora Coordinator')
        await open_team(user, 'cora@acme.test', MEMBER_PASSWORD)
    else:
        await open_team(user)
    await open_new_member_form(user)
    type_into(user, 'Full name', 'Tech Four')
    type_into(user, 'Email', 'tech4@acme.test')
    click(user, 'Generate')
    click(user, 'Create member')
    await eventually(lambda: dialog_open(user, 'Technician limit reached'))
    texts = ' '.join(texts_in_dialog(user, 'Technician limit reached'))
    assert 'Your Free plan allows up to 3 active technicians, and 3 are active now.' in texts
    ask_manager = 'Only your manager can upgrade the plan: ask them to do it.'
    if role == Role.MANAGER:
        assert ask_manager not in texts
        click(user, 'Upgrade plan')
        await see(user, 'Current plan: Free')
    else:
        assert ask_manager in texts
        await user.should_not_see('Upgrade plan')
    assert count_members(role=Role.TECHNICIAN) == 3


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
