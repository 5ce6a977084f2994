"""The New Member dialog on /team: credentials shown once, field errors, specialties, and the technician cap."""

import pytest
from nicegui import app, ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from components.new_member_dialog import DRAFT_KEY
from models import Role
from services.security import GENERATED_ALPHABET
from tests import factories
from tests.factories import STRONG_PASSWORD
from tests.test_pages_helpers import (
    MEMBER_PASSWORD,
    choose,
    click,
    count_members,
    dialog_open,
    eventually,
    field,
    member,
    open_team,
    see,
    table_rows,
    texts_in_dialog,
    type_into,
)


async def open_new_member_form(user: User, email: str = 'maria@acme.test', password: str = STRONG_PASSWORD) -> None:
    await open_team(user, email, password)
    click(user, 'New Member')
    await eventually(lambda: dialog_open(user, 'New member'))


def fill_new_member(user: User, name: str, email: str) -> str:
    """Type name and email, let the app generate the password; return the password shown."""
    type_into(user, 'Full name', name)
    type_into(user, 'Email', email)
    click(user, 'Generate')
    return str(field(user, 'Temporary password').value)


async def test_new_member_shows_credentials_once_and_joins_the_table(user: User) -> None:
    factories.signup()
    await open_new_member_form(user)
    password = fill_new_member(user, 'Tom Tech', 'tom@acme.test')
    UserInteraction(user, {field(user, 'Specialties')}, None).trigger('update:modelValue', ['HVAC'])  # typed + Enter
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
    await open_new_member_form(user)
    fill_new_member(user, 'Another Tom', 'TOM@acme.test')
    click(user, 'Create member')
    await eventually(lambda: field(user, 'Email').error == 'A member of your team already uses this email.')
    assert dialog_open(user, 'New member') and not dialog_open(user, 'Member created')
    assert count_members(email='tom@acme.test') == 1
    assert count_members(full_name='Another Tom') == 0


async def test_specialties_are_asked_only_for_technicians(user: User) -> None:
    factories.signup()
    await open_new_member_form(user)
    await user.should_see(kind=ui.select, content='Specialties')
    choose(user, 'Role', 'Coordinator', within='New member')  # not the Role filter of the page
    await user.should_not_see(kind=ui.select, content='Specialties')
    choose(user, 'Role', 'Technician', within='New member')
    await user.should_see(kind=ui.select, content='Specialties')


async def test_generate_fills_a_fresh_14_character_password(user: User) -> None:
    factories.signup()
    await open_new_member_form(user)
    assert field(user, 'Temporary password').value == ''
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
        await open_new_member_form(user, 'cora@acme.test', MEMBER_PASSWORD)
    else:
        await open_new_member_form(user)
    fill_new_member(user, 'Tech Four', 'tech4@acme.test')
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


async def test_cancel_forgets_the_form_and_the_copy_kept_for_an_upgrade(user: User) -> None:
    manager = factories.signup()
    for n in range(3):
        factories.add_member(manager, email=f'tech{n}@acme.test', name=f'Tech {n}')
    await open_new_member_form(user)
    fill_new_member(user, 'Abandoned Tech', 'abandoned@acme.test')
    click(user, 'Create member')
    await eventually(lambda: dialog_open(user, 'Technician limit reached'))
    click(user, 'Close')
    await eventually(lambda: not dialog_open(user, 'Technician limit reached'))
    assert kept_for_an_upgrade(user)
    click(user, 'Cancel')
    await eventually(lambda: not dialog_open(user, 'New member'))
    click(user, 'New Member')
    await eventually(lambda: dialog_open(user, 'New member'))
    assert [field(user, name).value for name in ('Full name', 'Email', 'Temporary password')] == ['', '', '']
    assert not kept_for_an_upgrade(user)  # Subscription offers no "Finish adding the member"


def kept_for_an_upgrade(user: User) -> bool:
    assert user.client is not None
    with user.client:
        return DRAFT_KEY in app.storage.tab
