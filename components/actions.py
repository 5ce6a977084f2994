"""Run one service action for the browser's current session, off the event loop."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast
from urllib.parse import quote

from nicegui import context, run, ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.forms import show_errors
from components.notice import clear_notices
from services import auth
from services.access import Actor
from services.db import session_scope
from services.errors import InvalidInput, ServiceError, TechnicianLimitReached

T = TypeVar('T')


class SignedOut(ServiceError):
    def __init__(self) -> None:
        super().__init__('Your session has ended. Please log in again.')


def session_token() -> str | None:
    return auth.from_cookies(context.client.request.cookies, auth.SESSION_COOKIE)


async def call(action: Callable[..., T], /, *, write: bool = False, **kwargs: Any) -> T:
    """Re-check the session in the database at every UI event, then run `action(db=, actor=, **kwargs)`.

    When the session has ended (logged out, deactivated, password changed elsewhere) the page is
    left for the login page and SignedOut is raised, so nothing else happens.
    """
    token = session_token()

    def work() -> tuple[bool, T | None]:
        with session_scope() as db:
            actor = auth.resolve_session(db=db, token=token)
        if actor is None:
            return False, None
        return True, run_as(actor, action, write=write, **kwargs)

    outcome = await run.io_bound(work)  # None only while the server is shutting down
    signed_in, result = outcome if outcome is not None else (False, None)
    if not signed_in:
        url = context.client.request.url
        here = url.path + (f'?{url.query}' if url.query else '')
        ui.navigate.to(f'/login?ended=1&next={quote(here)}')  # the login page says why, then comes back here
        raise SignedOut()
    return result  # type: ignore[return-value]


async def in_thread(work: Callable[..., T], *args: Any) -> T:
    """Run blocking work (database, password hashing) in a worker thread so the event loop stays free."""
    return cast(T, await run.io_bound(work, *args))


def run_as(actor: Actor, action: Callable[..., T], *, write: bool, **kwargs: Any) -> T:
    with session_scope(write=write) as db:
        return action(db=db, actor=actor, **kwargs)



@dataclass(frozen=True)
class Outcome(Generic[T]):
    ok: bool
    value: T | None = None


async def submit(action: Callable[..., T], /, *, fields: Mapping[str, ValidationElement] | None = None,
                 on_limit: Callable[[TechnicianLimitReached], None] | None = None, write: bool = True,
                 **kwargs: Any) -> Outcome[T]:
    """Run a form's action. Field errors go next to their fields, the technician limit to `on_limit`,
    any other refusal becomes a notification; the outcome tells the page whether to go on."""
    clear_notices()  # the page's earlier confirmation must not stand beside this action's outcome
    if fields is not None:
        show_errors(fields, {})
    try:
        return Outcome(True, await call(action, write=write, **kwargs))
    except InvalidInput as exc:
        if fields is not None:
            show_errors(fields, exc.errors)
        else:
            ui.notify(next(iter(exc.errors.values())), type='negative')
    except TechnicianLimitReached as exc:
        if on_limit is None:
            ui.notify(str(exc), type='negative')
        else:
            on_limit(exc)
    except ServiceError as exc:
        ui.notify(str(exc), type='negative')
    return Outcome(False)
