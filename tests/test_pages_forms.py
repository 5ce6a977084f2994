"""Forms behave alike: Enter submits, a quick save is not repeated by the second click of a double click, each
member action confirms itself (and no earlier one), and an empty specialty chip is never kept."""

import pytest
from nicegui import ui
from nicegui.testing import User

from models import Organization
from services import billing, specialties
from services.db import session_scope
from tests import factories
from tests.factories import STRONG_PASSWORD
from tests.test_pages_double_submit import double_click
from tests.test_pages_helpers import (
    button,
    click,
    dialog_open,
    eventually,
    field,
    log_in,
    see,
    type_into,
)
from tests.test_pages_member import open_page
from tests.test_pages_new_member import open_new_member_form


def press_enter(user: User, label: str) -> None:
    user.find(label).trigger('keydown.enter')


async def test_enter_in_the_new_member_form_creates_the_member(user: User) -> None:
    factories.signup()
    await open_new_member_form(user)
    type_into(user, 'Full name', 'Tom Tech')
    type_into(user, 'Email', 'tom@acme.test')
    type_into(user, 'Temporary password', 'temporary pass 42')
    press_enter(user, 'Email')
    await eventually(lambda: dialog_open(user, 'Member created'))


async def test_enter_saves_my_profile_and_the_organization_name(user: User) -> None:
    manager = factories.signup()
    await log_in(user, 'maria@acme.test', STRONG_PASSWORD, path='/login?next=/profile')
    await see(user, 'Save profile')
    type_into(user, 'Phone', '555 0100')
    press_enter(user, 'Phone')
    await see(user, 'Profile saved.')
    await user.open('/organization')
    type_into(user, 'Organization name', 'Acme Field Group')
    press_enter(user, 'Organization name')
    await see(user, 'Organization name saved.')
    with session_scope() as db:
        organization = db.get(Organization, manager.organization_id)
        assert organization is not None and organization.name == 'Acme Field Group'


async def test_a_saved_profile_waits_for_the_next_edit_before_saving_again(user: User) -> None:
    factories.signup()
    await log_in(user, 'maria@acme.test', STRONG_PASSWORD, path='/login?next=/profile')
    await see(user, 'Save profile')
    type_into(user, 'Phone', '555 0100')
    click(user, 'Save profile')
    await see(user, 'Profile saved.')
    assert not button(user, 'Save profile').enabled  # a late second click finds nothing to do
    type_into(user, 'Phone', '555 0101')
    assert button(user, 'Save profile').enabled
    assert user.notify.messages == ['Profile saved.']


CONFIRMS = {'Sign out everywhere': 'Sign out everywhere?', 'Deactivate': 'Deactivate member?',
            'Activate': 'Activate member?'}


@pytest.mark.parametrize(('first', 'then', 'notice', 'gone'), [
    ('Sign out everywhere', 'Deactivate', 'Tom Tech was deactivated and signed out everywhere.',
     'Tom Tech was signed out everywhere.'),
    ('Deactivate', 'Activate', 'Tom Tech can log in again.', 'Tom Tech was deactivated'),
])
async def test_each_member_action_confirms_itself_and_no_earlier_one(user: User, first: str, then: str,
                                                                     notice: str, gone: str) -> None:
    manager = factories.signup()
    tom = factories.add_member(manager, email='tom@acme.test')
    await open_page(user, f'/team/{tom}', first)
    click(user, first)
    await eventually(lambda: dialog_open(user, CONFIRMS[first]))
    click(user, 'Confirm')
    await see(user, gone)
    click(user, then)
    await eventually(lambda: dialog_open(user, CONFIRMS[then]))
    click(user, 'Confirm')
    await see(user, notice)
    await user.should_not_see(gone)


async def test_spaces_typed_as_a_specialty_leave_no_empty_chip(user: User) -> None:
    factories.signup()
    await open_new_member_form(user)
    specialties = field(user, 'Specialties')
    specialties.value = ['HVAC', '   ']
    await eventually(lambda: specialties.value == ['HVAC'])


async def test_renaming_a_specialty_rebuilds_the_list_without_a_warning(user: User,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    manager = factories.signup()
    with session_scope(write=True) as db:
        specialties.add_specialty(db=db, actor=manager, data={'name': 'HVAC'})
    await open_page(user, '/specialties', 'Rename')
    type_into(user, 'Name', 'Heating')
    await double_click(user, 'Rename')
    await eventually(lambda: field(user, 'Name').value == 'Heating')
    assert not [r.getMessage() for r in caplog.records if r.levelname in ('WARNING', 'ERROR')]


async def saved_then_refused(user: User, button: str, notice: str, label: str, bad: str, error: str) -> None:
    click(user, button)
    await see(user, notice)
    type_into(user, label, bad)
    click(user, button)
    await eventually(lambda: field(user, label).error == error)
    await user.should_not_see(notice)


async def test_an_earlier_confirmation_leaves_when_the_next_action_fails(user: User) -> None:
    manager = factories.signup()
    tom = factories.add_member(manager, email='tom@acme.test')
    await open_page(user, f'/team/{tom}', 'Save changes')
    type_into(user, 'Phone', '555 0100')
    await saved_then_refused(user, 'Save changes', 'Changes saved.', 'Email', 'not-an-email',
                             'Enter a valid email address.')
    await user.open('/organization')
    await saved_then_refused(user, 'Save name', 'Organization name saved.', 'Organization name', '',
                             'This field is required.')


async def test_enter_in_the_email_field_logs_in(user: User) -> None:
    factories.signup()
    await user.open('/login')
    type_into(user, 'Email', 'maria@acme.test')
    type_into(user, 'Password', STRONG_PASSWORD)
    press_enter(user, 'Email')
    await see(user, 'Hello, Maria Manager')


async def test_enter_in_any_sign_up_field_sends_the_form(user: User) -> None:
    await user.open('/signup')
    for label, text in [('Organization name', 'Acme Field Services'), ('Full name', 'Maria Manager'),
                        ('Email', 'maria@acme.test'), ('Password', STRONG_PASSWORD)]:
        type_into(user, label, text)
    press_enter(user, 'Organization name')
    await see(user, 'Check your email')


async def test_a_plan_change_refused_takes_the_last_confirmation_away(user: User) -> None:
    manager = factories.signup()
    with session_scope(write=True) as db:
        billing.change_plan(db=db, actor=manager, plan_code='basic')
    for n in range(4):
        factories.add_member(manager, email=f'tech{n}@acme.test', name=f'Tech {n}')
    await log_in(user, 'maria@acme.test', STRONG_PASSWORD, path='/login?next=/billing%3Fchanged%3Dbasic')
    await see(user, 'You are now on the Basic plan.')
    user.find(kind=ui.button, content='Choose plan').click()  # the first one: Free, too small for 4 technicians
    await eventually(lambda: dialog_open(user, 'Switch to the Free plan?'))
    click(user, 'Confirm')
    await see(user, 'Deactivate technicians first')
    await user.should_not_see('You are now on the Basic plan.')
