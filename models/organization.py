"""Organization: the tenant every member belongs to."""

from datetime import datetime

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from models.common import plain_text, utcnow


class OrganizationBase(SQLModel):
    name: str = Field(min_length=1, max_length=120)

    @field_validator('name', mode='before')
    @classmethod
    def _strip(cls, value: object) -> object:
        return plain_text(value)


class OrganizationCreate(OrganizationBase):
    pass


class OrganizationUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=120)

    @field_validator('name', mode='before')
    @classmethod
    def _strip(cls, value: object) -> object:
        return plain_text(value)


class Organization(OrganizationBase, table=True):
    has_logo: bool = Field(default=False)
    logo_version: int = Field(default=0)  # bumped on every logo change, so browsers fetch the new one
    id: int | None = Field(default=None, primary_key=True)
    plan: str = Field(default='free', max_length=20)
    # Kept in step with the members table inside the same transaction, so the plan's cap can be
    # enforced by one conditional UPDATE (atomic on SQLite and PostgreSQL alike).
    active_technicians: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow)


class OrganizationPublic(OrganizationBase):
    id: int
    plan: str
    has_logo: bool = False
    logo_version: int = 0
