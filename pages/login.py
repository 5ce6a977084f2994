"""/login: email and password, then the one-time hand-over that sets the session cookie."""

from urllib.parse import quote

from nicegui import context, ui
from starlette.requests import Request

from components.actions import in_thread
from components.auth_card import auth_card, submit_button
from pages.access import safe_next
from services import auth
from services.db import session_scope
from services.errors import AuthenticationFailed


def login_page(request: Request) -> None:
    target = safe_next(request.query_params.get('next'))
    with auth_card('Log in', 'Welcome back. Log in with the email your organization registered.'):
        if request.query_params.get('expired'):
            ui.label('That log-in link has expired. Please log in again.').classes('text-negative')
        email = ui.input('Email').props('type=email autocomplete=username outlined').classes('w-full')
        password = ui.input('Password', password=True, password_toggle_button=True) \
            .props('autocomplete=current-password outlined').classes('w-full')
        message = ui.label().classes('text-negative').props('role=alert')
        button = submit_button('Log in')
        ui.link('New to MobilOS? Create an organization', '/signup').classes('mt-2')

    async def submit() -> None:
        message.text = ''
        if not email.value.strip() or not password.value:
            message.text = 'Enter your email and password.'
            return
        button.disable()
        headers = context.client.request.headers
        ip = context.client.ip or ''
        try:
            ticket = await in_thread(_login, email.value, password.value, headers.get('user-agent', ''), ip)
        except AuthenticationFailed as exc:
            message.text = str(exc)
            return
        finally:
            button.enable()
        next_path = '/set-password' if ticket.must_change_password else target
        ui.navigate.to(f'/auth/complete?handoff={quote(ticket.handoff)}&next={quote(next_path)}')

    button.on_click(submit)
    password.on('keydown.enter', submit)


def _login(email: str, password: str, user_agent: str, ip: str) -> auth.LoginTicket:
    with session_scope(write=True) as db:
        return auth.login(db=db, email=email, password=password, user_agent=user_agent, ip_address=ip)
