"""Who may open which page: declared once per page, enforced by one middleware that denies by default."""

import inspect
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

from nicegui import app, run, ui
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from components.frame import no_access
from models import Role
from services import auth
from services.access import Actor
from services.db import session_scope

PUBLIC_PREFIXES = ('/_nicegui', '/auth/')
PageFunction = Callable[..., Awaitable[None] | None]


@dataclass(frozen=True)
class PageRule:
    path: str
    roles: frozenset[Role] | None  # None: public (login, sign-up)
    pending_ok: bool  # may be opened before the temporary password is replaced
    pattern: re.Pattern[str]
    # Public pages send a signed-in visitor onwards, except these (a mailed link works whoever is signed in).
    signed_in_too: bool = False


_rules: list[PageRule] = []


def add_page(path: str, render: PageFunction, *, title: str, roles: frozenset[Role] | None,
             pending_ok: bool = False, signed_in_too: bool = False) -> None:
    """Register a page; `render(actor, **path_params)` runs only for an allowed role."""
    pattern = re.compile('^' + re.sub(r'\{(\w+)\}', r'(?P<\1>[^/]+)', path) + '$')
    rule = PageRule(path, roles, pending_ok, pattern, signed_in_too)
    _rules.append(rule)

    async def page(request: Request) -> None:
        actor: Actor | None = getattr(request.state, 'actor', None)
        if rule.roles is None:
            result = render(request)
        elif actor is None:
            return  # the middleware redirects first; render nothing if it ever did not
        elif actor.role not in rule.roles:
            no_access(actor)
            return
        else:
            result = render(actor, **request.path_params)
        if inspect.isawaitable(result):
            await result

    ui.page(path, title=f'{title} · MobilOS')(page)


def rule_for(path: str) -> PageRule | None:
    return next((rule for rule in _rules if rule.pattern.match(path)), None)


def reset_rules() -> None:
    _rules.clear()


def safe_next(target: str | None) -> str:
    """Only local paths are accepted as a destination after log-in."""
    if not target or not target.startswith('/') or target.startswith('//') or '\\' in target:
        return '/'
    return target


class AccessMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        path = request.url.path
        if path.startswith(PUBLIC_PREFIXES):
            return await call_next(request)
        rule = rule_for(path)
        token = auth.from_cookies(request.cookies, auth.SESSION_COOKIE)
        actor = await run.io_bound(resolve_actor, token) if token else None
        request.state.actor = actor
        if rule is not None and rule.roles is None:  # public page
            # Already signed in: go where the link wanted to go; unless this tab's own session just ended while
            # the browser signed in as somebody else (another tab), which the log-in page then says.
            if actor and not rule.signed_in_too and 'ended' not in request.query_params:
                return RedirectResponse(safe_next(request.query_params.get('next')), status_code=303)
            return _drop_dead_cookie(await call_next(request), token, actor)
        if actor is None:  # deny by default: every other path needs a live session
            target = path + (f'?{request.url.query}' if request.url.query else '')
            ended = 'ended=1&' if token else ''  # a cookie whose session is over: tell the user why
            return _drop_dead_cookie(RedirectResponse(f'/login?{ended}next={quote(target)}', status_code=303),
                                     token, actor)
        if actor.must_change_password and not (rule and rule.pending_ok):
            return RedirectResponse('/set-password', status_code=303)
        return await call_next(request)


def _drop_dead_cookie(response: Response, token: str | None, actor: Actor | None) -> Response:
    """A session cookie whose session is over (logged out, expired, revoked) is of no use: the browser drops it."""
    if token and actor is None:
        response.delete_cookie(auth.SESSION_COOKIE, path='/')
        response.delete_cookie(auth.HOST_PREFIX + auth.SESSION_COOKIE, path='/', secure=True)
    return response


def resolve_actor(token: str) -> Actor | None:
    """The member a session cookie belongs to, marked as seen now; None when the session is over."""
    with session_scope() as db:
        actor = auth.resolve_session(db=db, token=token)
    if actor is not None:
        with session_scope(write=True) as db:
            auth.touch_session(db=db, actor=actor)
    return actor


def install() -> None:
    app.add_middleware(AccessMiddleware)
