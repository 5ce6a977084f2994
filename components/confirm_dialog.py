"""A yes/no question before an action that is hard to undo."""

from collections.abc import Awaitable, Callable

from nicegui import ui


def confirm_dialog(title: str, message: str, on_confirm: Callable[[], Awaitable[object]]) -> ui.dialog:
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-md gap-3'):
        ui.label(title).classes('text-xl font-semibold').props('role=heading aria-level=2')
        ui.label(message)
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=dialog.close).props('flat no-caps')

            async def confirm() -> None:
                dialog.close()
                await on_confirm()

            ui.button('Confirm', on_click=confirm).props('unelevated no-caps')
    return dialog
