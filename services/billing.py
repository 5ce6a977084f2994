"""Subscription & Billing: the current plan, plan changes (through the payment step) and their history."""

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from models import BillingEvent, BillingEventPublic, Organization, Role
from services import security_log
from services.access import Actor, organization_of, require
from services.errors import InvalidInput, ServiceError
from services.payments import provider
from services.plans import PLANS, Plan, get_plan


class DowngradeBlocked(ServiceError):
    """The chosen plan's cap is below the active technicians: `excess` of them must be deactivated first."""

    def __init__(self, *, plan: Plan, active: int) -> None:
        assert plan.technician_cap is not None
        self.excess = active - plan.technician_cap
        super().__init__(f'The {plan.name} plan allows {plan.technician_cap} active technicians and you have '
                         f'{active}. Deactivate {self.excess} technician{"s" if self.excess != 1 else ""} first.')


class PaymentRefused(ServiceError):
    pass


@dataclass(frozen=True)
class Subscription:
    plan: Plan
    active_technicians: int
    plans: list[Plan]
    history: list[BillingEventPublic]


def get_subscription(*, db: Session, actor: Actor) -> Subscription:
    org = organization_of(db, require(db, actor, {Role.MANAGER}))
    events = db.exec(select(BillingEvent).where(BillingEvent.organization_id == org.id)
                     .order_by(col(BillingEvent.created_at).desc(), col(BillingEvent.id).desc()).limit(100)).all()
    return Subscription(plan=get_plan(org.plan), active_technicians=org.active_technicians, plans=list(PLANS.values()),
                        history=[BillingEventPublic.model_validate(e) for e in events])


def change_plan(*, db: Session, actor: Actor, plan_code: str) -> Plan:
    """Move to another plan. A downgrade below the active technicians is refused; nothing changes then."""
    me = require(db, actor, {Role.MANAGER})
    org = organization_of(db, me)
    new = PLANS.get(plan_code)
    if new is None:
        raise InvalidInput({'plan': 'Choose one of the plans.'})
    old = get_plan(org.plan)
    if new.code == old.code:
        return old
    if new.technician_cap is not None and org.active_technicians > new.technician_cap:
        raise DowngradeBlocked(plan=new, active=org.active_technicians)
    result = provider().charge_plan_change(organization_id=org.id or 0, plan=new)
    if not result.accepted:
        raise PaymentRefused(result.message or 'The payment was not accepted. Nothing was changed.')
    # Conditional on the plan and count read above, so a technician added meanwhile cannot slip past the cap.
    statement = (update(Organization).where(Organization.id == org.id)  # type: ignore[arg-type]
                 .where(Organization.plan == old.code)  # type: ignore[arg-type]
                 .values(plan=new.code))
    if new.technician_cap is not None:
        statement = statement.where(Organization.active_technicians <= new.technician_cap)  # type: ignore[arg-type]
    if db.execute(statement).rowcount != 1:  # type: ignore[attr-defined]
        raise ServiceError('The team changed while you were choosing. Please try again.')
    db.add(BillingEvent(organization_id=org.id or 0, actor_user_id=me.id, from_plan=old.code, to_plan=new.code,
                        monthly_price=new.monthly_price, payment_reference=result.reference[:100]))
    db.refresh(org)
    security_log.event('plan_changed', user_id=me.id, organization_id=org.id, from_plan=old.code, to_plan=new.code)
    return new
