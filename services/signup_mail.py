"""The sign-up mail queue and its two mails.

One background worker mails each waiting request once: a link that creates the organization, or, when the
address already has an account, a "log in instead" note. Whoever fills in the form chooses the address, so
the mails carry nothing typed into it (no name, no organization name).
"""

import asyncio
import logging
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from models import SignupMail, SignupRequest, utcnow
from services import mail, security, security_log
from services.config import get_settings
from services.db import session_scope
from services.mail import Message
from services.members import email_in_use
from services.signup import link_life

logger = logging.getLogger('mobilos.mail')
KEPT_FOR = timedelta(days=7)  # then even the record of a request goes


def send_mail_in_background() -> Future[object]:
    return mail.in_background(lambda: deliver_pending(sender=mail.default_sender()))


def deliver_pending(*, sender: mail.Sender) -> int:
    """Mail every waiting request that its address's hourly cap allows; returns how many were mailed.

    A request over the cap waits (oldest first) for a later run, so the owner's own request goes out within
    the hour even while somebody else keeps asking for that address."""
    mailed = 0
    waiting: set[int] = set()
    while (claimed := _claim_next(waiting)) is not None:
        if claimed.message is None:
            waiting.add(claimed.request_id)
            continue
        mailed += 1
        try:
            sender.send(claimed.message)
        except Exception:  # one refused message must not hold back the others; the person can ask again
            logger.exception('sign-up mail %s could not be sent', claimed.request_id)
    with session_scope(write=True) as db:
        db.execute(delete(SignupRequest).where(col(SignupRequest.created_at) < utcnow() - KEPT_FOR))
    return mailed


@dataclass(frozen=True)
class _Claimed:
    request_id: int
    message: Message | None  # None: its address has had its mails for this hour


def _claim_next(waiting: set[int]) -> _Claimed | None:
    settings = get_settings()
    now = utcnow()
    with session_scope(write=True) as db:
        request = db.exec(select(SignupRequest).where(col(SignupRequest.mailed_at).is_(None),
                                                      col(SignupRequest.created_at) > now - link_life(),
                                                      col(SignupRequest.id).not_in(waiting))
                          .order_by(col(SignupRequest.id)).limit(1)
                          .with_for_update(skip_locked=True)).first()  # PostgreSQL: one worker per row
        if request is None:
            return None
        assert request.id is not None
        if _mailed_this_hour(db, request.email) >= settings.signup_mails_per_address_hour:
            return _Claimed(request.id, None)
        request.mailed_at = now
        token = None
        if email_in_use(db, request.email):
            request.mail, request.hashed_password = SignupMail.REGISTERED, ''
        else:
            token = security.new_token()
            request.mail, request.token_hash = SignupMail.CONFIRM, security.token_digest(token)
        db.add(request)
        security_log.event('signup_mail', request_id=request.id, email=request.email, kind=request.mail)
        return _Claimed(request.id, compose(request, token))


async def mail_every_few_minutes() -> None:
    """Requests that wait for their address's hourly cap, or that a stop left behind, go out later."""
    while True:
        send_mail_in_background()
        await asyncio.sleep(300)


def _mailed_this_hour(db: Session, email: str) -> int:
    since = utcnow() - timedelta(hours=1)
    return db.exec(select(func.count()).select_from(SignupRequest).where(
        SignupRequest.email == email, col(SignupRequest.mailed_at) > since,
        col(SignupRequest.mail).is_not(None))).one()


def compose(request: SignupRequest, token: str | None) -> Message:
    settings = get_settings()
    base = settings.resolved_public_url()
    if request.mail == SignupMail.CONFIRM and token:
        return Message(to=request.email, subject='Finish creating your organization on MobilOS', text=(
            'Hello,\n\n'
            'Open this link to finish creating your organization on MobilOS and log in as its manager:\n\n'
            f'{base}/signup/confirm?token={token}\n\n'
            f'The link works once, for {settings.signup_link_hours} hours.\n'
            'If you did not ask for this, ignore this message: nothing is created unless the link is opened\n'
            'and the password chosen at sign-up is given.\n'))
    return Message(to=request.email, subject='Your MobilOS account', text=(
        'Somebody, perhaps you, asked to create an organization on MobilOS with this email address.\n'
        'It already has a MobilOS account, so no new organization was created.\n\n'
        f'To log in: {base}/login\n'
        "Forgot your password? Your organization's manager can give you a new temporary one; if you are the\n"
        'main manager, ask MobilOS support.\n\n'
        'If it was not you, ignore this message: your account is unchanged.\n'))
