"""/: the landing page. Technicians get a phone-friendly home; managers and coordinators a team summary."""

from nicegui import ui

from components.actions import call
from components.forms import heading
from components.frame import page_frame
from components.notice import notices_from_address
from components.technician_limit import usage_text
from models import STAFF_ROLES
from services import members, profile
from services.access import Actor


async def home_page(actor: Actor) -> None:
    with page_frame(actor, current='/'):
        heading(f'Hello, {actor.full_name}')
        notices_from_address({'welcome': 'Your password is set. From now on, log in with it.'})  # Set a new password
        if actor.role in STAFF_ROLES:
            usage = await call(members.technician_usage)
            with ui.card().classes('w-full max-w-xl'):
                ui.label('Your team').classes('text-lg font-semibold')
                ui.label(usage_text(usage))
                ui.link('Open Team', '/team')
            return
        me = await call(profile.get_profile)
        with ui.card().classes('w-full max-w-xl'):
            ui.label('My work orders').classes('text-lg font-semibold')
            ui.label('Your assigned work orders will appear here.').classes('text-slate-600')
        with ui.card().classes('w-full max-w-xl gap-1'):
            ui.label('My details').classes('text-lg font-semibold')
            ui.label(me.full_name)
            ui.label(me.email).classes('break-all')
            ui.label(me.phone or 'No phone number yet').classes('text-slate-600')
            ui.label(me.role.label).classes('text-slate-600')
            ui.link('Edit My Profile', '/profile')


