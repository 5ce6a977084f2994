"""User: a member of one organization (manager, coordinator or technician)."""

from datetime import datetime

import email_validator
from pydantic import EmailStr, field_validator
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.common import Role, SupportRole, plain_text, utcnow

# Accept addresses under the reserved .test domain (used by teams trying the product out); every other
# special-use domain (.local, .localhost, .invalid, ...) is still refused.
email_validator.TEST_ENVIRONMENT = True

NAME_MAX = 120
EMAIL_MAX = 254
PHONE_MAX = 40
SPECIALTY_MAX = 60
PHONE_PATTERN = r'^[0-9+()\-. ]*$'


def clean_specialties(value: object) -> object:
    """Trim and de-duplicate (regardless of case) a list of specialty names."""
    if not isinstance(value, list):
        return value
    seen: dict[str, str] = {}
    for item in value:
        name = str(plain_text(item))
        if name:
            seen.setdefault(name.lower(), name)
    return list(seen.values())


def limit_specialties(value: list[str]) -> list[str]:
    if any(len(name) > SPECIALTY_MAX for name in value):
        raise ValueError(f'Each specialty must be at most {SPECIALTY_MAX} characters')
    if len(value) > 20:
        raise ValueError('At most 20 specialties')
    return value


class CleanInput(SQLModel):
    """Tidies what people type before it is checked: single spaces in names and phones, lower-case
    emails, specialty lists trimmed and de-duplicated regardless of case."""

    @field_validator('full_name', 'phone', 'organization_name', mode='before', check_fields=False)
    @classmethod
    def _clean_text(cls, value: object) -> object:
        return plain_text(value)

    @field_validator('email', mode='before', check_fields=False)
    @classmethod
    def _clean_email(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator('specialties', mode='before', check_fields=False)
    @classmethod
    def _clean_specialties(cls, value: object) -> object:
        return clean_specialties(value)

    @field_validator('specialties', check_fields=False)
    @classmethod
    def _limit_specialties(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else limit_specialties(value)


class UserBase(CleanInput):
    full_name: str = Field(min_length=1, max_length=NAME_MAX)
    email: EmailStr = Field(max_length=EMAIL_MAX)


class MemberCreate(UserBase):
    """What a manager or coordinator fills in for a new member."""

    role: Role = Role.TECHNICIAN
    specialties: list[str] = Field(default_factory=list)
    temporary_password: str = Field(min_length=1)


class SignupCreate(UserBase):
    organization_name: str = Field(min_length=1, max_length=120)
    password: str


class ProfileUpdate(CleanInput):
    full_name: str | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    # pattern via schema_extra: SQLModel's Field(regex=...) is silently ignored under pydantic v2.
    phone: str | None = Field(default=None, max_length=PHONE_MAX, schema_extra={'pattern': PHONE_PATTERN})


class MemberUpdate(CleanInput):
    """What the member page edits; every field optional."""

    full_name: str | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    email: EmailStr | None = Field(default=None, max_length=EMAIL_MAX)
    phone: str | None = Field(default=None, max_length=PHONE_MAX, schema_extra={'pattern': PHONE_PATTERN})
    role: Role | None = None
    specialties: list[str] | None = None
    support_roles: list[SupportRole] | None = None


class User(UserBase, table=True):
    __table_args__ = (Index('ix_user_org_sort', 'organization_id', 'sort_name', 'id'),
                      Index('ix_user_org_active_role', 'organization_id', 'is_active', 'role'))

    id: int | None = Field(default=None, primary_key=True)
    sort_name: str = Field(default='', max_length=NAME_MAX)  # lower-cased name: the Team table's sort key
    organization_id: int = Field(foreign_key='organization.id', index=True)
    email: str = Field(max_length=EMAIL_MAX, unique=True, index=True)  # stored lower-case: unique regardless of case
    role: Role = Field(index=True)
    phone: str = Field(default='', max_length=PHONE_MAX)
    is_active: bool = Field(default=True, index=True)
    is_main_manager: bool = Field(default=False)
    must_change_password: bool = Field(default=False)
    temporary_password_expires_at: datetime | None = None
    hashed_password: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None
    password_changed_at: datetime | None = None


class MemberSupportRole(SQLModel, table=True):
    __tablename__ = 'member_support_role'

    user_id: int = Field(foreign_key='user.id', primary_key=True)
    role: SupportRole = Field(primary_key=True)


class MemberSearchToken(SQLModel, table=True):
    """Words of a member's name and email, so search is an index range scan, not a table scan."""

    __tablename__ = 'member_search_token'

    organization_id: int = Field(foreign_key='organization.id', primary_key=True)
    token: str = Field(max_length=EMAIL_MAX, primary_key=True)
    user_id: int = Field(foreign_key='user.id', primary_key=True, index=True)


class UserPublic(SQLModel):
    id: int
    organization_id: int
    full_name: str
    email: str
    role: Role
    phone: str
    is_active: bool
    is_main_manager: bool
    must_change_password: bool
    last_login_at: datetime | None
    created_at: datetime
    specialties: list[str] = Field(default_factory=list)
    support_roles: list[SupportRole] = Field(default_factory=list)
