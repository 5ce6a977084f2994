"""Structured security events (who, what, from where) as one JSON line each. Never a password or token."""

import json
import logging
from typing import Any

from models import utcnow

logger = logging.getLogger('mobilos.security')
_FORBIDDEN = ('password', 'token', 'hash', 'secret', 'cookie', 'handoff')


def event(name: str, **fields: Any) -> None:
    record = {'event': name, 'at': utcnow().isoformat()}
    record.update({key: value for key, value in fields.items()
                   if value is not None and not any(word in key.lower() for word in _FORBIDDEN)})
    logger.info(json.dumps(record, default=str, ensure_ascii=False))
