"""/activity: every change to the organization's members, newest first (manager only)."""

from nicegui import ui

from components.actions import call
from components.forms import heading
from components.frame import page_frame
from components.history_list import history_list
from services import audit
from services.access import Actor


async def activity_page(actor: Actor) -> None:
    events = await call(audit.organization_history)
    with page_frame(actor, current='/activity'):
        heading('Activity')
        ui.label('Who changed which member, and when. Passwords are never recorded.').classes('text-slate-600')
        with ui.card().classes('w-full max-w-3xl'):
            history_list(events, show_target=True)
