"""/signup/confirm?token=…: the mailed link. Opening it changes nothing (mail scanners open links too);
the button creates the organization and logs its creator in."""

from nicegui import context, ui
from starlette.requests import Request

from components.actions import in_thread
from components.auth_card import auth_card, submit_button
from pages.auth_routes import complete_url
from services import signup
from services.db import session_scope
from services.errors import ServiceError


def signup_confirm_page(request: Request) -> None:
    token = request.query_params.get('token', '')
    with session_scope() as db:
        pending = signup.pending_signup(db=db, token=token)
    if pending is None:
        with auth_card('This link cannot be used', 'It has expired or was already used.'):
            ui.link('Create your organization again', '/signup')
            ui.link('Log in', '/login')
        return
    with auth_card('Finish creating your organization'):
        ui.label(f'Organization: {pending.organization_name}').classes('break-words')
        ui.label(f'Manager: {pending.full_name} ({pending.email})').classes('break-words')
        message = ui.label().classes('text-negative').props('role=alert')
        button = submit_button('Finish sign-up')

    async def finish() -> None:
        message.text = ''
        button.disable()
        client = context.client
        try:
            ticket = await in_thread(lambda: signup.confirm_signup(
                token=token, user_agent=client.request.headers.get('user-agent', ''), ip_address=client.ip or ''))
        except ServiceError as exc:
            message.text = str(exc)
            return
        finally:
            button.enable()
        ui.navigate.to(complete_url(ticket.handoff, '/team'))

    button.on_click(finish)
