"""A yes/no question before an action that is hard to undo."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from components.one_at_a_time import one_at_a_time


def confirm_dialog(title: str, message: str, on_confirm: Callable[[], Awaitable[object]]) -> ui.dialog:
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-md gap-3'):
        ui.label(title).classes('text-xl font-semibold').props('role=heading aria-level=2')
        ui.label(message)
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=dialog.close).props('flat no-caps')
            confirm = ui.button('Confirm').props('unelevated no-caps')

    async def close_and_act() -> None:
        dialog.close()
        await on_confirm()

    one_at_a_time(confirm, close_and_act, dialog=dialog)
    return dialog
