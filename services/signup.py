"""Sign-up in two steps: the form asks for a link by mail; the link creates the organization and logs in.

The form's answer is the same whether or not the address is registered, and so is the work behind it
(validate, hash, one insert): the difference only shows in the mail, read by the address's owner.
"""

import logging
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import timedelta

from pydantic import ValidationError
from sqlalchemy import delete, update
from sqlmodel import Session, col, func, select

from models import Organization, Role, SignupCreate, SignupMail, SignupRequest, SignupRequestPublic, User, utcnow
from services import auth, mail, security, security_log, signup_mail, throttle
from services.config import get_settings
from services.db import session_scope
from services.errors import InvalidInput, ServiceError
from services.members import email_in_use, index_for_search
from services.validation import field_errors

logger = logging.getLogger('mobilos.mail')
KEPT_FOR = timedelta(days=7)  # then even the record of a request goes


class SignupLinkUnusable(ServiceError):
    def __init__(self, message: str = 'This link has expired or was already used.') -> None:
        super().__init__(message)


def request_signup(*, data: dict[str, str], ip_address: str = '') -> SignupRequestPublic:
    """Check the form and queue the mail; answers alike for new and registered addresses."""
    try:
        form = SignupCreate.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc)) from exc
    problem = security.password_problem(form.password, email=form.email, organization_name=form.organization_name)
    if problem:
        raise InvalidInput({'password': problem})
    ip_address = security.storable(ip_address)[:64]
    keys = throttle.ThrottleKeys((f'signup:{ip_address}',))  # every request may send a mail
    with session_scope() as db:
        throttle.check(db, keys)
    hashed = security.hash_password(form.password)  # outside the write lock: it is the slow part
    with session_scope(write=True) as db:
        throttle.record_failure(db, keys)
        request = SignupRequest(organization_name=form.organization_name, full_name=form.full_name,
                                email=str(form.email), hashed_password=hashed, ip_address=ip_address)
        db.add(request)
        db.flush()
        security_log.event('signup_requested', request_id=request.id, email=request.email, ip=ip_address)
        return SignupRequestPublic.model_validate(request, from_attributes=True)


def send_mail_in_background() -> Future[object]:
    return mail.in_background(lambda: deliver_pending(sender=mail.default_sender()))


def deliver_pending(*, sender: mail.Sender) -> int:
    """Mail every waiting request once; returns how many were handled."""
    handled = 0
    while (claimed := _claim_next()) is not None:
        handled += 1
        if claimed.message is not None:
            try:
                sender.send(claimed.message)
            except Exception:  # one refused message must not hold back the others; the person can ask again
                logger.exception('sign-up mail %s could not be sent', claimed.request_id)
    with session_scope(write=True) as db:
        db.execute(delete(SignupRequest).where(col(SignupRequest.created_at) < utcnow() - KEPT_FOR))
    return handled


@dataclass(frozen=True)
class _Claimed:
    request_id: int | None
    message: mail.Message | None  # None: held back, nothing to send


def _claim_next() -> _Claimed | None:
    settings = get_settings()
    now = utcnow()
    with session_scope(write=True) as db:
        request = db.exec(select(SignupRequest).where(col(SignupRequest.mailed_at).is_(None),
                                                      col(SignupRequest.created_at) > now - _link_life())
                          .order_by(col(SignupRequest.id)).limit(1)
                          .with_for_update(skip_locked=True)).first()  # PostgreSQL: one worker per row
        if request is None:
            return None
        request.mailed_at = now
        token = None
        if _mailed_this_hour(db, request.email) >= settings.signup_mails_per_address_hour:
            request.mail, request.hashed_password = SignupMail.HELD, ''
        elif email_in_use(db, request.email):
            request.mail, request.hashed_password = SignupMail.REGISTERED, ''
        else:
            token = security.new_token()
            request.mail, request.token_hash = SignupMail.CONFIRM, security.token_digest(token)
        db.add(request)
        security_log.event('signup_mail', request_id=request.id, email=request.email, kind=request.mail)
        return _Claimed(request.id, None if request.mail == SignupMail.HELD else signup_mail.compose(request, token))


def _mailed_this_hour(db: Session, email: str) -> int:
    since = utcnow() - timedelta(hours=1)
    return db.exec(select(func.count()).select_from(SignupRequest).where(
        SignupRequest.email == email, col(SignupRequest.mailed_at) > since,
        col(SignupRequest.mail).in_([SignupMail.CONFIRM, SignupMail.REGISTERED]))).one()


def pending_signup(*, db: Session, token: str) -> SignupRequestPublic | None:
    request = _usable(db, token)
    return SignupRequestPublic.model_validate(request, from_attributes=True) if request else None


def confirm_signup(*, token: str, user_agent: str = '', ip_address: str = '') -> auth.LoginTicket:
    """Create the organization and its main manager from a mailed link (once), and log them in."""
    with session_scope(write=True) as db:
        request = _usable(db, token)
        if request is None:
            raise SignupLinkUnusable()
        if email_in_use(db, request.email):  # registered since the link was sent (only its owner sees this)
            raise SignupLinkUnusable('This email already has an account. Log in instead.')
        hashed_password = request.hashed_password
        claimed = db.execute(update(SignupRequest).where(col(SignupRequest.id) == request.id,
                                                         col(SignupRequest.used_at).is_(None))
                             .values(used_at=utcnow(), hashed_password=''))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise SignupLinkUnusable()
        user = create_organization(db, organization_name=request.organization_name, full_name=request.full_name,
                                   email=request.email, hashed_password=hashed_password)
        security_log.event('signup', user_id=user.id, organization_id=user.organization_id,
                           ip=security.storable(ip_address)[:64])
        return auth.open_session(db, user, user_agent=security.storable(user_agent),
                                 ip_address=security.storable(ip_address))


def create_organization(db: Session, *, organization_name: str, full_name: str, email: str,
                        hashed_password: str) -> User:
    """The organization and its main manager, from already checked values."""
    org = Organization(name=organization_name)
    db.add(org)
    db.flush()
    assert org.id is not None
    user = User(organization_id=org.id, full_name=full_name, email=email, role=Role.MANAGER,
                is_main_manager=True, hashed_password=hashed_password)
    db.add(user)
    db.flush()
    index_for_search(db, user)
    return user


def _usable(db: Session, token: str) -> SignupRequest | None:
    if not token or len(token) > 100:
        return None
    return db.exec(select(SignupRequest).where(
        SignupRequest.token_hash == security.token_digest(token), col(SignupRequest.used_at).is_(None),
        col(SignupRequest.created_at) > utcnow() - _link_life())).first()


def _link_life() -> timedelta:
    return timedelta(hours=get_settings().signup_link_hours)
