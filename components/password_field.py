"""A new-password input whose hint tells, while typing, how strong the password is."""

from collections.abc import Callable

from nicegui import ui

from services.security import strength_hint


def new_password_input(label: str, *, whose: Callable[[], tuple[str, str]] = lambda: ('', '')) -> ui.input:
    """`whose()` gives the email and organization name the password must not contain, as known right now."""
    # hide-bottom-space lets a hint or error of two lines (on a phone) push the next field down, not overlap it
    field = ui.input(label, password=True, password_toggle_button=True) \
        .props('outlined autocomplete=new-password hide-bottom-space').classes('w-full')
    field.props(f'hint="{strength_hint("")}"')
    field.on_value_change(lambda e: field.props(f'hint="{strength_hint(e.value or "", *whose())}"'))
    return field
