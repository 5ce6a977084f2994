"""SignupRequest: an organization waiting for its creator to prove the email address is theirs.

Nothing exists in `organization` or `user` until the emailed link is opened, so a sign-up never has to
say whether its address is already registered. Only hashes of the password and of the link token are kept.
"""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from models.common import utcnow
from models.user import EMAIL_MAX, NAME_MAX


class SignupMail(StrEnum):
    CONFIRM = 'confirm'  # a link that creates the organization
    REGISTERED = 'registered'  # the address already has an account: a "log in instead" note, no link


class SignupRequestBase(SQLModel):
    organization_name: str = Field(max_length=NAME_MAX)
    full_name: str = Field(max_length=NAME_MAX)
    email: str = Field(max_length=EMAIL_MAX, index=True)


class SignupRequest(SignupRequestBase, table=True):
    __tablename__ = 'signup_request'

    id: int | None = Field(default=None, primary_key=True)
    hashed_password: str = Field(max_length=300)
    ip_address: str = Field(default='', max_length=64)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    mailed_at: datetime | None = Field(default=None, index=True)
    mail: str | None = Field(default=None, max_length=12)  # a SignupMail value, once mailed
    token_hash: str | None = Field(default=None, max_length=64, unique=True, index=True)
    used_at: datetime | None = None
    password_checks: int = Field(default=0)  # passwords tried on the link's page; a few and it stops working


class SignupRequestPublic(SignupRequestBase):
    """What the confirmation page shows about a pending sign-up."""
