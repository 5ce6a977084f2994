"""Team members: listing, creating, and the plan's cap on active technicians."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from pydantic import ValidationError
from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from models import STAFF_ROLES, MemberCreate, MemberSpecialty, Organization, Role, Specialty, User, UserPublic, utcnow
from services import security
from services.access import Actor, organization_of, require
from services.config import get_settings
from services.errors import InvalidInput, TechnicianLimitReached
from services.plans import get_plan
from services.validation import field_errors

Status = Literal['all', 'active', 'inactive']
PAGE_SIZE_MAX = 100


@dataclass(frozen=True)
class MemberQuery:
    search: str = ''
    status: Status = 'all'
    role: Role | None = None
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
    me = require(db, actor, STAFF_ROLES)
    statement = select(User).where(User.organization_id == me.organization_id)
    search = query.search.strip().lower()[:100]
    if search:
        pattern = '%' + search.replace('\\', '\\\\').replace('%', '\\%').replace('_', '\\_') + '%'
        statement = statement.where(or_(func.lower(User.full_name).like(pattern, escape='\\'),
                                        col(User.email).like(pattern, escape='\\')))
    if query.status != 'all':
        statement = statement.where(User.is_active == (query.status == 'active'))
    if query.role is not None:
        statement = statement.where(User.role == query.role)
    total = db.exec(select(func.count()).select_from(statement.subquery())).one()
    size = max(1, min(query.page_size, PAGE_SIZE_MAX))
    page = max(1, query.page)
    users = db.exec(statement.order_by(func.lower(User.full_name), col(User.id))
                    .offset((page - 1) * size).limit(size)).all()
    return MemberPage(rows=_public(db, users), total=total)


def technician_usage(*, db: Session, actor: Actor) -> TechnicianUsage:
    org = organization_of(db, require(db, actor, STAFF_ROLES))
    plan = get_plan(org.plan)
    return TechnicianUsage(active=org.active_technicians, cap=plan.technician_cap, plan_name=plan.name)


def create_member(*, db: Session, actor: Actor, data: dict[str, object]) -> UserPublic:
    """Create a coordinator or technician with a temporary password they must change at first login."""
    try:
        form = MemberCreate.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc)) from exc
    if form.role not in (Role.TECHNICIAN, Role.COORDINATOR):
        raise InvalidInput({'role': 'Choose Technician or Coordinator.'})
    problem = security.password_problem(form.temporary_password, email=form.email)
    if problem:
        raise InvalidInput({'temporary_password': problem})
    hashed = security.hash_password(form.temporary_password)  # before the write lock is taken
    me = require(db, actor, STAFF_ROLES)
    org = organization_of(db, me)
    if db.exec(select(User.id).where(User.email == form.email)).first() is not None:
        raise InvalidInput({'email': 'This email is already in use.'})
    if form.role == Role.TECHNICIAN:
        take_technician_seat(db, org)
    days = get_settings().temporary_password_days
    assert org.id is not None
    user = User(organization_id=org.id, full_name=form.full_name, email=form.email, role=form.role,
                hashed_password=hashed, must_change_password=True,
                temporary_password_expires_at=utcnow() + timedelta(days=days))
    db.add(user)
    db.flush()
    assert user.id is not None
    if form.role == Role.TECHNICIAN:
        for specialty in ensure_specialties(db, org.id, form.specialties):
            assert specialty.id is not None
            db.add(MemberSpecialty(user_id=user.id, specialty_id=specialty.id))
    db.flush()
    return _public(db, [user])[0]


def take_technician_seat(db: Session, org: Organization) -> None:
    """Count one more active technician, or refuse at the cap, in one conditional UPDATE (no race)."""
    plan = get_plan(org.plan)
    statement = (update(Organization).where(Organization.id == org.id)  # type: ignore[arg-type]
                 .where(Organization.plan == plan.code)  # type: ignore[arg-type]
                 .values(active_technicians=Organization.active_technicians + 1))
    if plan.technician_cap is not None:
        statement = statement.where(Organization.active_technicians < plan.technician_cap)  # type: ignore[arg-type]
    if db.execute(statement).rowcount != 1:  # type: ignore[attr-defined]
        db.refresh(org)
        cap = plan.technician_cap if plan.technician_cap is not None else org.active_technicians
        raise TechnicianLimitReached(cap=cap, active=org.active_technicians, plan_name=plan.name)
    db.refresh(org)


def ensure_specialties(db: Session, organization_id: int, names: list[str]) -> list[Specialty]:
    """The catalog entries with these names, adding the ones the organization does not have yet."""
    found: list[Specialty] = []
    for name in names:
        key = name.lower()
        specialty = db.exec(select(Specialty).where(Specialty.organization_id == organization_id,
                                                    Specialty.name_key == key)).first()
        if specialty is None:
            specialty = Specialty(organization_id=organization_id, name=name, name_key=key)
            db.add(specialty)
            db.flush()
        found.append(specialty)
    return found


def _public(db: Session, users: Sequence[User]) -> list[UserPublic]:
    ids = [u.id for u in users]
    names: dict[int, list[str]] = {}
    if ids:
        for user_id, name in db.exec(select(MemberSpecialty.user_id, Specialty.name)
                                     .join(Specialty, Specialty.id == MemberSpecialty.specialty_id)  # type: ignore[arg-type]
                                     .where(col(MemberSpecialty.user_id).in_(ids))
                                     .order_by(col(Specialty.name))):
            names.setdefault(user_id, []).append(name)
    return [UserPublic.model_validate(u, update={'specialties': names.get(u.id or 0, [])}) for u in users]


def specialty_names(*, db: Session, actor: Actor) -> list[str]:
    me = require(db, actor, STAFF_ROLES)
    return list(db.exec(select(Specialty.name).where(Specialty.organization_id == me.organization_id)
                        .order_by(col(Specialty.name_key))).all())
