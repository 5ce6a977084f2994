"""Sign-up in two steps: the form asks for a link by mail; the link creates the organization and logs in.

The form's answer is the same whether or not the address is registered, and so is the work behind it
(validate, hash, one insert): the difference only shows in the mail, read by the address's owner.
"""

from datetime import timedelta

from pydantic import ValidationError
from sqlalchemy import update
from sqlmodel import Session, col, select

from models import Organization, Role, SignupCreate, SignupRequest, SignupRequestPublic, User, utcnow
from services import auth, security, security_log, throttle
from services.config import get_settings
from services.db import session_scope
from services.errors import InvalidInput, ServiceError
from services.members import email_in_use, index_for_search
from services.validation import errors_with_password

PASSWORD_CHECKS_ALLOWED = 5  # per link; then it stops working


class SignupLinkUnusable(ServiceError):
    def __init__(self, message: str = 'This link has expired or was already used.') -> None:
        super().__init__(message)


def request_signup(*, data: dict[str, str], ip_address: str = '') -> SignupRequestPublic:
    """Check the form and queue the mail; answers alike for new and registered addresses."""
    try:
        form = SignupCreate.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(errors_with_password(exc, data, 'password')) from exc
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


def pending_signup(*, db: Session, token: str) -> SignupRequestPublic | None:
    request = _usable(db, token)
    return SignupRequestPublic.model_validate(request, from_attributes=True) if request else None


def confirm_signup(*, token: str, password: str, user_agent: str = '', ip_address: str = '') -> auth.LoginTicket:
    """Create the organization and its main manager from a mailed link (once), and log them in.

    The link alone is not enough: whoever starts a sign-up chooses its password, so the password typed then
    is asked again. A link somebody else requested for this address cannot give them an account.
    """
    ip_address = security.storable(ip_address)[:64]
    with session_scope() as db:
        request = _usable(db, token)
    if request is None:
        security_log.event('signup_link_refused', reason='unusable', ip=ip_address)
        raise SignupLinkUnusable()
    with session_scope(write=True) as db:  # take a check before making it: parallel guesses share the budget
        reserved = db.execute(update(SignupRequest).where(
            col(SignupRequest.id) == request.id, col(SignupRequest.used_at).is_(None),
            col(SignupRequest.password_checks) < PASSWORD_CHECKS_ALLOWED)
            .values(password_checks=SignupRequest.password_checks + 1))
    if reserved.rowcount != 1:  # type: ignore[attr-defined]
        security_log.event('signup_link_refused', request_id=request.id, reason='no_checks_left', ip=ip_address)
        raise SignupLinkUnusable()
    stored = request.hashed_password
    if not security.verify_password(stored, password[:security.PASSWORD_MAX * 4]):  # outside the write lock
        security_log.event('signup_link_refused', request_id=request.id, reason='wrong_password', ip=ip_address)
        wrong = 'This is not the password this sign-up was started with.'
        if request.password_checks + 1 >= PASSWORD_CHECKS_ALLOWED:
            raise SignupLinkUnusable(f'{wrong} This link no longer works: sign up again.')
        raise InvalidInput({'password': f'{wrong} Use the link from your own sign-up, or sign up again.'})
    with session_scope(write=True) as db:
        if email_in_use(db, request.email):  # registered since the link was sent (only its owner sees this)
            raise SignupLinkUnusable('This email already has an account. Log in instead.')
        claimed = db.execute(update(SignupRequest).where(
            col(SignupRequest.id) == request.id, col(SignupRequest.used_at).is_(None),
            col(SignupRequest.created_at) > utcnow() - link_life()).values(used_at=utcnow(), hashed_password=''))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise SignupLinkUnusable()
        user = create_organization(db, organization_name=request.organization_name, full_name=request.full_name,
                                   email=request.email, hashed_password=stored)
        security_log.event('signup', user_id=user.id, organization_id=user.organization_id, ip=ip_address)
        return auth.open_session(db, user, user_agent=security.storable(user_agent), ip_address=ip_address)


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
        col(SignupRequest.password_checks) < PASSWORD_CHECKS_ALLOWED,
        col(SignupRequest.created_at) > utcnow() - link_life())).first()


def link_life() -> timedelta:
    return timedelta(hours=get_settings().signup_link_hours)
