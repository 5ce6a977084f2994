"""/team/{id} (edit, deactivate, reset password), /specialties and /activity, as a person uses them."""

import pytest
from nicegui import ui
from nicegui.testing import User

from models import AuthSession, Role
from services import specialties
from services.db import session_scope
from tests import factories
from tests.factories import STRONG_PASSWORD, get_user
from tests.test_pages_helpers import (
    MEMBER_PASSWORD,
    _visible,
    click,
    dialog_open,
    eventually,
    field,
    log_in,
    member,
    see,
    texts_in_dialog,
    type_into,
)


async def open_page(user: User, path: str, expect: str, email: str = 'maria@acme.test',
                    password: str = STRONG_PASSWORD) -> None:
    await log_in(user, email, password, path=f'/login?next={path}')
    await see(user, expect)
    # Open it once more: the simulation keeps the spent /auth/complete link as the address, so a reload would
    # fail there; a browser shows (and reloads) the page it was redirected to.
    await user.open(path)
    await see(user, expect)


def badges(user: User) -> set[str]:
    return {b.text for b in _visible(user, ui.badge) if isinstance(b, ui.badge)}


def buttons(user: User) -> set[str]:
    return {b.text for b in _visible(user, ui.button) if isinstance(b, ui.button)}


@pytest.mark.parametrize('save_by', ['click', 'enter'])
async def test_manager_edits_the_phone_and_it_is_kept(user: User, save_by: str) -> None:
    manager = factories.signup()
    tom = factories.add_member(manager, email='tom@acme.test')
    await open_page(user, f'/team/{tom}', 'Save changes')
    type_into(user, 'Phone', '+1 555 0100')
    if save_by == 'click':
        click(user, 'Save changes')
    else:  # Enter in a field saves, as in any form
        user.find('Phone').trigger('keydown.enter')
    await eventually(lambda: get_user(tom).phone == '+1 555 0100')
    await see(user, 'Phone: — → +1 555 0100')  # the history, after the page reloaded
    assert field(user, 'Phone').value == '+1 555 0100'
    assert (get_user(tom).full_name, get_user(tom).role) == ('Tom Tech', Role.TECHNICIAN)


async def test_invalid_or_taken_email_shows_the_error_next_to_email(user: User) -> None:
    manager = factories.signup()
    tom = factories.add_member(manager, email='tom@acme.test')
    await open_page(user, f'/team/{tom}', 'Save changes')
    type_into(user, 'Email', 'tom@')
    type_into(user, 'Phone', '555 0199')
    click(user, 'Save changes')
    await eventually(lambda: field(user, 'Email').error == 'Enter a valid email address.')
    assert field(user, 'Phone').error is None
    type_into(user, 'Email', 'MARIA@acme.test')
    click(user, 'Save changes')
    await eventually(lambda: field(user, 'Email').error == 'A member of your team already uses this email.')
    assert (get_user(tom).email, get_user(tom).phone) == ('tom@acme.test', '')


async def test_deactivate_after_confirming_marks_inactive_and_records_it(user: User) -> None:
    manager = factories.signup()
    tom = factories.add_member(manager, email='tom@acme.test')
    await open_page(user, f'/team/{tom}', 'Deactivate')
    assert 'Active' in badges(user)
    click(user, 'Deactivate')
    await eventually(lambda: dialog_open(user, 'Deactivate member?'))
    click(user, 'Confirm')
    await eventually(lambda: 'Inactive' in badges(user))
    await see(user, 'Deactivated')
    assert 'Activate' in buttons(user) and 'Deactivate' not in buttons(user)
    assert get_user(tom).is_active is False


