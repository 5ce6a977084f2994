"""The audit trail of member changes: who, when, and what changed (before -> after). Never a password."""

from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from models import AuditEvent, AuditEventPublic, Role, User
from services.access import Actor, require
from services.errors import PermissionDenied

HISTORY_LIMIT = 200


def record(db: Session, *, actor: User, action: str, target: User | None,
           changes: dict[str, Any] | None = None) -> None:
    db.add(AuditEvent(organization_id=actor.organization_id, actor_user_id=actor.id,
                      target_user_id=target.id if target else None, action=action, changes=changes or {}))


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Only the fields that changed, as {field: [before, after]}."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def member_history(db: Session, organization_id: int, member_id: int) -> list[AuditEventPublic]:
    return _history(db, organization_id, member_id)


def organization_history(*, db: Session, actor: Actor, limit: int = HISTORY_LIMIT) -> list[AuditEventPublic]:
    """The whole organization's member history, newest first: the manager's view."""
    me = require(db, actor, {Role.MANAGER})
    if me.organization_id != actor.organization_id:
        raise PermissionDenied()
    return _history(db, me.organization_id, None, limit)


def _history(db: Session, organization_id: int, member_id: int | None,
             limit: int = HISTORY_LIMIT) -> list[AuditEventPublic]:
    who, whom = aliased(User), aliased(User)
    statement = (select(AuditEvent, who.full_name, whom.full_name)
                 .join(who, who.id == AuditEvent.actor_user_id, isouter=True)  # type: ignore[arg-type]
                 .join(whom, whom.id == AuditEvent.target_user_id, isouter=True)  # type: ignore[arg-type]
                 .where(AuditEvent.organization_id == organization_id))
    if member_id is not None:
        statement = statement.where(AuditEvent.target_user_id == member_id)
    statement = statement.order_by(col(AuditEvent.created_at).desc(), col(AuditEvent.id).desc()).limit(limit)
    return [AuditEventPublic(id=event.id or 0, action=event.action, actor_name=actor_name or 'System',
                             target_name=target_name or '', changes=event.changes, created_at=event.created_at)
            for event, actor_name, target_name in db.exec(statement)]
