"""/profile: My Profile, with personal data and a password change."""

from nicegui import ui

from components.actions import call, submit
from components.forms import clear_errors, heading
from components.frame import page_frame
from components.one_at_a_time import FINISHED, one_at_a_time
from components.password_dialog import password_dialog
from components.password_field import new_password_input
from components.session_list import session_list
from services import profile, sessions
from services.access import Actor


async def profile_page(actor: Actor) -> None:
    me = await call(profile.get_profile)
    active_sessions = await call(sessions.list_sessions)
    with page_frame(actor, current='/profile'):
        heading('My Profile')
        with ui.card().classes('w-full max-w-xl gap-3'):
            ui.label('Personal data').classes('text-lg font-semibold')
            ui.label(f'Email: {me.email}').classes('text-slate-600 break-all')
            details = {
                'full_name': ui.input('Full name', value=me.full_name).props('outlined maxlength=120'),
                'phone': ui.input('Phone', value=me.phone).props('outlined type=tel maxlength=40'),
            }
            for field in details.values():
                field.classes('w-full')
            save = ui.button('Save profile').props('unelevated no-caps')
        with ui.card().classes('w-full max-w-xl gap-3'):
            ui.label('Change password').classes('text-lg font-semibold').props('role=heading aria-level=2')
            current = ui.input('Current password', password=True, password_toggle_button=True) \
                .props('outlined autocomplete=current-password')
            passwords = {
                'current_password': current,
                'new_password': new_password_input('New password', whose=lambda: (
                    actor.email, actor.organization_name), watch=[current], current=lambda: current.value or ''),
                'confirm_password': ui.input('Confirm new password', password=True, password_toggle_button=True)
                .props('outlined autocomplete=new-password'),
            }
            for field in passwords.values():
                field.classes('w-full')
            change = ui.button('Change password').props('unelevated no-caps')
        with ui.card().classes('w-full max-w-xl gap-3'):
            ui.label('Sessions').classes('text-lg font-semibold').props('role=heading aria-level=2')
            sessions_box = ui.column().classes('w-full')
            with sessions_box:
                session_list(active_sessions)
            sign_out = ui.button('Sign out other sessions').props('outline no-caps')
            sign_out.set_enabled(any(not s.current for s in active_sessions))

    async def save_profile() -> str | None:
        outcome = await submit(profile.update_profile, fields=details,
                               data={name: field.value or '' for name, field in details.items()})
        if not outcome.ok:
            return None
        ui.notify('Profile saved.', type='positive')
        return FINISHED  # Save profile waits for the next edit

    async def change_password() -> None:
        outcome = await submit(profile.change_password, fields=passwords,
                               current_password=passwords['current_password'].value or '',
                               new_password=passwords['new_password'].value or '',
                               confirm_password=passwords['confirm_password'].value or '')
        if not outcome.ok:
            return
        for field in passwords.values():
            field.value = ''
        clear_errors(passwords)
        ui.notify('Password changed. Your other sessions were signed out.', type='positive')

    async def sign_out_others(password: ui.input) -> bool:
        outcome = await submit(sessions.sign_out_other_sessions, fields={'password': password},
                               password=password.value or '')
        if not outcome.ok:
            return False
        count = outcome.value or 0
        ui.notify(f'Signed out {count} other session{"s" if count != 1 else ""}.', type='positive')
        remaining = await call(sessions.list_sessions)
        sessions_box.clear()
        with sessions_box:
            session_list(remaining)
        sign_out.disable()
        return True

    sign_out.on_click(password_dialog(
        'Sign out other sessions', 'Every other browser and phone signed in to your account will be signed out. '
        'Enter your password to confirm it is you.', 'Sign out', sign_out_others))
    one_at_a_time(save, save_profile, enter_in=details.values(), rearm_on=details.values())
    one_at_a_time(change, change_password, enter_in=passwords.values(), rearm_on=passwords.values())
