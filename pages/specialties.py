"""/specialties: the organization's catalog of specialties (managers and coordinators)."""

from collections.abc import Callable
from typing import Any

from nicegui import ui

from components.actions import call, submit
from components.confirm_dialog import confirm_dialog
from components.forms import heading
from components.frame import page_frame
from components.one_at_a_time import one_at_a_time
from models import SpecialtyPublic
from services import specialties
from services.access import Actor


async def specialties_page(actor: Actor) -> None:
    with page_frame(actor, current='/specialties'):
        heading('Specialties')
        ui.label('Technicians are tagged with these, and the Team page filters by them.').classes('text-slate-600')
        with ui.row().classes('w-full max-w-xl items-start no-wrap gap-2'):
            new_name = ui.input('New specialty').props('outlined dense maxlength=60').classes('flex-1')
            add_button = ui.button('Add specialty').props('unelevated no-caps')
        listing = ui.column().classes('w-full max-w-xl gap-2')

    async def run(action: Callable[..., object], **kwargs: Any) -> None:
        if (await submit(action, **kwargs)).ok:
            await refresh()

    async def add() -> None:
        outcome = await submit(specialties.add_specialty, fields={'name': new_name},
                               data={'name': new_name.value or ''})
        if outcome.ok:
            new_name.value = ''
            await refresh()

    def entry(item: SpecialtyPublic) -> None:
        with ui.card().classes('w-full').props('flat bordered'), ui.row().classes('w-full items-center gap-2'):
            name = ui.input('Name', value=item.name).props('dense outlined maxlength=60') \
                .classes('flex-1 min-w-[10rem]')
            ui.label(technicians(item.members)).classes('text-slate-500 text-sm whitespace-nowrap')
            rename = ui.button('Rename').props('flat no-caps')
            one_at_a_time(rename, lambda: run(specialties.rename_specialty, fields={'name': name},
                                              specialty_id=item.id, data={'name': name.value or ''}),
                          enter_in=[name])
            ui.button('Remove', on_click=confirm_dialog(
                'Remove specialty?', f'{item.name} will be removed from {technicians(item.members)}.',
                lambda: run(specialties.remove_specialty, specialty_id=item.id)).open) \
                .props('flat no-caps color=negative')

    async def refresh() -> None:
        items = await call(specialties.list_specialties)
        listing.clear()
        with listing:
            if not items:
                ui.label('No specialties yet. Add the first one above.').classes('text-slate-600')
            for item in items:
                entry(item)

    one_at_a_time(add_button, add, enter_in=[new_name], rearm_on=[new_name])  # no false error on a double click
    await refresh()


def technicians(count: int) -> str:
    return f'{count} technician' + ('' if count == 1 else 's')
