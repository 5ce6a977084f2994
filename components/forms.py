"""Form helpers: field errors next to their fields, and a page heading."""

from collections.abc import Mapping

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement


def show_errors(fields: Mapping[str, ValidationElement], errors: Mapping[str, str]) -> None:
    """Put each message under its field; anything without a field becomes a notification."""
    for name, field in fields.items():
        field.error = errors.get(name)
    for name, message in errors.items():
        if name not in fields:
            ui.notify(message, type='negative')


def clear_errors(fields: Mapping[str, ValidationElement]) -> None:
    show_errors(fields, {})


def heading(text: str) -> ui.label:
    return ui.label(text).classes('text-2xl font-semibold').props('role=heading aria-level=1')
