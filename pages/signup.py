"""/signup: the organization's details, then "check your email"; the mailed link finishes the sign-up."""


from nicegui import context, ui
from starlette.requests import Request

from components.actions import in_thread
from components.auth_card import auth_card, submit_button
from components.forms import clear_errors, show_errors
from components.one_at_a_time import FINISHED, one_at_a_time
from components.password_field import new_password_input
from services import signup, signup_mail
from services.config import get_settings
from services.errors import InvalidInput, ServiceError


def signup_page(_request: Request) -> None:
    with auth_card('Create your organization', 'You will be its manager and can invite your team next.'):
        form = ui.column().classes('w-full gap-3')
        with form:
            fields = {
                'organization_name': ui.input('Organization name').props('outlined maxlength=120'),
                'full_name': ui.input('Full name').props('outlined autocomplete=name maxlength=120'),
                'email': ui.input('Email').props('type=email outlined autocomplete=username maxlength=254'),
            }
            fields['password'] = new_password_input('Password', whose=lambda: (
                str(fields['email'].value or ''), str(fields['organization_name'].value or '')),
                watch=[fields['email'], fields['organization_name']])
            for field in fields.values():
                field.classes('w-full')
            problem = ui.label().classes('text-negative').props('role=alert')
            button = submit_button('Create organization')
        sent = ui.column().classes('w-full gap-2').props('role=status')
        ui.link('Already have an account? Log in', '/login').classes('mt-2')

    async def submit() -> str | None:
        clear_errors(fields)
        problem.text = ''
        data = {name: str(field.value or '') for name, field in fields.items()}
        ip_address = context.client.ip or ''
        try:
            pending = await in_thread(lambda: signup.request_signup(data=data, ip_address=ip_address))
        except InvalidInput as exc:
            show_errors(fields, exc.errors)
            return None
        except ServiceError as exc:  # too many sign-ups from this network address: not the email's fault
            problem.text = str(exc)
            return None
        signup_mail.send_mail_in_background()
        form.set_visibility(False)
        with sent:
            ui.label('Check your email').classes('text-xl font-semibold').props('role=heading aria-level=2')
            ui.label(f'We sent a link to {pending.email}. Open it within {get_settings().signup_link_hours} hours '
                     'to finish creating your organization and log in.')
            ui.label('Nothing arrived after a few minutes? Look in your spam folder, or:').classes('text-slate-600')
            ui.link('Sign up again', '/signup')
        return FINISHED

    one_at_a_time(button, submit, enter_in=fields.values())
