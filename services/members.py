"""Team members: the Team table's query, creating members, and the plan's technician usage."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from pydantic import ValidationError
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from models import (
    STAFF_ROLES,
    MemberCreate,
    MemberSearchToken,
    MemberSpecialty,
    MemberSupportRole,
    Role,
    Specialty,
    User,
    UserPublic,
    utcnow,
)
from services import audit, security, security_log, throttle
from services.access import Actor, organization_of, require, valid_id
from services.config import get_settings
from services.errors import InvalidInput
from services.plans import get_plan
from services.search import MAX_CHAR, search_prefixes, search_tokens, sort_key
from services.seats import take_technician_seat
from services.specialties import set_member_specialties
from services.validation import errors_with_password

Status = Literal['all', 'active', 'inactive']
PAGE_SIZE_MAX = 100


@dataclass(frozen=True)
class MemberQuery:
    search: str = ''
    status: Status = 'all'
    role: Role | None = None
    specialty_id: int | None = None
    page: int = 1
    page_size: int = 25


@dataclass(frozen=True)
class MemberPage:
    rows: list[UserPublic]
    total: int


@dataclass(frozen=True)
class TechnicianUsage:
    active: int
    cap: int | None
    plan_name: str

    @property
    def at_cap(self) -> bool:
        return self.cap is not None and self.active >= self.cap


def list_members(*, db: Session, actor: Actor, query: MemberQuery) -> MemberPage:
    """One page of the organization's members; every filter, the sort and the paging run in the database."""
    me = require(db, actor, STAFF_ROLES)
    org_id = me.organization_id
    statement = select(User).where(User.organization_id == org_id)
    prefixes = search_prefixes(query.search[:200])
    if query.search.strip() and not prefixes:
        return MemberPage(rows=[], total=0)  # only punctuation typed: nothing can match it
    for prefix in prefixes:
        matching = select(MemberSearchToken.user_id).where(
            MemberSearchToken.organization_id == org_id, col(MemberSearchToken.token) >= prefix,
            col(MemberSearchToken.token) < prefix + MAX_CHAR)
        statement = statement.where(col(User.id).in_(matching))
    if query.status != 'all':
        statement = statement.where(User.is_active == (query.status == 'active'))
    if query.role is not None:
        statement = statement.where(User.role == query.role)
    if query.specialty_id is not None and not valid_id(query.specialty_id):
        return MemberPage(rows=[], total=0)
    if query.specialty_id is not None:
        statement = statement.where(col(User.id).in_(
            select(MemberSpecialty.user_id).where(MemberSpecialty.specialty_id == query.specialty_id)))
    total = db.exec(select(func.count()).select_from(statement.subquery())).one()
    size = max(1, min(query.page_size, PAGE_SIZE_MAX))
    page = max(1, min(query.page, max(1, -(-total // size))))
    users = db.exec(statement.order_by(col(User.sort_name), col(User.id)).offset((page - 1) * size).limit(size)).all()
    return MemberPage(rows=public_members(db, users), total=total)


def technician_usage(*, db: Session, actor: Actor) -> TechnicianUsage:
    org = organization_of(db, require(db, actor, STAFF_ROLES))
    plan = get_plan(org.plan)
    return TechnicianUsage(active=org.active_technicians, cap=plan.technician_cap, plan_name=plan.name)


def create_member(*, db: Session, actor: Actor, data: dict[str, object]) -> UserPublic:
    """Create a coordinator or technician with a temporary password they must change at first login."""
    try:
        form = MemberCreate.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(errors_with_password(exc, data, 'temporary_password')) from exc
    if form.role not in (Role.TECHNICIAN, Role.COORDINATOR):
        raise InvalidInput({'role': 'Choose Technician or Coordinator.'})
    problem = security.password_problem(form.temporary_password, email=form.email)
    if problem:
        raise InvalidInput({'temporary_password': problem})
    hashed = security.hash_password(form.temporary_password)  # before the write lock is taken
    me = require(db, actor, STAFF_ROLES)
    org_id = me.organization_id
    check_email_free(db, form.email, organization_id=org_id)
    if form.role == Role.TECHNICIAN:
        take_technician_seat(db, org_id)
    days = get_settings().temporary_password_days
    user = User(organization_id=org_id, full_name=form.full_name, email=form.email, role=form.role,
                hashed_password=hashed, must_change_password=True,
                temporary_password_expires_at=utcnow() + timedelta(days=days))
    db.add(user)
    db.flush()
    assert user.id is not None
    if form.role == Role.TECHNICIAN:
        set_member_specialties(db, org_id, user.id, form.specialties)
    index_for_search(db, user)
    created = public_members(db, [user])[0]
    changes: dict[str, list[object]] = {'full_name': [None, user.full_name], 'email': [None, user.email],
                                        'role': [None, user.role.value]}
    if created.specialties:
        changes['specialties'] = [None, created.specialties]
    audit.record(db, actor=me, action='created', target=user, changes=changes)
    security_log.event('member_created', user_id=me.id, target_user_id=user.id, role=user.role.value)
    return created


def check_email_free(db: Session, email: str, *, organization_id: int, except_user_id: int | None = None) -> None:
    """Emails are logins, so unique everywhere. A manager may learn that an address is taken in another
    organization (nothing else can be said), but each such answer is counted against their organization
    and logged, so the team forms cannot be used to list who has an account."""
    keys = throttle.ThrottleKeys((f'member-email:{organization_id}',))
    throttle.check(db, keys)
    owner = db.exec(select(User.id, User.organization_id).where(User.email == email.lower())).first()
    if owner is None or owner[0] == except_user_id:
        return
    if owner[1] == organization_id:
        raise InvalidInput({'email': 'A member of your team already uses this email.'})
    security_log.event('member_email_taken_elsewhere', organization_id=organization_id)
    throttle.record_failure_after_rollback(db, keys)
    raise InvalidInput({'email': 'This email cannot be used. Ask the person for another address.'})


def email_in_use(db: Session, email: str, *, except_user_id: int | None = None) -> bool:
    found = db.exec(select(User.id).where(User.email == email.lower())).first()
    return found is not None and found != except_user_id


def index_for_search(db: Session, user: User) -> None:
    """Keep the member's sort key and search words in step with their name and email."""
    assert user.id is not None
    user.sort_name = sort_key(user.full_name)
    db.add(user)
    db.execute(delete(MemberSearchToken).where(MemberSearchToken.user_id == user.id))  # type: ignore[arg-type]
    for token in search_tokens(user.full_name, user.email):
        db.add(MemberSearchToken(organization_id=user.organization_id, token=token, user_id=user.id))
    db.flush()


def public_members(db: Session, users: Sequence[User]) -> list[UserPublic]:
    """The public view of members, with their specialties and support roles (two queries for any page)."""
    ids = [u.id for u in users]
    names: dict[int, list[str]] = {}
    support: dict[int, list[str]] = {}
    if ids:
        for user_id, name in db.exec(select(MemberSpecialty.user_id, Specialty.name)
                                     .join(Specialty, Specialty.id == MemberSpecialty.specialty_id)  # type: ignore[arg-type]
                                     .where(col(MemberSpecialty.user_id).in_(ids))
                                     .order_by(col(Specialty.name_key))):
            names.setdefault(user_id, []).append(name)
        for user_id, role in db.exec(select(MemberSupportRole.user_id, MemberSupportRole.role)
                                     .where(col(MemberSupportRole.user_id).in_(ids))
                                     .order_by(col(MemberSupportRole.role))):
            support.setdefault(user_id, []).append(role)
    return [UserPublic.model_validate(u, update={'specialties': names.get(u.id or 0, []),
                                                 'support_roles': support.get(u.id or 0, [])}) for u in users]
