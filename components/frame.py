"""The frame every signed-in page shares: header, account menu and side menu (folds on phones)."""

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import context, ui

from components.actions import in_thread
from components.forms import heading
from models import STAFF_ROLES, Role
from services import auth
from services.access import Actor
from services.db import session_scope


def logo_url(version: int) -> str:
    return f'/logo?v={version}'  # the version makes a new logo a new URL, so caches never show the old one


def _nav_link(text: str, target: str, icon: str, current: str) -> None:
    with ui.link(target=target).classes('active' if target == current else ''):
        ui.icon(icon).classes('mr-3 text-lg align-middle')
        ui.label(text).classes('inline align-middle')


@contextmanager
def page_frame(actor: Actor, *, current: str = '', minimal: bool = False) -> Iterator[None]:
    """Header with the organization's name and the Account menu, a side menu, and the page's content area."""
    ui.query('body').classes('bg-slate-50')
    drawer = None if minimal else ui.left_drawer(bordered=True).classes('mobilos-nav bg-white').props('width=240')
    with ui.header(elevated=True).classes('items-center gap-2 px-3 py-2 bg-white text-slate-900'):
        if drawer is not None:
            ui.button(icon='menu', on_click=drawer.toggle).props('flat round aria-label=Menu')
        if actor.organization_logo_version is not None:
            ui.image(logo_url(actor.organization_logo_version)).classes('w-9 h-9 shrink-0') \
                .props('fit=contain alt="Organization logo" no-spinner')
        ui.label(actor.organization_name).classes('text-lg font-semibold truncate min-w-0 flex-1')
        with ui.button('Account', icon='account_circle').props('flat no-caps'), ui.menu().props('auto-close'):
            if not minimal:
                ui.menu_item('My Profile', on_click=lambda: ui.navigate.to('/profile'))
            ui.menu_item('Log out', on_click=log_out)
    if drawer is not None:
        with drawer:
            if actor.role in STAFF_ROLES:
                ui.label('Management').classes('text-xs uppercase tracking-wide text-slate-500 px-4 pt-2')
                _nav_link('Team', '/team', 'groups', current)
                _nav_link('Specialties', '/specialties', 'build', current)
                if actor.role == Role.MANAGER:
                    _nav_link('Activity', '/activity', 'history', current)
                    _nav_link('Subscription', '/billing', 'workspace_premium', current)
            ui.label('Settings').classes('text-xs uppercase tracking-wide text-slate-500 px-4 pt-4')
            _nav_link('My Profile', '/profile', 'person', current)
            if actor.role == Role.MANAGER:
                _nav_link('Organization', '/organization', 'business', current)
    with ui.column().classes('w-full max-w-6xl mx-auto p-3 sm:p-6 gap-4'):
        yield


def no_access(actor: Actor) -> None:
    with page_frame(actor):
        heading('No access')
        ui.label('You do not have access to this page. If you need it, ask your organization\'s manager.')
        ui.link('Go to your home page', '/')


async def log_out() -> None:
    """End this browser's session on the server, then show the log-in page (which drops the dead cookie).

    An event on the open page, not a link: another site cannot log anyone out."""
    token = auth.from_cookies(context.client.request.cookies, auth.SESSION_COOKIE)
    await in_thread(_end_session, token)
    ui.navigate.to('/login')


def _end_session(token: str | None) -> None:
    with session_scope(write=True) as db:
        auth.logout(db=db, token=token)
