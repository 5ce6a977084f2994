"""OrganizationLogo: the organization's logo, already checked, scaled down and re-encoded as PNG."""

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from models.common import utcnow


class OrganizationLogo(SQLModel, table=True):
    __tablename__ = 'organization_logo'

    organization_id: int = Field(foreign_key='organization.id', primary_key=True)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)
