"""The New Member form, in a dialog: name, email, role, specialties (technicians) and a temporary password."""

from collections.abc import Awaitable, Callable

from nicegui import app, ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.one_at_a_time import one_at_a_time
from components.specialty_select import specialty_select
from models import Role
from services.security import generate_password

DRAFT_KEY = 'member_draft'  # the form's values, kept per browser tab while the plan is upgraded


async def saved_draft() -> dict[str, object] | None:
    """The form's values kept in this browser tab, once the tab is connected; None when the tab went away
    first (the page was fetched without a browser, or left before it loaded)."""
    client = ui.context.client
    await client.connected()
    if not client.has_socket_connection:
        return None
    draft = app.storage.tab.get(DRAFT_KEY)
    return draft if isinstance(draft, dict) else None


ROLE_OPTIONS = {Role.TECHNICIAN.value: 'Technician', Role.COORDINATOR.value: 'Coordinator'}


class NewMemberDialog:
    """Every opening builds a fresh form: nothing typed, generated or refused last time can show again
    (emptying the old fields does not reach a browser that is still closing or reopening the dialog)."""

    def __init__(self, on_submit: Callable[['NewMemberDialog'], Awaitable[None]]) -> None:
        self._on_submit = on_submit
        # persistent: a click beside the form or Escape does not lose what was typed; Cancel discards it
        self.dialog = ui.dialog().props('persistent')
        self.fields: dict[str, ValidationElement] = {}

    def open(self, specialty_options: list[str]) -> None:
        self.dialog.clear()
        with self.dialog, ui.card().classes('w-full max-w-lg gap-3'):
            ui.label('New member').classes('text-xl font-semibold').props('role=heading aria-level=2')
            self.fields = {
                'full_name': ui.input('Full name').props('outlined maxlength=120 autofocus'),
                'email': ui.input('Email').props('outlined type=email maxlength=254'),
                'role': ui.select(ROLE_OPTIONS, label='Role', value=Role.TECHNICIAN.value).props('outlined'),
            }
            self.specialties = specialty_select(specialty_options, props='hint="Type and press Enter"')
            self.fields['specialties'] = self.specialties
            with ui.row().classes('w-full items-start no-wrap gap-2'):
                self.fields['temporary_password'] = ui.input('Temporary password') \
                    .props('outlined autocomplete=off').classes('flex-1')
                ui.button('Generate', on_click=self.generate).props('outline no-caps').classes('mt-2')
            for name, field in self.fields.items():
                if name != 'temporary_password':
                    field.classes('w-full')
            self.specialties.bind_visibility_from(self.fields['role'], 'value',
                                                  backward=lambda role: role == Role.TECHNICIAN.value)
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=self.cancel).props('flat no-caps')
                self.submit_button = ui.button('Create member').props('unelevated no-caps')
        one_at_a_time(self.submit_button, lambda: self._on_submit(self), dialog=self.dialog,
                      enter_in=[field for field in self.fields.values() if isinstance(field, ui.input)])
        self.dialog.open()

    def cancel(self) -> None:
        """Close and forget the form, the copy kept for after a plan upgrade included."""
        app.storage.tab.pop(DRAFT_KEY, None)
        self.dialog.close()

    def generate(self) -> None:
        self.fields['temporary_password'].value = generate_password()

    def values(self) -> dict[str, object]:
        values = {name: field.value for name, field in self.fields.items()}
        values['specialties'] = list(values['specialties'] or []) if values['role'] == Role.TECHNICIAN.value else []
        return {name: ('' if value is None else value) for name, value in values.items()}

    def fill(self, values: dict[str, object]) -> None:
        wanted = values.get('specialties')
        if isinstance(wanted, list):
            self.specialties.set_options(sorted({*self.specialties.options, *map(str, wanted)}))
        for name, field in self.fields.items():
            if name in values:
                field.value = values[name]
