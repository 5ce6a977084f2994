"""/team/{member_id}: one member's details, status, password reset, support roles and history."""

from collections.abc import Callable
from typing import Any

from nicegui import ui

from components.actions import call, submit
from components.confirm_dialog import confirm_dialog
from components.credentials_dialog import credentials_dialog
from components.forms import heading
from components.frame import page_frame
from components.history_list import history_list, when
from components.member_form import MemberForm
from components.notice import notices_from_address
from components.one_at_a_time import FINISHED, one_at_a_time
from components.technician_limit import technician_limit_dialog
from models import Role
from services import member_admin, specialties
from services.access import Actor
from services.errors import NotFound, ServiceError, TechnicianLimitReached


async def member_page(actor: Actor, member_id: str) -> None:
    try:
        detail = await call(member_admin.get_member, member_id=int(member_id))
        options = await call(specialties.specialty_names)
    except (ValueError, NotFound):
        with page_frame(actor, current='/team'):
            heading('Member not found')
            ui.label('This member does not exist in your organization.')
            ui.link('Back to Team', '/team')
        return
    except ServiceError as exc:
        with page_frame(actor, current='/team'):
            heading('No access')
            ui.label(str(exc))
            ui.link('Back to Team', '/team')
        return
    member = detail.member

    def limit_reached(limit: TechnicianLimitReached) -> None:
        technician_limit_dialog(limit, can_upgrade=actor.role == Role.MANAGER).open()

    async def act(action: Callable[..., object], **kwargs: Any) -> object | None:
        outcome = await submit(action, fields=form.fields, on_limit=limit_reached, member_id=member.id, **kwargs)
        return outcome.value if outcome.ok else None

    async def save() -> str | None:
        if await act(member_admin.update_member, data=form.values()) is None:
            return None
        show('saved')
        return FINISHED

    def show(notice: str) -> None:
        """A fresh page shows the new state, the history entry and this action's notice (and no older one)."""
        ui.navigate.to(f'/team/{member.id}?{notice}=1')

    async def set_active(active: bool) -> None:
        if await act(member_admin.set_member_active, active=active) is not None:
            show('activated' if active else 'deactivated')

    async def sign_out() -> None:
        if await act(member_admin.sign_member_out) is not None:
            show('signed_out')

    async def reset_password() -> None:
        temporary = await act(member_admin.reset_member_password)
        if isinstance(temporary, str):
            credentials_dialog(title='New temporary password', name=member.full_name, email=member.email,
                               password=temporary).on('hide', lambda: show('password_reset')).open()

    with page_frame(actor, current='/team'):
        ui.link('← Back to Team', '/team')
        notices = {'saved': 'Changes saved.', 'signed_out': f'{member.full_name} was signed out everywhere.',
                   'deactivated': f'{member.full_name} was deactivated and signed out everywhere.',
                   'activated': f'{member.full_name} can log in again.',
                   'password_reset': f'{member.full_name} has a new temporary password and was signed out.'}
        notices_from_address(notices)
        with ui.row().classes('items-center gap-2 flex-wrap'):
            heading(member.full_name)
            ui.badge(member.role.label).props('outline')
            ui.badge('Active' if member.is_active else 'Inactive',
                     color='positive' if member.is_active else 'grey')
            if member.must_change_password:
                ui.badge('Pending first login', color='warning')
        with ui.row().classes('w-full gap-4 items-start'):
            with ui.card().classes('w-full md:flex-1 gap-3'):
                ui.label('Details').classes('text-lg font-semibold')
                form = MemberForm(detail, options)
                if detail.can_edit:
                    save_button = ui.button('Save changes').props('unelevated no-caps')
                    one_at_a_time(save_button, save, enter_in=form.text_inputs)
            with ui.column().classes('w-full md:w-80 gap-4'):
                with ui.card().classes('w-full gap-2'):
                    ui.label('Access').classes('text-lg font-semibold')
                    ui.label('Last login: ' + (when(member.last_login_at) or 'never'))
                    if detail.can_change_status:
                        if member.is_active:
                            ui.button('Deactivate', on_click=confirm_dialog(
                                'Deactivate member?', f'{member.full_name} will be signed out at once and cannot '
                                'log in until reactivated. Their history is kept.',
                                lambda: set_active(False)).open).props('outline color=negative no-caps')
                        else:
                            ui.button('Activate', on_click=confirm_dialog(
                                'Activate member?', f'{member.full_name} will be able to log in again.',
                                lambda: set_active(True)).open).props('outline no-caps')
                    if detail.can_change_status and member.is_active:
                        ui.button('Reset password', on_click=confirm_dialog(
                            'Reset password?', 'A new temporary password replaces the current one and '
                            f'{member.full_name} is signed out everywhere.', reset_password).open) \
                            .props('outline no-caps')
                        ui.button('Sign out everywhere', on_click=confirm_dialog(
                            'Sign out everywhere?', f'{member.full_name} is signed out on every device at once and '
                            'logs in again with the same password. Use it for a lost or shared phone.',
                            sign_out).open).props('outline no-caps')
                with ui.card().classes('w-full gap-2'):
                    ui.label('History').classes('text-lg font-semibold')
                    history_list(detail.history)
