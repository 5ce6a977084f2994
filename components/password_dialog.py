"""A dialog that asks for the member's own password before an action that ends sessions."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from components.one_at_a_time import one_at_a_time


def password_dialog(title: str, message: str, action: str,
                    on_submit: Callable[[ui.input], Awaitable[bool]]) -> ui.dialog:
    """`on_submit(field)` runs the action with the typed password; the dialog closes when it returns True
    and otherwise stays open, with the refusal shown under the field."""
    with ui.dialog() as dialog, ui.card().classes('w-full max-w-md gap-3'):
        ui.label(title).classes('text-xl font-semibold').props('role=heading aria-level=2')
        ui.label(message)
        password = ui.input('Your password', password=True, password_toggle_button=True) \
            .props('outlined autocomplete=current-password').classes('w-full')
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=dialog.close).props('flat no-caps')
            go = ui.button(action).props('unelevated no-caps')

    async def submit() -> None:
        if await on_submit(password):
            dialog.close()

    def reset() -> None:
        password.value = ''
        password.error = None

    once = one_at_a_time(go, submit, dialog=dialog)
    go.on_click(once)
    password.on('keydown.enter', once)
    dialog.on('hide', reset)  # a typed password does not wait in the page for the next opening
    return dialog
