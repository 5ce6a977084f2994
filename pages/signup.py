"""/signup: create an organization; its creator becomes the main manager and is logged in."""


from nicegui import context, ui
from starlette.requests import Request

from components.actions import in_thread
from components.auth_card import auth_card, submit_button
from components.forms import clear_errors, show_errors
from components.password_field import new_password_input
from pages.auth_routes import complete_url
from services import auth
from services.db import session_scope
from services.errors import InvalidInput, ServiceError


def signup_page(_request: Request) -> None:
    with auth_card('Create your organization', 'You will be its manager and can invite your team next.'):
        fields = {
            'organization_name': ui.input('Organization name').props('outlined maxlength=120'),
            'full_name': ui.input('Full name').props('outlined autocomplete=name maxlength=120'),
            'email': ui.input('Email').props('type=email outlined autocomplete=username maxlength=254'),
            'password': new_password_input('Password'),
        }
        for field in fields.values():
            field.classes('w-full')
        button = submit_button('Create organization')
        ui.link('Already have an account? Log in', '/login').classes('mt-2')

    async def submit() -> None:
        clear_errors(fields)
        data = {name: str(field.value or '') for name, field in fields.items()}
        headers = context.client.request.headers
        button.disable()
        try:
            ticket = await in_thread(_signup, data, headers.get('user-agent', ''), context.client.ip or '')
        except InvalidInput as exc:
            show_errors(fields, exc.errors)
            return
        except ServiceError as exc:  # e.g. too many attempts
            show_errors(fields, {'email': str(exc)})
            return
        finally:
            button.enable()
        ui.navigate.to(complete_url(ticket.handoff, '/team'))

    button.on_click(submit)


def _signup(data: dict[str, str], user_agent: str, ip: str) -> auth.LoginTicket:
    with session_scope(write=True) as db:
        return auth.signup(db=db, data=data, user_agent=user_agent, ip_address=ip)
