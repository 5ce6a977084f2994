"""A list of audit events, newest first, with what changed as before -> after."""

from datetime import datetime
from typing import Any

from nicegui import ui

from models import AuditEventPublic, Role, SupportRole

ACTIONS = {
    'created': 'Member created', 'edited': 'Details edited', 'role_changed': 'Role changed',
    'deactivated': 'Deactivated', 'reactivated': 'Reactivated', 'password_reset': 'Password reset',
    'support_roles_changed': 'Support roles changed', 'signed_out': 'Signed out everywhere',
}
FIELDS = {'full_name': 'Full name', 'email': 'Email', 'phone': 'Phone', 'role': 'Role',
          'specialties': 'Specialties', 'support_roles': 'Support roles', 'status': 'Status'}


def when(moment: datetime | None) -> str:
    return moment.strftime('%Y-%m-%d %H:%M UTC') if moment else ''


VALUES = {**{role.value: role.label for role in Role}, **{role.value: role.label for role in SupportRole}}


def _value(value: Any) -> str:
    if value in (None, '', []):
        return '—'
    if isinstance(value, list):
        return ', '.join(VALUES.get(str(item), str(item)) for item in value)
    return VALUES.get(str(value), str(value))


def history_list(events: list[AuditEventPublic], *, show_target: bool = False) -> None:
    if not events:
        ui.label('No changes recorded yet.').classes('text-slate-600')
        return
    with ui.column().classes('w-full gap-2'):
        for event in events:
            with ui.column().classes('w-full gap-0 border-b border-slate-200 pb-2'):
                title = ACTIONS.get(event.action, event.action)
                if show_target and event.target_name:
                    title += f': {event.target_name}'
                ui.label(title).classes('font-medium')
                ui.label(f'{when(event.created_at)} by {event.actor_name}').classes('text-xs text-slate-500')
                for field, (before, after) in event.changes.items():
                    ui.label(f'{FIELDS.get(field, field)}: {_value(before)} → {_value(after)}') \
                        .classes('text-sm text-slate-700 break-all')
