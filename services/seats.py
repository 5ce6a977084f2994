"""The plan's cap on active technicians, kept by one conditional UPDATE per change (atomic on any database)."""

from sqlalchemy import update
from sqlmodel import Session

from models import Organization
from services.errors import TechnicianLimitReached
from services.plans import get_plan


def take_technician_seat(db: Session, organization_id: int) -> None:
    """Count one more active technician, or raise TechnicianLimitReached at the cap. No count-then-insert race:
    the check and the increment are one statement, so two requests racing for the last seat cannot both win."""
    org = db.get(Organization, organization_id)
    assert org is not None
    plan = get_plan(org.plan)
    statement = (update(Organization).where(Organization.id == organization_id)  # type: ignore[arg-type]
                 .where(Organization.plan == plan.code)  # type: ignore[arg-type]
                 .values(active_technicians=Organization.active_technicians + 1))
    if plan.technician_cap is not None:
        statement = statement.where(Organization.active_technicians < plan.technician_cap)  # type: ignore[arg-type]
    taken = db.execute(statement).rowcount == 1  # type: ignore[attr-defined]
    db.refresh(org)
    if not taken:
        current = get_plan(org.plan)
        cap = current.technician_cap if current.technician_cap is not None else org.active_technicians
        raise TechnicianLimitReached(cap=cap, active=org.active_technicians, plan_name=current.name)


def release_technician_seat(db: Session, organization_id: int) -> None:
    db.execute(update(Organization).where(Organization.id == organization_id)  # type: ignore[arg-type]
               .where(Organization.active_technicians > 0)  # type: ignore[arg-type]
               .values(active_technicians=Organization.active_technicians - 1))
