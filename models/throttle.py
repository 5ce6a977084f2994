"""LoginThrottle: failed log-in attempts per key (an account, a client address, a trusted device)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.common import utcnow


class LoginThrottle(SQLModel, table=True):
    __tablename__ = 'login_throttle'

    key: str = Field(primary_key=True, max_length=320)
    failures: int = Field(default=0)  # consecutive failures, for the growing delay
    window_start: datetime = Field(default_factory=utcnow)  # start of the current one-hour budget
    window_failures: int = Field(default=0)
    blocked_until: datetime | None = None
