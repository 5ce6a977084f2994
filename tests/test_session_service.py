"""Sessions: the one-time hand-over, resolving the cookie, log-out, idle and absolute expiry (services.auth)."""

from datetime import timedelta

from models import AuthSession, User, utcnow
from services import auth
from services.access import Actor
from services.config import get_settings
from services.db import session_scope
from tests.factories import STRONG_PASSWORD, get_user, signup


def _open_session(email: str, password: str = STRONG_PASSWORD) -> str:
    with session_scope(write=True) as db:
        handoff = auth.login(email=email, password=password).handoff
    with session_scope(write=True) as db:
        token = auth.complete_login(db=db, handoff=handoff)
    assert token is not None
    return token


def _resolve(token: str | None) -> Actor | None:
    with session_scope() as db:
        return auth.resolve_session(db=db, token=token)


def _update(model: type[User] | type[AuthSession], row_id: int, **values: object) -> None:
    """Change a row directly in the database, as time passing or an administrator would."""
    with session_scope(write=True) as db:
        row = db.get(model, row_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)


def test_handoff_token_is_single_use_and_garbage_is_refused() -> None:
    actor = signup()
    with session_scope(write=True) as db:
        handoff = auth.login(email=actor.email, password=STRONG_PASSWORD).handoff
    with session_scope(write=True) as db:
        first = auth.complete_login(db=db, handoff=handoff)
    with session_scope(write=True) as db:
        second = auth.complete_login(db=db, handoff=handoff)
        garbage = auth.complete_login(db=db, handoff='garbage')
        empty = auth.complete_login(db=db, handoff='')
    assert first is not None and _resolve(first) is not None
    assert second is None and garbage is None and empty is None
    assert get_user(actor.user_id).last_login_at is not None


def test_logout_ends_only_that_session() -> None:
    actor = signup()
    token, other = _open_session(actor.email), _open_session(actor.email)
    with session_scope(write=True) as db:
        auth.logout(db=db, token=token)
    assert _resolve(token) is None
    assert _resolve(other) is not None
    assert _resolve(None) is None and _resolve('made-up-token') is None


def test_session_resolves_to_fresh_member_data() -> None:
    manager = signup()
    token = _open_session(manager.email)
    _update(User, manager.user_id, full_name='Maria Renamed')
    actor = _resolve(token)
    assert actor is not None and actor.full_name == 'Maria Renamed' and actor.user_id == manager.user_id


def test_deactivated_member_loses_existing_sessions() -> None:
    manager = signup()
    token = _open_session(manager.email)
    _update(User, manager.user_id, is_active=False)
    assert _resolve(token) is None


def test_idle_session_expires() -> None:
    token = _open_session(signup().email)
    actor = _resolve(token)
    assert actor is not None
    idle = timedelta(minutes=get_settings().session_idle_minutes)
    _update(AuthSession, actor.session_id, last_seen_at=utcnow() - idle + timedelta(minutes=5))
    assert _resolve(token) is not None  # a long pause within the limit keeps the session
    _update(AuthSession, actor.session_id, last_seen_at=utcnow() - idle - timedelta(minutes=1))
    assert _resolve(token) is None


def test_session_ends_after_its_lifetime_even_when_active() -> None:
    token = _open_session(signup().email)
    actor = _resolve(token)
    assert actor is not None
    _update(AuthSession, actor.session_id,
            created_at=utcnow() - timedelta(hours=get_settings().session_lifetime_hours + 1))
    assert _resolve(token) is None
