"""Subscription & Billing: plan changes through the payment step, the downgrade rule, the billing history."""

import pytest

from models import Role
from services import billing, members, payments, profile
from services.db import session_scope
from services.errors import PermissionDenied, TechnicianLimitReached
from services.payments import PaymentResult
from services.plans import PLANS, Plan
from tests.factories import add_member, login, signup


def change(actor: object, code: str) -> Plan:
    with session_scope(write=True) as db:
        return billing.change_plan(db=db, actor=actor, plan_code=code)  # type: ignore[arg-type]


def subscription(actor: object) -> billing.Subscription:
    with session_scope() as db:
        return billing.get_subscription(db=db, actor=actor)  # type: ignore[arg-type]


def test_plans_are_defined_once_with_their_caps() -> None:
    assert [(p.name, p.technician_cap) for p in PLANS.values()] == [
        ('Free', 3), ('Basic', 10), ('Pro', 30), ('Enterprise', None)]


def test_upgrading_raises_the_cap_and_records_a_billing_event() -> None:
    manager = signup()
    for i in range(3):
        add_member(manager, email=f'tech{i}@acme.test')
    with pytest.raises(TechnicianLimitReached):
        add_member(manager, email='tech3@acme.test')
    assert change(manager, 'basic').technician_cap == 10
    add_member(manager, email='tech3@acme.test')  # the fourth fits now
    current = subscription(manager)
    assert (current.plan.code, current.active_technicians) == ('basic', 4)
    assert [(e.from_plan, e.to_plan, e.monthly_price) for e in current.history] == [('free', 'basic', 29)]


def test_a_downgrade_below_the_active_technicians_is_refused_and_names_how_many_to_deactivate() -> None:
    manager = signup()
    change(manager, 'basic')
    for i in range(5):
        add_member(manager, email=f'tech{i}@acme.test')
    with pytest.raises(billing.DowngradeBlocked) as refused:
        change(manager, 'free')
    assert refused.value.excess == 2
    assert 'Deactivate 2 technicians first' in str(refused.value)
    assert subscription(manager).plan.code == 'basic'  # nothing changed
    assert len(subscription(manager).history) == 1
    change(manager, 'enterprise')
    change(manager, 'pro')  # 5 active fit under Pro's 30
    assert [e.to_plan for e in subscription(manager).history] == ['pro', 'enterprise', 'basic']


def test_a_refused_payment_changes_nothing() -> None:
    class Refusing:
        def charge_plan_change(self, *, organization_id: int, plan: Plan) -> PaymentResult:
            return PaymentResult(accepted=False, message='Card declined.')

    manager = signup()
    payments.use_provider(Refusing())
    try:
        with pytest.raises(billing.PaymentRefused, match=r'Card declined\.'):
            change(manager, 'pro')
    finally:
        payments.use_provider(payments.SimulatedPayments())
    assert subscription(manager).plan.code == 'free' and subscription(manager).history == []


def test_only_the_manager_sees_or_changes_the_plan() -> None:
    manager = signup()
    add_member(manager, email='cora@acme.test', role=Role.COORDINATOR)
    cora = login('cora@acme.test', 'temporary pass 42')
    with session_scope(write=True) as db:
        profile.set_first_password(db=db, actor=cora, new_password='coordinator pass 77',
                                   confirm_password='coordinator pass 77')
    for action in (lambda: subscription(cora), lambda: change(cora, 'enterprise')):
        with pytest.raises(PermissionDenied):
            action()
    with session_scope() as db:
        assert members.technician_usage(db=db, actor=cora).plan_name == 'Free'
