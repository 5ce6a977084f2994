"""A dialog that asks for the member's own password before an action that ends sessions."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from components.one_at_a_time import one_at_a_time


def password_dialog(title: str, message: str, action: str,
                    on_submit: Callable[[ui.input], Awaitable[bool]]) -> Callable[[], None]:
    """Returns the function that opens it. `on_submit(field)` runs the action with the typed password; the
    dialog closes when it returns True and otherwise stays open, with the refusal shown under the field.

    Each opening builds the field anew, so a password typed last time never waits in the page or shows
    again (emptying the old field does not reach a browser that is still closing the dialog)."""
    dialog = ui.dialog()

    def open_dialog() -> None:
        dialog.clear()
        with dialog, ui.card().classes('w-full max-w-md gap-3'):
            ui.label(title).classes('text-xl font-semibold').props('role=heading aria-level=2')
            ui.label(message)
            password = ui.input('Your password', password=True, password_toggle_button=True) \
                .props('outlined autocomplete=current-password').classes('w-full')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=lambda: close(password)).props('flat no-caps')
                go = ui.button(action).props('unelevated no-caps')

        async def submit() -> None:
            if await on_submit(password):
                close(password)

        one_at_a_time(go, submit, enter_in=[password], dialog=dialog)
        dialog.open()

    def close(password: ui.input) -> None:
        dialog.close()
        password.value = ''  # a typed password does not wait in the page for the next opening

    return open_dialog
