"""The two plain HTTP steps of a session: the cookie is set and cleared by real responses."""

from urllib.parse import quote

from nicegui import app, run
from starlette.requests import Request
from starlette.responses import RedirectResponse

from pages.access import safe_next
from services import auth
from services.config import get_settings
from services.db import session_scope


def complete_url(handoff: str, next_path: str) -> str:
    """Where a log-in or sign-up page sends the browser to pick up its session cookie."""
    return f'/auth/complete?handoff={quote(handoff)}&next={quote(next_path)}'


async def complete_login(request: Request) -> RedirectResponse:
    """Swap the one-time hand-over token for a fresh session cookie (a new one at every login)."""
    handoff = request.query_params.get('handoff', '')
    token = await run.io_bound(_complete, handoff, auth.from_cookies(request.cookies, auth.SESSION_COOKIE))
    if token is None:
        return RedirectResponse('/login?expired=1', status_code=303)
    response = RedirectResponse(safe_next(request.query_params.get('next')), status_code=303)
    secure = get_settings().cookie_secure
    secure_flag = request.url.scheme == 'https' if secure is None else secure

    def set_cookie(name: str, value: str, max_age: int | None = None) -> None:  # never a Domain
        response.set_cookie(auth.cookie_name(name, secure=secure_flag), value, max_age=max_age, httponly=True,
                            samesite='lax', path='/', secure=secure_flag)

    set_cookie(auth.SESSION_COOKIE, token)
    device = auth.device_token_of(handoff)
    if device:  # lets this browser log in to the account even while others' guesses are throttled
        set_cookie(auth.DEVICE_COOKIE, device, auth.DEVICE_MAX_AGE_SECONDS)
    return response


def _complete(handoff: str, replaced: str | None) -> str | None:
    with session_scope(write=True) as db:
        token = auth.complete_login(db=db, handoff=handoff)
        if token is not None and replaced:  # the browser's previous session ends with its cookie
            auth.logout(db=db, token=replaced)
        return token


def register() -> None:
    app.add_api_route('/auth/complete', complete_login, methods=['GET'], include_in_schema=False)
