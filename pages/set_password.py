"""/set-password: a member replaces the temporary password before anything else."""

from nicegui import ui

from components.actions import submit
from components.auth_card import submit_button
from components.forms import heading
from components.frame import page_frame
from components.one_at_a_time import FINISHED, one_at_a_time
from components.password_field import new_password_input
from services import profile
from services.access import Actor


def set_password_page(actor: Actor) -> None:
    if not actor.must_change_password:
        ui.navigate.to('/')
        return
    with page_frame(actor, minimal=True), ui.card().classes('w-full max-w-md mx-auto p-6 gap-3'):
        heading('Set a new password')
        ui.label(f'Welcome, {actor.full_name}. Replace the temporary password you were given with '
                 'one only you know.').classes('text-slate-600')
        fields = {
            'new_password': new_password_input('New password', whose=lambda: (actor.email, actor.organization_name)),
            'confirm_password': ui.input('Confirm new password', password=True, password_toggle_button=True)
            .props('outlined autocomplete=new-password'),
        }
        for field in fields.values():
            field.classes('w-full')
        button = submit_button('Change password')

    async def change() -> str | None:
        outcome = await submit(profile.set_first_password, fields=fields,
                               new_password=fields['new_password'].value or '',
                               confirm_password=fields['confirm_password'].value or '')
        if not outcome.ok:
            return None
        ui.navigate.to('/?welcome=1')
        return FINISHED

    one_at_a_time(button, change, enter_in=fields.values())
