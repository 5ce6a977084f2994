"""Subscription plans: the one place that defines names, prices and technician caps."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    monthly_price: int  # whole currency units
    technician_cap: int | None  # None: no cap


PLANS: dict[str, Plan] = {plan.code: plan for plan in (
    Plan('free', 'Free', 0, 3),
    Plan('basic', 'Basic', 29, 10),
    Plan('pro', 'Pro', 79, 30),
    Plan('enterprise', 'Enterprise', 199, None),
)}
DEFAULT_PLAN = 'free'


def get_plan(code: str) -> Plan:
    return PLANS.get(code, PLANS[DEFAULT_PLAN])
