"""Helpers shared by the model families."""

import unicodedata
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


# Bidirectional overrides and isolates can make a name display as something else ("Trojan Source").
_BIDI_CONTROLS = frozenset('\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069')


def plain_text(value: object) -> object:
    """Single-spaced text without control characters; refuses what cannot be shown or stored safely."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize('NFC', ' '.join(value.split()))  # "Á" typed either way is one name
    if any(unicodedata.category(c) in ('Cc', 'Cs') or c in _BIDI_CONTROLS for c in text):
        raise ValueError('Remove control or invisible formatting characters.')
    if text and not any(unicodedata.category(c)[0] in 'LNSP' for c in text):
        raise ValueError('Use visible letters or numbers.')  # e.g. only zero-width spaces
    return text
