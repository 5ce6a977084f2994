"""Specialty: an organization's catalog entry (Electrical, HVAC, ...) that technicians are tagged with."""

from pydantic import field_validator
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.common import plain_text


class SpecialtyBase(SQLModel):
    name: str = Field(min_length=1, max_length=60)

    @field_validator('name', mode='before')
    @classmethod
    def _plain(cls, value: object) -> object:
        return plain_text(value)


class Specialty(SpecialtyBase, table=True):
    __table_args__ = (UniqueConstraint('organization_id', 'name_key'),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organization.id', index=True)
    name_key: str = Field(max_length=60)  # lower-case name: one entry per name regardless of case


class MemberSpecialty(SQLModel, table=True):
    user_id: int = Field(foreign_key='user.id', primary_key=True)
    specialty_id: int = Field(foreign_key='specialty.id', primary_key=True, index=True)


class SpecialtyCreate(SpecialtyBase):
    pass


class SpecialtyUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=60)

    @field_validator('name', mode='before')
    @classmethod
    def _plain(cls, value: object) -> object:
        return plain_text(value)


class SpecialtyPublic(SpecialtyBase):
    id: int
    members: int = 0
