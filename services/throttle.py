"""Log-in throttling: growing delays per account, per client address and per trusted device.

A device that has logged in to an account before carries a signed device cookie; its attempts are
counted on their own key, so somebody guessing an account's password elsewhere never locks its owner
out (ASVS 6.1.1, OWASP "device cookies"). Untrusted attempts on an account get at most
ACCOUNT_HOURLY_BUDGET tries per hour at the password check.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from models import LoginThrottle, utcnow
from services.db import after_rollback, session_scope
from services.errors import ServiceError

ACCOUNT_HOURLY_BUDGET = 100
# 'member-email': an organization's New Member / member page meeting addresses registered elsewhere.
# 'reauth': a signed-in member's password asked again (password change, signing out other sessions).
HOURLY_BUDGET = {'account': ACCOUNT_HOURLY_BUDGET, 'device': ACCOUNT_HOURLY_BUDGET, 'member-email': 20, 'reauth': 20}
FREE_FAILURES = {'account': 3, 'device': 3, 'ip': 10, 'signup': 20, 'member-email': 5, 'reauth': 3}
MAX_DELAY_SECONDS = {'account': 30, 'device': 30, 'ip': 60, 'signup': 60, 'member-email': 60, 'reauth': 30}
WINDOW = timedelta(hours=1)
# Log-in keys are cleared by a correct password; these never see a success, so their count starts
# afresh with each hour instead (a shared office address is not slowed down for good).
FORGOTTEN_HOURLY = frozenset({'signup', 'member-email'})


class Throttled(ServiceError):
    def __init__(self, seconds: int) -> None:
        wait = (f'{seconds} second' + ('' if seconds == 1 else 's')) if seconds < 120 \
            else f'{-(-seconds // 60)} minutes'
        super().__init__(f'Too many attempts. Wait {wait} and try again.')
        self.retry_after = seconds


@dataclass(frozen=True)
class ThrottleKeys:
    keys: tuple[str, ...]

    @classmethod
    def for_attempt(cls, *, email: str, ip_address: str, trusted_device: str | None) -> 'ThrottleKeys':
        if trusted_device:
            return cls((f'device:{trusted_device}',))
        return cls((f'account:{email[:300]}', f'ip:{ip_address[:64]}'))


def check(db: Session, keys: ThrottleKeys) -> None:
    """Refuse before the password check while any key is in its delay or out of its hourly budget."""
    now = utcnow()
    for key in keys.keys:
        row = db.get(LoginThrottle, key)
        if row is None:
            continue
        if row.blocked_until and row.blocked_until > now:
            raise Throttled(max(1, int((row.blocked_until - now).total_seconds() + 0.999)))
        budget = HOURLY_BUDGET.get(key.split(':', 1)[0])
        if budget is not None and row.window_start + WINDOW > now and row.window_failures >= budget:
            raise Throttled(int((row.window_start + WINDOW - now).total_seconds()) + 1)


def record_failure(db: Session, keys: ThrottleKeys) -> None:
    now = utcnow()
    for key in keys.keys:
        row = db.get(LoginThrottle, key) or LoginThrottle(key=key, window_start=now)
        kind = key.split(':', 1)[0]
        if row.window_start + WINDOW <= now:
            row.window_start, row.window_failures = now, 0
            if kind in FORGOTTEN_HOURLY:
                row.failures = 0
        row.failures += 1
        row.window_failures += 1
        excess = row.failures - FREE_FAILURES[kind]
        if excess > 0:
            row.blocked_until = now + timedelta(seconds=min(2 ** (excess - 1), MAX_DELAY_SECONDS[kind]))
        db.add(row)


def record_failure_after_rollback(db: Session, keys: ThrottleKeys) -> None:
    """Count a refusal whose own transaction is rolled back: in a session of its own, once the refused one
    has let go of SQLite's write lock."""
    _once_rolled_back(db, record_failure, keys)


def record_success(db: Session, keys: ThrottleKeys) -> None:
    """A correct password clears the delays of this attempt's keys (an attacker's budget elsewhere stays)."""
    for key in keys.keys:
        row = db.get(LoginThrottle, key)
        if row is not None:
            db.delete(row)


def record_success_kept_on_rollback(db: Session, keys: ThrottleKeys) -> None:
    """Clear the keys now, and once more in a session of its own should this transaction be rolled back:
    a right password stays right when the action goes on to refuse something else."""
    record_success(db, keys)
    _once_rolled_back(db, record_success, keys)


def _once_rolled_back(db: Session, record: Callable[[Session, ThrottleKeys], None], keys: ThrottleKeys) -> None:
    def in_own_session() -> None:
        with session_scope(write=True) as own:
            record(own, keys)
    after_rollback(db, in_own_session)