async def test_reset_password_shows_the_new_temporary_password_once(user: User) -> None:
    manager = factories.signup()
    tom = member(manager, 'tom@acme.test')
    await open_page(user, f'/team/{tom}', 'Reset password')
    click(user, 'Reset password')
    await eventually(lambda: dialog_open(user, 'Reset password?'))
    click(user, 'Confirm')
    await eventually(lambda: dialog_open(user, 'New temporary password'))
    texts = texts_in_dialog(user, 'New temporary password')
    password = texts[texts.index('Temporary password') + 1]
    assert 'tom@acme.test' in texts
    assert factories.login('tom@acme.test', password).must_change_password is True
    click(user, 'Done')
    await eventually(lambda: not dialog_open(user, 'New temporary password'))
    await user.open(f'/team/{tom}')  # (the simulation sends no 'hide' event, so the page does not reload itself)
    await see(user, 'Password reset')
    assert 'Pending first login' in badges(user)


async def test_sign_out_everywhere_after_confirming_ends_the_members_sessions(user: User) -> None:
    manager = factories.signup()
    tom = member(manager, 'tom@acme.test')
    phone = factories.login('tom@acme.test', MEMBER_PASSWORD)
    await open_page(user, f'/team/{tom}', 'Sign out everywhere')
    click(user, 'Sign out everywhere')
    await eventually(lambda: dialog_open(user, 'Sign out everywhere?'))
    click(user, 'Confirm')
    await see(user, 'Tom Tech was signed out everywhere.')
    await see(user, 'Signed out everywhere')  # the history, on the fresh page
    with session_scope() as db:
        ended = db.get(AuthSession, phone.session_id)
        assert ended is not None and ended.revoked_at is not None
    assert factories.login('tom@acme.test', MEMBER_PASSWORD).must_change_password is False


async def test_coordinator_gets_no_controls_on_the_managers_page(user: User) -> None:
    manager = factories.signup()
    member(manager, 'cora@acme.test', role=Role.COORDINATOR, name='Cora Coord')
    await open_page(user, f'/team/{manager.user_id}', 'No access', 'cora@acme.test', MEMBER_PASSWORD)
    await user.should_see("Only a manager can open a manager's details.")
    assert not {'Save changes', 'Deactivate', 'Reset password', 'Sign out everywhere'} & buttons(user)
    assert not [e for e in _visible(user) if isinstance(e, ui.input)]
    await user.should_not_see('maria@acme.test')


async def test_missing_and_foreign_members_show_member_not_found(user: User) -> None:
    factories.signup()
    bolt = factories.signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    foreign = factories.add_member(bolt, email='tina@bolt.test', name='Tina Bolt')
    await open_page(user, '/team/999999', 'Member not found')
    for path in (f'/team/{foreign}', '/team/abc', '/team/99999999999999999999'):
        await user.open(path)
        await see(user, 'Member not found')
        await user.should_not_see('Tina Bolt')


async def test_specialties_page_adds_and_lists_and_refuses_a_duplicate(user: User) -> None:
    manager = factories.signup()
    await open_page(user, '/specialties', 'No specialties yet. Add the first one above.')
    type_into(user, 'New specialty', ' HVAC ')
    click(user, 'Add specialty')
    await eventually(lambda: any(isinstance(e, ui.input) and e.value == 'HVAC' for e in _visible(user)))
    assert field(user, 'New specialty').value == ''
    type_into(user, 'New specialty', 'hvac')
    click(user, 'Add specialty')
    await eventually(lambda: field(user, 'New specialty').error == 'This specialty already exists.')
    with session_scope() as db:
        assert [s.name for s in specialties.list_specialties(db=db, actor=manager)] == ['HVAC']


async def test_activity_is_for_the_manager_only(user: User) -> None:
    manager = factories.signup()
    factories.add_member(manager, email='tom@acme.test')
    member(manager, 'cora@acme.test', role=Role.COORDINATOR, name='Cora Coord')
    await open_page(user, '/activity', 'Member created: Tom Tech')
    await user.should_see('Member created: Cora Coord')
    user.http_client.cookies.clear()  # another person at this browser
    await open_page(user, '/activity', 'No access', 'cora@acme.test', MEMBER_PASSWORD)
    await user.should_not_see('Member created')
