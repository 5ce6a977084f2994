"""The acting user, and the checks every service runs before anything else."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from models import Organization, Role, User
from services import security_log
from services.errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    """Who is acting, as read from the database for this request or UI event."""

    user_id: int
    organization_id: int
    role: Role
    session_id: int
    full_name: str
    email: str
    organization_name: str
    organization_logo_version: int | None  # None: the organization has no logo
    must_change_password: bool
    is_main_manager: bool
    last_seen_at: datetime


def valid_id(value: int) -> bool:
    """Ids the database can hold; anything else (0, negative, beyond 64 bits) names nothing."""
    return 0 < value < 2**63


def require(db: Session, actor: Actor, roles: Iterable[Role]) -> User:
    """Reload the actor from the database and check it may act; fail closed on anything off."""
    user = db.get(User, actor.user_id)
    if user is None or not user.is_active or user.organization_id != actor.organization_id \
            or user.role not in set(roles):
        security_log.event('authorization_denied', user_id=actor.user_id, organization_id=actor.organization_id,
                           role=user.role.value if user else None)
        raise PermissionDenied()
    if user.must_change_password:
        raise PermissionDenied('Set a new password first.')
    return user


def organization_of(db: Session, user: User) -> Organization:
    org = db.get(Organization, user.organization_id)
    if org is None:
        raise PermissionDenied()
    return org
