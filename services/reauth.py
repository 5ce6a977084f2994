"""The password asked again of a signed-in member before a change that ends sessions (ASVS 7.5.1, 7.5.2)."""

from sqlmodel import Session

from models import User
from services import security, security_log, throttle
from services.errors import InvalidInput


def check_password_again(db: Session, user: User, password: str, *, field: str) -> None:
    """Refuse unless `password` is the member's own.

    Somebody holding a stolen session must not get unlimited guesses at the password this way: wrong answers
    count on the member's own key (growing delays, an hourly budget), and a right one clears it."""
    what = 'current password' if field == 'current_password' else 'password'  # the field's own label
    keys = throttle.ThrottleKeys((f'reauth:{user.id}',))
    try:
        throttle.check(db, keys)
    except throttle.Throttled as exc:
        raise InvalidInput({field: str(exc)}) from exc
    if not password:
        raise InvalidInput({field: f'Enter your {what}.'})
    if not security.verify_password(user.hashed_password, password[:security.PASSWORD_MAX * 4]):
        security_log.event('reauthentication_failed', user_id=user.id)
        throttle.record_failure_after_rollback(db, keys)
        raise InvalidInput({field: f'The {what} is not correct.'})
    throttle.record_success(db, keys)

