"""The password asked again of a signed-in member before a change that ends sessions (ASVS 7.5.1, 7.5.2).

Two steps, so that argon2 (about 0.1 s) never runs while SQLite's single write lock is held: `ask` before
the caller's write session has run its first statement, `settle` inside it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from models import Role, User
from services import security, security_log, throttle
from services.access import Actor, require
from services.db import session_scope
from services.errors import InvalidInput


@dataclass(frozen=True)
class Answer:
    correct: bool
    stored: str  # the hash it was checked against: a password changed meanwhile voids the answer


def _keys(user_id: int) -> throttle.ThrottleKeys:
    return throttle.ThrottleKeys((f'reauth:{user_id}',))


def _label(field: str) -> str:
    return 'current password' if field == 'current_password' else 'password'  # the field's own label


def ask(actor: Actor, password: str, *, field: str, roles: Iterable[Role]) -> Answer:
    """Check `password` against the member's own; call it before the caller's write session is used.

    Somebody holding a stolen session must not get unlimited guesses this way: each try is counted on the
    member's own key (growing delays, an hourly budget) before the check, so parallel tries share the budget,
    and `settle` clears the key when the answer was right."""
    keys = _keys(actor.user_id)
    with session_scope(write=True) as db:
        user = require(db, actor, roles)
        try:
            throttle.check(db, keys)
        except throttle.Throttled as exc:
            raise InvalidInput({field: str(exc)}) from exc
        if not password:
            raise InvalidInput({field: f'Enter your {_label(field)}.'})
        throttle.record_failure(db, keys)
        stored = user.hashed_password
    return Answer(security.verify_password(stored, password[:security.PASSWORD_MAX * 4]), stored)


def settle(db: Session, user: User, answer: Answer, *, field: str) -> None:
    """In the caller's write session: refuse a wrong answer (its try stays counted). A right one clears the
    member's key, and keeps it cleared when the action then refuses something else (a weak new password)."""
    if not answer.correct or user.hashed_password != answer.stored:
        security_log.event('reauthentication_failed', user_id=user.id)
        raise InvalidInput({field: f'The {_label(field)} is not correct.'})
    throttle.record_success_kept_on_rollback(db, _keys(user.id or 0))
