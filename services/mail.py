"""Outgoing mail: an SMTP server when one is configured, otherwise files in the data folder's outbox.

Mail is sent from one background worker, never while a request waits: how long a server takes to answer
must not show in how long a page takes.
"""

import logging
import smtplib
import ssl
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol

from models import utcnow
from services.config import get_settings

logger = logging.getLogger('mobilos.mail')


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    text: str


class Sender(Protocol):
    def send(self, message: Message) -> None: ...


def _email(message: Message, *, cte: str | None = None) -> EmailMessage:
    settings = get_settings()
    mail = EmailMessage()
    mail['From'] = settings.mail_from
    mail['To'] = message.to
    mail['Subject'] = message.subject
    mail['Message-ID'] = make_msgid(domain='mobilos')
    mail.set_content(message.text, cte=cte) if cte else mail.set_content(message.text)
    return mail


class SmtpSender:
    def send(self, message: Message) -> None:
        settings = get_settings()
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password)
            smtp.send_message(_email(replace(message, to=ascii_domain(message.to))))


def ascii_domain(address: str) -> str:
    """The address with its domain in the ASCII (IDNA) form every mail server takes; a non-ASCII local part
    still needs a server with SMTPUTF8, which smtplib asks for by itself."""
    local, _, domain = address.rpartition('@')
    try:
        return f'{local}@{domain.encode("idna").decode("ascii")}'
    except UnicodeError:
        return address


class OutboxSender:
    """No mail server configured: each message becomes a readable .eml file, for the operator only."""

    def send(self, message: Message) -> None:
        folder = get_settings().outbox_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / f'{utcnow():%Y%m%d-%H%M%S-%f}.eml'
        path.touch(mode=0o600)
        path.write_bytes(_email(message, cte='8bit').as_bytes(policy=policy.SMTPUTF8))  # addresses as typed
        logger.info('no SMTP server configured: mail for %s written to %s', message.to, path)


def default_sender() -> Sender:
    return SmtpSender() if get_settings().smtp_host else OutboxSender()


_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix='mail')


def in_background(job: Callable[[], object]) -> Future[object]:
    """Run `job` on the mail worker; failures are logged, never raised into a page."""
    def run() -> object:
        try:
            return job()
        except Exception:
            logger.exception('mail job failed')
            return None
    return _worker.submit(run)
