"""Helpers shared by the model families."""

from datetime import UTC, datetime
from enum import StrEnum


def utcnow() -> datetime:
    return datetime.now(UTC)


class Role(StrEnum):
    MANAGER = 'manager'
    COORDINATOR = 'coordinator'
    TECHNICIAN = 'technician'

    @property
    def label(self) -> str:
        return self.value.capitalize()


STAFF_ROLES = frozenset({Role.MANAGER, Role.COORDINATOR})
ALL_ROLES = frozenset(Role)


class SupportRole(StrEnum):
    """Roles of the support module, granted to existing users on top of their main role."""

    AGENT = 'support_agent'
    SUPERVISOR = 'support_supervisor'

    @property
    def label(self) -> str:
        return {'support_agent': 'Support agent', 'support_supervisor': 'Support supervisor'}[self.value]
