"""The payment step of a plan change. Simulated today; a real provider implements the same protocol."""

import secrets
from dataclasses import dataclass
from typing import Protocol

from services.plans import Plan


@dataclass(frozen=True)
class PaymentResult:
    accepted: bool
    reference: str = ''
    message: str = ''


class PaymentProvider(Protocol):
    def charge_plan_change(self, *, organization_id: int, plan: Plan) -> PaymentResult:
        """Start billing `plan` for the organization; refuse with a message the manager can act on."""
        ...


class SimulatedPayments:
    """Accepts every change and hands back a reference, as a provider's sandbox would."""

    def charge_plan_change(self, *, organization_id: int, plan: Plan) -> PaymentResult:
        return PaymentResult(accepted=True, reference=f'sim_{organization_id}_{plan.code}_{secrets.token_hex(6)}')


_provider: PaymentProvider = SimulatedPayments()


def provider() -> PaymentProvider:
    return _provider


def use_provider(new_provider: PaymentProvider) -> None:
    """Plug in another provider (a real one, or a refusing one in tests)."""
    global _provider
    _provider = new_provider
