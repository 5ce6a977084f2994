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
