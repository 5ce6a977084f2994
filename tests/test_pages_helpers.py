"""Helpers for the page tests (simulated `user` fixture). This module holds no tests of its own.

Elements are found by what a person sees: an input by its exact label, a button by its exact text.
Closed dialogs stay in the element tree (and in `user.should_see`) in the user simulation, so these
helpers leave their contents out and check dialogs for being open.
"""

import asyncio
from collections.abc import Callable
from urllib.parse import quote

from nicegui import ElementFilter, helpers, ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction
from sqlmodel import func, select

from models import Role
from models import User as Member
from services import auth, profile
from services.access import Actor
from services.db import session_scope
from tests import factories

MEMBER_PASSWORD = 'quiet river lantern 7'
WAIT = 50  # polls of 0.1 s: page loads and handlers run off the event loop (hashing, database)


async def see(user: User, text: str) -> None:
    await user.should_see(text, retries=WAIT)


async def eventually(check: Callable[[], bool]) -> None:
    """Poll until `check()` holds (handlers run in background tasks); fail after about 5 seconds."""
    for _ in range(WAIT):
        if check():
            return
        await asyncio.sleep(0.1)
    assert check()


def _visible(user: User, kind: type[ui.element] = ui.element) -> list[ui.element]:
    """Visible elements of this kind, leaving out the contents of closed dialogs."""
    assert user.client is not None
    with user.client:
        return [e for e in ElementFilter(kind=kind, only_visible=True, local_scope=False)
                if not any(isinstance(a, ui.dialog) and not a.value for a in e.ancestors())]


def _dialog(user: User, title: str) -> ui.dialog | None:
    """The dialog with this title (a label with exactly this text)."""
    assert user.client is not None
    with user.client:
        dialogs = list(ElementFilter(kind=ui.dialog, local_scope=False))
    for dialog in dialogs:
        if any(isinstance(e, ui.label) and e.text == title for e in dialog.descendants()):
            assert isinstance(dialog, ui.dialog)
            return dialog
    return None


def field(user: User, label: str, *, within: str | None = None) -> ui.input | ui.select:
    """The one visible input or select labelled exactly `label`, optionally inside the dialog titled `within`."""
    dialog = None if within is None else _dialog(user, within)
    assert within is None or dialog is not None, f'no dialog titled {within!r}'
    found = [e for e in _visible(user) if isinstance(e, ui.input | ui.select) and e.props.get('label') == label
             and (dialog is None or dialog in e.ancestors())]
    assert len(found) == 1, f'expected one field labelled {label!r}, found {len(found)}'
    return found[0]


def type_into(user: User, label: str, text: str) -> None:
    """Replace the field's text in one change, as the browser reports it (not a clear, then a type)."""
    element = field(user, label)
    assert element.enabled, f'{label!r} is disabled'
    event = helpers.event_type_to_camel_case(f'update:{element.VALUE_PROP}')  # update:value for inputs
    UserInteraction(user, {element}, label).trigger(event, text)


def button(user: User, text: str) -> ui.button:
    found = [e for e in _visible(user, ui.button) if isinstance(e, ui.button) and e.text == text]
    assert len(found) == 1, f'expected one button {text!r}, found {len(found)}'
    return found[0]


def click(user: User, text: str) -> None:
    UserInteraction(user, {button(user, text)}, text).click()


def click_menu_item(user: User, text: str) -> None:
    found = [e for e in _visible(user, ui.menu_item)
             if any(getattr(d, 'text', None) == text for d in e.descendants(include_self=True))]
    assert len(found) == 1, f'expected one menu item {text!r}, found {len(found)}'
    UserInteraction(user, set(found), text).click()


def choose(user: User, label: str, option: str, *, within: str | None = None) -> None:
    """Open a select by its label and pick the option shown as `option`."""
    select = field(user, label, within=within)
    assert isinstance(select, ui.select)
    interaction = UserInteraction(user, {select}, option)
    interaction.click()  # opens the popup
    interaction.click()  # picks the option


def dialog_open(user: User, title: str) -> bool:
    dialog = _dialog(user, title)
    return dialog is not None and bool(dialog.value)


def texts_in_dialog(user: User, title: str) -> list[str]:
    dialog = _dialog(user, title)
    return [] if dialog is None else [e.text for e in dialog.descendants() if isinstance(e, ui.label)]


def table_rows(user: User) -> list[dict]:
    tables = [t for t in _visible(user, ui.table) if isinstance(t, ui.table)]
    assert len(tables) == 1
    return list(tables[0].rows)


def emails_shown(user: User) -> list[str]:
    return [str(row['email']) for row in table_rows(user)]


def link_targets(user: User) -> list[str]:
    return [str(link.props.get('href')) for link in _visible(user, ui.link)]


async def log_in(user: User, email: str, password: str, path: str = '/login') -> None:
    await user.open(path)
    type_into(user, 'Email', email)
    type_into(user, 'Password', password)
    click(user, 'Log in')


async def open_team(user: User, email: str = 'maria@acme.test', password: str = factories.STRONG_PASSWORD,
                    path: str = '/team') -> None:
    """Log in, asking for `path` (a /team address), and wait for the Team page."""
    await log_in(user, email, password, path=f'/login?next={quote(path)}')
    await see(user, 'New Member')


def member(manager: Actor, email: str, *, role: Role = Role.TECHNICIAN, name: str = 'Tom Tech',
           specialties: list[str] | None = None) -> int:
    """A member who has already replaced the temporary password with MEMBER_PASSWORD."""
    user_id = factories.add_member(manager, email=email, role=role, name=name, specialties=specialties)
    actor = factories.login(email, 'temporary pass 42')
    with session_scope(write=True) as db:
        profile.set_first_password(db=db, actor=actor, new_password=MEMBER_PASSWORD,
                                   confirm_password=MEMBER_PASSWORD)
    return user_id


def count_members(**where: object) -> int:
    with session_scope() as db:
        statement = select(func.count()).select_from(Member)
        for name, value in where.items():
            statement = statement.where(getattr(Member, name) == value)
        return int(db.exec(statement).one())


def session_token(user: User) -> str:
    return str(user.http_client.cookies.get(auth.SESSION_COOKIE))
