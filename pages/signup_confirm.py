"""/signup/confirm?token=…: the mailed link. Opening it changes nothing (mail scanners open links too);
`Finish sign-up`, with the password chosen at sign-up, creates the organization and logs its creator in."""

from nicegui import context, ui
from starlette.requests import Request

from components.actions import in_thread
from components.auth_card import auth_card, submit_button
from components.forms import show_errors
from components.one_at_a_time import FINISHED, one_at_a_time
from pages.auth_routes import complete_url
from services import signup
from services.db import session_scope
from services.errors import InvalidInput, ServiceError

WRAP = 'overflow-wrap:anywhere'  # a long unbroken name must not push the card off a phone screen


def signup_confirm_page(request: Request) -> None:
    token = request.query_params.get('token', '')
    with session_scope() as db:
        pending = signup.pending_signup(db=db, token=token)
    if pending is None:
        with auth_card('This link cannot be used', 'It has expired, was already used, or was copied incompletely.'):
            ui.link('Log in', '/login')
            ui.link('Create your organization again', '/signup')
        return
    signed_in = getattr(request.state, 'actor', None)
    with auth_card('Finish creating your organization'):
        ui.label(f'Organization: {pending.organization_name}').style(WRAP)
        ui.label(f'Manager: {pending.full_name} ({pending.email})').style(WRAP)
        if signed_in is not None:
            ui.label(f'You are logged in as {signed_in.email}. Finishing logs you out of that account.') \
                .classes('text-amber-800').style(WRAP)
        password = ui.input('Password', password=True, password_toggle_button=True) \
            .props('outlined autocomplete=current-password hint="The password you chose when you signed up"') \
            .classes('w-full')
        message = ui.label().classes('text-negative').props('role=alert')
        button = submit_button('Finish sign-up')
        ui.link('Already have an account? Log in', '/login').classes('mt-2')
        again = ui.link('Sign up again', '/signup')
        again.set_visibility(False)  # shown once this link is spent

    async def finish() -> str | None:
        message.text = ''
        show_errors({'password': password}, {})
        if not password.value:
            show_errors({'password': password}, {'password': 'Enter the password you chose when you signed up.'})
            return None
        client = context.client
        attempt = {'token': token, 'password': password.value, 'ip_address': client.ip or '',
                   'user_agent': client.request.headers.get('user-agent', '')}
        try:
            ticket = await in_thread(lambda: signup.confirm_signup(**attempt))
        except InvalidInput as exc:
            show_errors({'password': password}, exc.errors)
            return None
        except ServiceError as exc:  # used, expired, or the address was registered meanwhile
            message.text = str(exc)
            button.set_visibility(False)
            password.disable()
            again.set_visibility(True)
            return FINISHED
        ui.navigate.to(complete_url(ticket.handoff, '/team'))
        return FINISHED

    one_at_a_time(button, finish, enter_in=[password])
