"""Run a button's action once per press: a double click or a second Enter never runs it twice."""

from collections.abc import Awaitable, Callable, Iterable

from nicegui import ui
from nicegui.elements.mixins.value_element import ValueElement

FINISHED = 'finished'  # returned by an action after which the page moves on: its button stays disabled


def one_at_a_time(button: ui.button, action: Callable[[], Awaitable[object]], *,
                  dialog: ui.dialog | None = None,
                  rearm_on: Iterable[ValueElement] = ()) -> Callable[[], Awaitable[None]]:
    """Wrap `action` as the handler of `button` (and of Enter in its fields).

    The button is disabled while the action runs, and a press that arrives meanwhile is dropped: NiceGUI
    already ignores clicks on a disabled button, but not Enter in a field. A press on a `dialog` that is
    closed is dropped too, since the second click of a double click often lands on a closing dialog. When
    the action leaves every field in `rearm_on` empty (a form cleared by its success), the button stays
    disabled until something is typed, so the second click cannot submit the emptied form. An action
    that returns FINISHED (it navigated away) leaves the button disabled for good.
    """
    fields = list(rearm_on)
    busy = False

    async def run() -> None:
        nonlocal busy
        if busy or not button.enabled or (dialog is not None and not dialog.value):
            return
        busy = True
        button.disable()
        result: object = None
        try:
            result = await action()
        finally:
            busy = False
            if result != FINISHED and (not fields or any(field.value for field in fields)):
                button.enable()

    def rearm() -> None:
        if not busy:
            button.enable()

    for field in fields:
        field.on_value_change(rearm)
    return run
