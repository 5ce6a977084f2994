"""Run a button's action once per press: a double click or a second Enter never runs it twice."""

from collections.abc import Awaitable, Callable, Iterable

from nicegui import ui
from nicegui.elements.mixins.value_element import ValueElement

FINISHED = 'finished'  # returned by an action after which the page moves on: its button stays disabled


def one_at_a_time(button: ui.button, action: Callable[[], Awaitable[object]], *,
                  enter_in: Iterable[ui.element] = (), dialog: ui.dialog | None = None,
                  rearm_on: Iterable[ValueElement] = ()) -> None:
    """Make `action` the handler of `button` and of Enter in the `enter_in` fields.

    The button is disabled while the action runs, and a press that arrives meanwhile is dropped: NiceGUI
    already ignores clicks on a disabled button, but not Enter in a field. A press on a `dialog` that is
    closed is dropped too, since the second click of a double click often lands on a closing dialog.
    The second click can also arrive just after a quick action has ended, so the button stays disabled
    after an action that returns FINISHED (it saved, or navigated away) or that left every field in
    `rearm_on` empty (a form cleared by its success), until something is typed in a `rearm_on` field.
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
            done = result == FINISHED or (fields and not any(field.value for field in fields))
            if not done and not button.is_deleted:  # the action may have rebuilt the part holding it
                button.enable()

    def rearm() -> None:
        if not busy:
            button.enable()

    for field in fields:
        field.on_value_change(rearm)
    button.on_click(run)
    for entry in enter_in:
        entry.on('keydown.enter', run)
