"""Small helpers that build organizations and members through the real services."""

import re

from sqlmodel import func, select

from models import Organization, Role, User
from services import auth, members, signup_mail
from services import signup as signup_service
from services.access import Actor
from services.db import session_scope
from services.mail import Message

STRONG_PASSWORD = 'correct horse battery staple'


class MailBox:
    """A mail sender that keeps what it is given, for tests to read."""

    def __init__(self) -> None:
        self.sent: list[Message] = []

    def send(self, message: Message) -> None:
        self.sent.append(message)

    def link_for(self, email: str) -> str:
        """The sign-up token in the newest confirmation mail to `email`."""
        for message in reversed(self.sent):
            found = re.search(r'/signup/confirm\?token=(\S+)', message.text)
            if message.to == email.lower() and found:
                return found.group(1)
        raise AssertionError(f'no sign-up link was mailed to {email}')


def signup(org: str = 'Acme Field Services', name: str = 'Maria Manager', email: str = 'maria@acme.test',
           password: str = STRONG_PASSWORD) -> Actor:
    """The whole sign-up: the form, the mail, the link; returns the new manager, logged in."""
    box = MailBox()
    signup_service.request_signup(data={'organization_name': org, 'full_name': name, 'email': email,
                                        'password': password})
    signup_mail.deliver_pending(sender=box)
    ticket = signup_service.confirm_signup(token=box.link_for(email), password=password)
    return actor_from_ticket(ticket.handoff)


def login(email: str, password: str = STRONG_PASSWORD) -> Actor:
    ticket = auth.login(email=email, password=password)
    return actor_from_ticket(ticket.handoff)


def actor_from_ticket(handoff: str) -> Actor:
    with session_scope(write=True) as db:
        token = auth.complete_login(db=db, handoff=handoff)
    assert token is not None
    with session_scope() as db:
        actor = auth.resolve_session(db=db, token=token)
    assert actor is not None
    return actor


def add_member(actor: Actor, *, email: str, role: Role = Role.TECHNICIAN, name: str = 'Tom Tech',
               password: str = 'temporary pass 42', specialties: list[str] | None = None) -> int:
    with session_scope(write=True) as db:
        member = members.create_member(db=db, actor=actor, data={
            'full_name': name, 'email': email, 'role': role, 'specialties': specialties or [],
            'temporary_password': password})
    return member.id


def get_user(user_id: int) -> User:
    with session_scope() as db:
        user = db.get(User, user_id)
    assert user is not None
    return user


def technician_seats(organization_id: int) -> tuple[int, int]:
    """(active technicians counted on the organization, active technicians really in the members table)."""
    with session_scope() as db:
        org = db.get(Organization, organization_id)
        assert org is not None
        real = db.exec(select(func.count()).select_from(User).where(
            User.organization_id == organization_id, User.role == Role.TECHNICIAN, User.is_active == True)  # noqa: E712
        ).one()
        return org.active_technicians, real
