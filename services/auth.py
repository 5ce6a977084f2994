"""Log-in (password check, then a one-time hand-over to a session cookie), sessions, log-out."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import EmailStr, TypeAdapter, ValidationError
from sqlalchemy import update
from sqlmodel import Session, select

from models import AuthSession, Organization, User, utcnow
from services import security, security_log, throttle
from services.access import Actor
from services.config import get_settings
from services.db import session_scope
from services.errors import AuthenticationFailed

SESSION_COOKIE = 'mobilos_session'
HANDOFF_PURPOSE = 'login-handoff'
_EMAIL: TypeAdapter[EmailStr] = TypeAdapter(EmailStr)
HANDOFF_MAX_AGE_SECONDS = 120
DEVICE_COOKIE = 'mobilos_device'
HOST_PREFIX = '__Host-'  # over HTTPS: the browser then takes the cookie only if Secure, Path=/, no Domain
DEVICE_PURPOSE = 'trusted-device'
DEVICE_MAX_AGE_SECONDS = 180 * 24 * 3600
TOUCH_INTERVAL = timedelta(seconds=60)


@dataclass(frozen=True)
class LoginTicket:
    """Signed, single-use proof of a good password, exchanged by the browser for the session cookie."""

    handoff: str
    must_change_password: bool


def login(*, email: str, password: str, user_agent: str = '', ip_address: str = '',
          device_token: str | None = None) -> LoginTicket:
    """Check the password; unknown, inactive and wrong all fail the same way and take the same time.

    Opens its own short sessions: the slow password check runs between them, holding no database lock.
    """
    email, ip_address, user_agent = (security.storable(text) for text in (email, ip_address, user_agent))
    email = normalized_email(email)
    recorded = login_name(email)
    device = trusted_device(security.storable(device_token or ''), email)
    keys = throttle.ThrottleKeys.for_attempt(email=recorded, ip_address=ip_address, trusted_device=device)
    with session_scope() as db:
        try:
            throttle.check(db, keys)
        except throttle.Throttled:
            security_log.event('login', outcome='throttled', email=recorded, ip=ip_address)
            raise
        found = db.exec(select(User).where(User.email == email)).first() if email else None
    stored = found.hashed_password if found else None
    ok = security.verify_password(stored, password[:security.PASSWORD_MAX * 4])
    rehashed = security.hash_password(password) if ok and stored and security.needs_rehash(stored) else None
    with session_scope(write=True) as db:
        user = db.get(User, found.id) if found else None
        valid = ok and user is not None and user.is_active and user.hashed_password == stored
        if not valid or user is None:
            throttle.record_failure(db, keys)
            ticket = None
        else:
            throttle.record_success(db, keys)
            if rehashed:
                user.hashed_password = rehashed
            ticket = open_session(db, user, user_agent=user_agent, ip_address=ip_address,
                                   device=device or security.new_token()[:22])
    security_log.event('login', outcome='success' if ticket else 'failure', email=recorded, ip=ip_address,
                       user_id=found.id if ticket and found else None)
    if ticket is None:
        raise AuthenticationFailed()
    expires = found.temporary_password_expires_at if found else None
    if ticket.must_change_password and expires is not None and expires < utcnow():
        raise AuthenticationFailed('Your temporary password has expired. Ask your manager for a new one.')
    return ticket


def cookie_name(name: str, *, secure: bool) -> str:
    return HOST_PREFIX + name if secure else name


def from_cookies(cookies: Mapping[str, str], name: str) -> str | None:
    """A cookie set under either name: with the __Host- prefix over HTTPS, without it over plain HTTP."""
    return cookies.get(HOST_PREFIX + name) or cookies.get(name)


def normalized_email(email: str) -> str:
    """The address as sign-up stored it (normalized by the same validator), or as typed when it is not one."""
    return _valid_email(email) or email.strip().lower()[:254]


def login_name(email: str) -> str:
    """What the throttle table and the security log keep of a typed log-in name: the address, or, for text that
    is no address (a password typed into the email field, say), only a digest of it."""
    return _valid_email(email) or f'not-an-address:{security.token_digest(email)[:32]}'


def _valid_email(email: str) -> str | None:
    try:
        return str(_EMAIL.validate_python(email.strip())).lower()[:254]
    except ValidationError:
        return None


def trusted_device(device_token: str | None, email: str) -> str | None:
    """The device id from a device cookie issued to this account at an earlier successful log-in."""
    data = security.unsign(device_token, purpose=DEVICE_PURPOSE, max_age_seconds=DEVICE_MAX_AGE_SECONDS) \
        if device_token else None
    return str(data['d']) if data and data.get('e') == email and isinstance(data.get('d'), str) else None


def device_token_of(handoff: str) -> str | None:
    """The device cookie to set along with the session cookie at the end of a log-in."""
    data = security.unsign(handoff, purpose=HANDOFF_PURPOSE, max_age_seconds=HANDOFF_MAX_AGE_SECONDS)
    return str(data['dev']) if data and isinstance(data.get('dev'), str) else None


def open_session(db: Session, user: User, *, user_agent: str, ip_address: str, device: str = '') -> LoginTicket:
    nonce = security.new_token()
    assert user.id is not None
    session = AuthSession(user_id=user.id, handoff_hash=security.token_digest(nonce),
                          user_agent=user_agent[:300], ip_address=ip_address[:64])
    db.add(session)
    db.flush()
    payload: dict[str, object] = {'sid': session.id, 'nonce': nonce}
    if device:
        payload['dev'] = security.sign({'e': user.email, 'd': device}, purpose=DEVICE_PURPOSE)
    handoff = security.sign(payload, purpose=HANDOFF_PURPOSE)
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
    idle_since, born_since = live_since()
    if (session.revoked_at is not None or not user.is_active
            or session.last_seen_at < idle_since or session.created_at < born_since):
        return None
    assert user.id is not None and session.id is not None and org.id is not None
    return Actor(user_id=user.id, organization_id=org.id, role=user.role, session_id=session.id,
                 full_name=user.full_name, email=user.email, organization_name=org.name,
                 organization_logo_version=org.logo_version if org.has_logo else None,
                 must_change_password=user.must_change_password, is_main_manager=user.is_main_manager,
                 last_seen_at=session.last_seen_at)


def live_since() -> tuple[datetime, datetime]:
    """A session lives while last seen after the first moment and started after the second."""
    settings = get_settings()
    now = utcnow()
    return (now - timedelta(minutes=settings.session_idle_minutes),
            now - timedelta(hours=settings.session_lifetime_hours))


def touch_session(*, db: Session, actor: Actor) -> None:
    """Record activity at most once a minute, so idle sessions can expire without a write per click."""
    if utcnow() - actor.last_seen_at >= TOUCH_INTERVAL:
        db.execute(update(AuthSession).where(AuthSession.id == actor.session_id)  # type: ignore[arg-type]
                   .values(last_seen_at=utcnow()))


def logout(*, db: Session, token: str | None) -> None:
    """End this browser's session on the server."""
    session = db.exec(select(AuthSession).where(AuthSession.token_hash == security.token_digest(token))).first() \
        if token else None
    if session is not None and session.revoked_at is None:
        session.revoked_at = utcnow()
        db.add(session)
        security_log.event('logout', user_id=session.user_id, session_id=session.id)


def revoke_sessions(db: Session, user_id: int, *, keep_session_id: int | None = None) -> None:
    statement = (update(AuthSession)
                 .where(AuthSession.user_id == user_id)  # type: ignore[arg-type]
                 .where(AuthSession.revoked_at.is_(None)))  # type: ignore[union-attr]
    if keep_session_id is not None:
        statement = statement.where(AuthSession.id != keep_session_id)  # type: ignore[arg-type]
    db.execute(statement.values(revoked_at=utcnow()))
