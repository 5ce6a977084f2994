"""A double click (or Enter pressed twice) runs an action once: no second reset, no false error."""

import asyncio

from nicegui import background_tasks
from nicegui.testing import User
from sqlmodel import func, select

from models import AuditEvent
from services import specialties
from services.db import session_scope
from tests import factories
from tests.factories import STRONG_PASSWORD
from tests.test_pages_helpers import (
    button,
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
from tests.test_pages_member import open_page

NEW_PASSWORD = 'amber meadow compass 3'


async def double_click(user: User, text: str) -> None:
    """Two clicks that both reach the server before the first one's action has started, as in a browser."""
    before = set(background_tasks.running_tasks)
    click(user, text)
    click(user, text)
    await asyncio.gather(*(background_tasks.running_tasks - before))


def recorded(action: str) -> int:
    with session_scope() as db:
        return db.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)).one()


async def test_double_click_on_confirm_resets_the_password_once(user: User) -> None:
    manager = factories.signup()
    tom = member(manager, 'tom@acme.test')
    await open_page(user, f'/team/{tom}', 'Reset password')
    click(user, 'Reset password')
    await eventually(lambda: dialog_open(user, 'Reset password?'))
    await double_click(user, 'Confirm')
    await eventually(lambda: dialog_open(user, 'New temporary password'))
    texts = texts_in_dialog(user, 'New temporary password')
    factories.login('tom@acme.test', texts[texts.index('Temporary password') + 1])  # the one shown works
    assert recorded('password_reset') == 1


async def test_double_click_on_change_password_changes_it_once_with_no_false_refusal(user: User) -> None:
    factories.signup()
    await log_in(user, 'maria@acme.test', STRONG_PASSWORD, path='/login?next=/profile')
    await see(user, 'Save profile')
    type_into(user, 'Current password', STRONG_PASSWORD)
    type_into(user, 'New password', NEW_PASSWORD)
    type_into(user, 'Confirm new password', NEW_PASSWORD)
    await double_click(user, 'Change password')
    await see(user, 'Password changed. Your other sessions were signed out.')
    assert not user.notify.contains('not correct')
    assert field(user, 'Current password').error is None
    factories.login('maria@acme.test', NEW_PASSWORD)


async def test_double_click_on_add_specialty_adds_it_once_and_asks_for_nothing(user: User) -> None:
    manager = factories.signup()
    await open_page(user, '/specialties', 'No specialties yet. Add the first one above.')
    type_into(user, 'New specialty', 'HVAC')
    await double_click(user, 'Add specialty')
    await eventually(lambda: field(user, 'New specialty').value == '')
    assert field(user, 'New specialty').error is None
    assert not button(user, 'Add specialty').enabled  # the emptied form waits for the next name
    type_into(user, 'New specialty', 'Plumbing')
    assert button(user, 'Add specialty').enabled
    with session_scope() as db:
        assert [s.name for s in specialties.list_specialties(db=db, actor=manager)] == ['HVAC']


async def test_double_click_on_confirm_removes_a_specialty_with_no_false_error(user: User) -> None:
    manager = factories.signup()
    with session_scope(write=True) as db:
        specialties.add_specialty(db=db, actor=manager, data={'name': 'HVAC'})
    await open_page(user, '/specialties', 'Remove')
    click(user, 'Remove')
    await eventually(lambda: dialog_open(user, 'Remove specialty?'))
    await double_click(user, 'Confirm')
    await see(user, 'No specialties yet. Add the first one above.')
    assert not user.notify.messages
