"""Every table, imported so SQLModel.metadata knows them all."""

from models.auth_session import AuthSession
from models.common import ALL_ROLES, STAFF_ROLES, Role, utcnow
from models.organization import Organization, OrganizationCreate, OrganizationPublic, OrganizationUpdate
from models.specialty import MemberSpecialty, Specialty
from models.user import MemberCreate, ProfileUpdate, SignupCreate, User, UserPublic

__all__ = [
    'ALL_ROLES', 'STAFF_ROLES', 'AuthSession', 'MemberCreate', 'MemberSpecialty', 'Organization',
    'OrganizationCreate', 'OrganizationPublic', 'OrganizationUpdate', 'ProfileUpdate', 'Role',
    'SignupCreate', 'Specialty', 'User', 'UserPublic', 'utcnow',
]
