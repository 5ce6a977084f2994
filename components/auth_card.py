"""The centred card that holds the log-in, sign-up and first-password forms."""

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from components.forms import heading


@contextmanager
def auth_card(title: str, subtitle: str = '') -> Iterator[None]:
    ui.query('body').classes('bg-slate-50')
    with ui.column().classes('w-full items-center px-3 py-8 sm:py-16'):
        ui.label('MobilOS').classes('text-xl font-bold text-primary')
        with ui.card().classes('w-full max-w-md p-6 gap-3'):
            heading(title)
            if subtitle:
                ui.label(subtitle).classes('text-slate-600')
            yield


def submit_button(text: str) -> ui.button:
    return ui.button(text).classes('w-full mt-2').props('unelevated size=lg no-caps')
