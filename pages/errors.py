"""The app's own pages for an unknown address and an unexpected failure, instead of NiceGUI's bare
"HTTPException: 404" or an exception's name: a person sees what happened and the way back."""

from typing import cast

from fastapi.exception_handlers import http_exception_handler
from nicegui import Client, app, run, ui
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from components.auth_card import auth_card
from components.forms import heading
from components.frame import page_frame
from pages.access import resolve_actor
from services import auth
from services.access import Actor

NOT_FOUND_TEXT = 'The address may be mistyped, or the page no longer exists.'
SERVER_ERROR_TEXT = 'Something went wrong on our side and it has been logged. Please try again in a moment.'


def explain(title: str, text: str, actor: Actor | None) -> None:
    if actor is None:
        with auth_card(title, text):
            ui.link('Go to the log-in page', '/login')
        return
    with page_frame(actor):
        heading(title)
        ui.label(text)
        ui.link('Go to your home page', '/')


async def not_found(request: Request, exception: Exception) -> Response:
    endpoint = request.scope.get('endpoint')
    if endpoint is not None and endpoint is not app and isinstance(exception, HTTPException):
        return await http_exception_handler(request, exception)  # an API route's own 404 stays JSON
    return await page_not_found(request)


async def page_not_found(request: Request) -> Response:
    actor = await _viewer(request)
    with Client(ui.page('', title='Page not found · MobilOS'), request=request) as client:
        explain('Page not found', NOT_FOUND_TEXT, actor)
    return client.build_response(request, 404)


async def _viewer(request: Request) -> Actor | None:
    """Who is asking: known already unless the access middleware let the path through unchecked."""
    if hasattr(request.state, 'actor'):
        return cast(Actor | None, request.state.actor)
    token = auth.from_cookies(request.cookies, auth.SESSION_COOKIE)
    return await run.io_bound(resolve_actor, token) if token else None


def server_error() -> None:
    """Shown when building a page fails; NiceGUI still logs the exception with its traceback."""
    request = ui.context.client.request
    explain('Something went wrong', SERVER_ERROR_TEXT, getattr(request.state, 'actor', None))


def install() -> None:
    app.add_exception_handler(404, not_found)
    app.on_page_exception(server_error)
