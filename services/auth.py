"""Sign-up, log-in (password check, then a one-time hand-over to a session cookie), sessions, log-out."""

from dataclasses import dataclass
from datetime import timedelta

from pydantic import ValidationError
from sqlalchemy import update
from sqlmodel import Session, select

from models import AuthSession, Organization, Role, SignupCreate, User, utcnow
from services import security
from services.access import Actor
from services.config import get_settings
from services.errors import AuthenticationFailed, InvalidInput
from services.members import index_for_search
from services.validation import field_errors

SESSION_COOKIE = 'mobilos_session'
HANDOFF_PURPOSE = 'login-handoff'
HANDOFF_MAX_AGE_SECONDS = 120
TOUCH_INTERVAL = timedelta(seconds=60)


@dataclass(frozen=True)
class LoginTicket:
    """Signed, single-use proof of a good password, exchanged by the browser for the session cookie."""

    handoff: str
    must_change_password: bool


def signup(*, db: Session, data: dict[str, str], user_agent: str = '', ip_address: str = '') -> LoginTicket:
    try:
        form = SignupCreate.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc)) from exc
    problem = security.password_problem(form.password, email=form.email, organization_name=form.organization_name)
    if problem:
        raise InvalidInput({'password': problem})
    hashed = security.hash_password(form.password)
    if db.exec(select(User.id).where(User.email == form.email)).first() is not None:
        raise InvalidInput({'email': 'This email cannot be used for a new organization. Log in instead.'})
    org = Organization(name=form.organization_name)
    db.add(org)
    db.flush()
    assert org.id is not None
    user = User(organization_id=org.id, full_name=form.full_name, email=form.email, role=Role.MANAGER,
                sort_name=form.full_name.lower(), is_main_manager=True, hashed_password=hashed)
    db.add(user)
    db.flush()
    index_for_search(db, user)
    return _open_session(db, user, user_agent=user_agent, ip_address=ip_address)


def login(*, db: Session, email: str, password: str, user_agent: str = '', ip_address: str = '') -> LoginTicket:
    """Check the password; unknown, inactive and wrong all fail the same way and take the same time."""
    email = email.strip().lower()
    user = db.exec(select(User).where(User.email == email)).first() if email else None
    ok = security.verify_password(user.hashed_password if user else None, password[:security.PASSWORD_MAX * 4])
    if user is None or not ok or not user.is_active:
        raise AuthenticationFailed()
    expires = user.temporary_password_expires_at
    if user.must_change_password and expires is not None and expires < utcnow():
        raise AuthenticationFailed('Your temporary password has expired. Ask your manager for a new one.')
    if security.needs_rehash(user.hashed_password):
        user.hashed_password = security.hash_password(password)
    return _open_session(db, user, user_agent=user_agent, ip_address=ip_address)


def _open_session(db: Session, user: User, *, user_agent: str, ip_address: str) -> LoginTicket:
    nonce = security.new_token()
    assert user.id is not None
    session = AuthSession(user_id=user.id, handoff_hash=security.token_digest(nonce),
                          user_agent=user_agent[:300], ip_address=ip_address[:64])
    db.add(session)
    db.flush()
    handoff = security.sign({'sid': session.id, 'nonce': nonce}, purpose=HANDOFF_PURPOSE)
    return LoginTicket(handoff=handoff, must_change_password=user.must_change_password)


def complete_login(*, db: Session, handoff: str) -> str | None:
    """Exchange a hand-over token (once) for a fresh session token; None if it is bad, used or late."""
    data = security.unsign(handoff, purpose=HANDOFF_PURPOSE, max_age_seconds=HANDOFF_MAX_AGE_SECONDS)
    if data is None or not isinstance(data.get('sid'), int) or not isinstance(data.get('nonce'), str):
        return None
    token = security.new_token()
    now = utcnow()
    claimed = db.execute(
        update(AuthSession)
        .where(AuthSession.id == data['sid'],  # type: ignore[arg-type]
               AuthSession.handoff_hash == security.token_digest(str(data['nonce'])),  # type: ignore[arg-type]
               AuthSession.revoked_at.is_(None))  # type: ignore[union-attr]
        .values(handoff_hash=None, token_hash=security.token_digest(token), last_seen_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    session = db.get(AuthSession, data['sid'])
    assert session is not None
    user = db.get(User, session.user_id)
    if user is None or not user.is_active:
        return None
    user.last_login_at = now
    return token


def resolve_session(*, db: Session, token: str | None) -> Actor | None:
    """The actor behind a session cookie, read fresh from the database; None when it no longer holds."""
    if not token:
        return None
    row = db.exec(
        select(AuthSession, User, Organization)
        .join(User, User.id == AuthSession.user_id)  # type: ignore[arg-type]
        .join(Organization, Organization.id == User.organization_id)  # type: ignore[arg-type]
        .where(AuthSession.token_hash == security.token_digest(token))
    ).first()
    if row is None:
        return None
    session, user, org = row
    settings = get_settings()
    now = utcnow()
    if (session.revoked_at is not None or not user.is_active
            or now - session.last_seen_at > timedelta(minutes=settings.session_idle_minutes)
            or now - session.created_at > timedelta(hours=settings.session_lifetime_hours)):
        return None
    assert user.id is not None and session.id is not None and org.id is not None
    return Actor(user_id=user.id, organization_id=org.id, role=user.role, session_id=session.id,
                 full_name=user.full_name, email=user.email, organization_name=org.name,
                 organization_logo_version=org.logo_version,
                 must_change_password=user.must_change_password, is_main_manager=user.is_main_manager,
                 last_seen_at=session.last_seen_at)


def touch_session(*, db: Session, actor: Actor) -> None:
    """Record activity at most once a minute, so idle sessions can expire without a write per click."""
    if utcnow() - actor.last_seen_at >= TOUCH_INTERVAL:
        db.execute(update(AuthSession).where(AuthSession.id == actor.session_id)  # type: ignore[arg-type]
                   .values(last_seen_at=utcnow()))


def logout(*, db: Session, token: str | None) -> None:
    if token:
        db.execute(update(AuthSession)
                   .where(AuthSession.token_hash == security.token_digest(token))  # type: ignore[arg-type]
                   .where(AuthSession.revoked_at.is_(None))  # type: ignore[union-attr]
                   .values(revoked_at=utcnow()))


def revoke_sessions(db: Session, user_id: int, *, keep_session_id: int | None = None) -> None:
    statement = (update(AuthSession)
                 .where(AuthSession.user_id == user_id)  # type: ignore[arg-type]
                 .where(AuthSession.revoked_at.is_(None)))  # type: ignore[union-attr]
    if keep_session_id is not None:
        statement = statement.where(AuthSession.id != keep_session_id)  # type: ignore[arg-type]
    db.execute(statement.values(revoked_at=utcnow()))
