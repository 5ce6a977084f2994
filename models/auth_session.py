"""AuthSession: a server-side login session. Only hashes of its tokens are stored."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.common import utcnow


class AuthSession(SQLModel, table=True):
    __tablename__ = 'auth_session'

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key='user.id', index=True)
    # Hash of the one-time hand-over nonce, cleared when the browser exchanges it for the cookie.
    handoff_hash: str | None = Field(default=None, max_length=64)
    token_hash: str | None = Field(default=None, max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    user_agent: str = Field(default='', max_length=300)
    ip_address: str = Field(default='', max_length=64)
