"""AuditEvent: who changed which member, when, and what changed (before -> after, never a password)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from models.common import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = 'audit_event'
    __table_args__ = (Index('ix_audit_org_created', 'organization_id', 'created_at'),
                      Index('ix_audit_target_created', 'target_user_id', 'created_at'))

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organization.id')
    actor_user_id: int | None = Field(default=None, foreign_key='user.id')
    target_user_id: int | None = Field(default=None, foreign_key='user.id')
    action: str = Field(max_length=40)
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class AuditEventPublic(SQLModel):
    id: int
    action: str
    actor_name: str
    target_name: str
    changes: dict[str, Any]
    created_at: datetime
