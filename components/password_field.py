"""A new-password input whose hint tells, while typing, how strong the password is, or why it will be
refused."""

from collections.abc import Callable, Iterable

from nicegui import ui
from nicegui.elements.mixins.value_element import ValueElement

from services.security import SAME_AS_CURRENT, strength_hint


def new_password_input(label: str, *, whose: Callable[[], tuple[str, str]] = lambda: ('', ''),
                       watch: Iterable[ValueElement] = (), current: Callable[[], str] = lambda: '') -> ui.input:
    """`whose()` gives the email and organization name the password must not contain, and `current()` the
    password it must differ from, as known right now; the hint is worked out again when a `watch` field
    (where those are typed) changes too."""
    # hide-bottom-space lets a hint or error of two lines (on a phone) push the next field down, not overlap it
    field = ui.input(label, password=True, password_toggle_button=True) \
        .props('outlined autocomplete=new-password hide-bottom-space').classes('w-full')

    def show_hint() -> None:
        password = field.value or ''
        hint = SAME_AS_CURRENT if password and password == current() else strength_hint(password, *whose())
        field.props(f'hint="{hint}"')

    show_hint()
    field.on_value_change(show_hint)
    for other in watch:
        other.on_value_change(show_hint)
    return field
