"""Every table, imported so SQLModel.metadata knows them all."""

from models.audit import AuditEvent, AuditEventPublic
from models.auth_session import AuthSession
from models.billing import BillingEvent, BillingEventPublic
from models.common import ALL_ROLES, STAFF_ROLES, Role, SupportRole, utcnow
from models.logo import OrganizationLogo
from models.organization import Organization, OrganizationCreate, OrganizationPublic, OrganizationUpdate
from models.signup_request import SignupMail, SignupRequest, SignupRequestPublic
from models.specialty import MemberSpecialty, Specialty, SpecialtyCreate, SpecialtyPublic, SpecialtyUpdate
from models.throttle import LoginThrottle
from models.user import (
    MemberCreate,
    MemberSearchToken,
    MemberSupportRole,
    MemberUpdate,
    ProfileUpdate,
    SignupCreate,
    User,
    UserPublic,
)

__all__ = [
    'ALL_ROLES', 'STAFF_ROLES', 'AuditEvent', 'AuditEventPublic', 'AuthSession', 'BillingEvent',
    'BillingEventPublic', 'LoginThrottle', 'MemberCreate', 'MemberSearchToken', 'MemberSpecialty', 'MemberSupportRole',
    'MemberUpdate', 'Organization', 'OrganizationCreate', 'OrganizationLogo', 'OrganizationPublic',
    'OrganizationUpdate', 'ProfileUpdate', 'Role', 'SignupCreate', 'SignupMail', 'SignupRequest',
    'SignupRequestPublic', 'Specialty', 'SpecialtyCreate',
    'SpecialtyPublic', 'SpecialtyUpdate', 'SupportRole', 'User', 'UserPublic', 'utcnow',
]
