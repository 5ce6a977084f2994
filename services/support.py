"""Support-module roles: given to existing users; the support module gates on these checks."""

from sqlmodel import Session, select

from models import ALL_ROLES, MemberSupportRole, SupportRole
from services.access import Actor, require
from services.errors import PermissionDenied


def support_roles_of(*, db: Session, actor: Actor) -> set[SupportRole]:
    me = require(db, actor, ALL_ROLES)
    return {SupportRole(r) for r in db.exec(select(MemberSupportRole.role).where(MemberSupportRole.user_id == me.id))}


def require_support_role(*, db: Session, actor: Actor, role: SupportRole) -> None:
    """Refuse unless the actor holds `role`; a supervisor may do everything an agent may."""
    held = support_roles_of(db=db, actor=actor)
    if role in held or (role == SupportRole.AGENT and SupportRole.SUPERVISOR in held):
        return
    raise PermissionDenied('This needs the ' + role.label + ' role.')
