"""/login: email and password, then the one-time hand-over that sets the session cookie."""


from nicegui import context, ui
from starlette.requests import Request

from components.actions import in_thread
from components.auth_card import auth_card, submit_button
from components.one_at_a_time import FINISHED, one_at_a_time
from pages.access import safe_next
from pages.auth_routes import complete_url
from services import auth
from services.errors import AuthenticationFailed
from services.throttle import Throttled


def login_page(request: Request) -> None:
    target = safe_next(request.query_params.get('next'))
    with auth_card('Log in', 'Welcome back. Log in with the email your organization registered.'):
        if request.query_params.get('expired'):
            ui.label('That log-in link has expired. Please log in again.').classes('text-negative')
        if request.query_params.get('ended'):
            ui.label('Your session has ended. Please log in again.').classes('text-negative').props('role=status')
            now = getattr(request.state, 'actor', None)
            if now is not None:  # another tab logged this browser in as somebody else
                ui.label(f'This browser is now logged in as {now.email}.').style('overflow-wrap:anywhere')
                ui.link(f'Continue as {now.email}', target).style('overflow-wrap:anywhere')
        email = ui.input('Email').props('type=email autocomplete=username outlined').classes('w-full')
        password = ui.input('Password', password=True, password_toggle_button=True) \
            .props('autocomplete=current-password outlined').classes('w-full')
        message = ui.label().classes('text-negative').props('role=alert')
        button = submit_button('Log in')
        ui.link('New to MobilOS? Create an organization', '/signup').classes('mt-2')

    async def submit() -> str | None:
        message.text = ''
        if not email.value.strip() or not password.value:
            message.text = 'Enter your email and password.'
            return None
        request = context.client.request
        attempt = {'email': email.value, 'password': password.value, 'ip_address': context.client.ip or '',
                   'user_agent': request.headers.get('user-agent', ''),
                   'device_token': auth.from_cookies(request.cookies, auth.DEVICE_COOKIE)}
        try:
            ticket = await in_thread(lambda: auth.login(**attempt))
        except (AuthenticationFailed, Throttled) as exc:
            message.text = str(exc)
            return None
        next_path = '/set-password' if ticket.must_change_password else target
        ui.navigate.to(complete_url(ticket.handoff, next_path))
        return FINISHED  # the button stays disabled on the way out: a late click would open a second session

    one_at_a_time(button, submit, enter_in=[email, password])

