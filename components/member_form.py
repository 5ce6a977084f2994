"""The editable details on a member's page, bound to MemberUpdate's fields."""

from typing import Any

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.new_member_dialog import ROLE_OPTIONS
from components.specialty_select import specialty_select
from models import Role, SupportRole
from services.member_admin import MemberDetail


class MemberForm:
    def __init__(self, detail: MemberDetail, specialty_options: list[str]) -> None:
        member = detail.member
        readonly = '' if detail.can_edit else ' readonly'
        self.fields: dict[str, ValidationElement] = {
            'full_name': ui.input('Full name', value=member.full_name).props('outlined maxlength=120' + readonly),
            'email': ui.input('Email', value=member.email).props('outlined type=email maxlength=254' + readonly),
            'phone': ui.input('Phone', value=member.phone).props('outlined type=tel maxlength=40' + readonly),
        }
        if detail.can_change_role:
            self.fields['role'] = ui.select(ROLE_OPTIONS, label='Role', value=member.role.value).props('outlined')
        self.specialties = specialty_select(specialty_options, list(member.specialties), props=readonly)
        self.fields['specialties'] = self.specialties
        role_field = self.fields.get('role')
        if role_field is not None:
            self.specialties.bind_visibility_from(role_field, 'value', backward=lambda r: r == Role.TECHNICIAN.value)
        else:
            self.specialties.set_visibility(member.role == Role.TECHNICIAN)
        for field in self.fields.values():
            field.classes('w-full')
        self.support: dict[SupportRole, ui.checkbox] = {}
        ui.label('Support roles').classes('text-sm font-medium mt-2')
        if detail.can_grant_support:
            with ui.row().classes('gap-4'):
                for role in SupportRole:
                    self.support[role] = ui.checkbox(role.label, value=role in member.support_roles)
        elif member.support_roles:
            with ui.row().classes('gap-2'):
                for role in member.support_roles:
                    ui.badge(role.label, color='secondary')
        else:
            ui.label('None').classes('text-slate-600')
        self._can_edit = detail.can_edit

    @property
    def text_inputs(self) -> list[ui.input]:
        """The fields where Enter saves, as in any form."""
        return [field for field in self.fields.values() if isinstance(field, ui.input)]

    def values(self) -> dict[str, Any]:
        if not self._can_edit:
            return {}
        values: dict[str, Any] = {name: field.value for name, field in self.fields.items()}
        values['specialties'] = list(values.get('specialties') or [])
        if self.support:
            values['support_roles'] = [role.value for role, box in self.support.items() if box.value]
        return values
