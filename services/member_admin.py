"""One member's page: view, edit, deactivate / reactivate, reset password, sign out, support roles."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete
from sqlmodel import Session

from models import (
    STAFF_ROLES,
    AuditEventPublic,
    MemberSupportRole,
    MemberUpdate,
    Role,
    SupportRole,
    User,
    UserPublic,
    utcnow,
)
from services import audit, security, security_log
from services.access import Actor, require, valid_id
from services.auth import revoke_sessions
from services.config import get_settings
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.members import check_email_free, index_for_search, public_members
from services.seats import release_technician_seat, take_technician_seat
from services.specialties import set_member_specialties
from services.validation import field_errors


@dataclass(frozen=True)
class MemberDetail:
    member: UserPublic
    can_edit: bool  # name, email, phone, specialties
    can_change_role: bool
    can_change_status: bool
    can_grant_support: bool
    history: list[AuditEventPublic]


def may_open(viewer: Role, member: Role) -> bool:
    """A coordinator sees the manager in the team list but not the manager's details."""
    return viewer == Role.MANAGER or member != Role.MANAGER


def _target(db: Session, me: User, member_id: int) -> User:
    """The member, if the actor may see it: another organization's member looks exactly like a missing one."""
    member = db.get(User, member_id) if valid_id(member_id) else None
    if member is None or member.organization_id != me.organization_id:
        security_log.event('authorization_denied', user_id=me.id, target_user_id=member_id, reason='not_found')
        raise NotFound('That member does not exist.')
    if not may_open(me.role, member.role):
        security_log.event('authorization_denied', user_id=me.id, target_user_id=member_id, reason='manager')
        raise PermissionDenied("Only a manager can open a manager's details.")
    return member


def _may_edit(me: User, member: User) -> bool:
    # Nobody else edits the main manager; a coordinator never touches a manager (refused in _target).
    return not member.is_main_manager or member.id == me.id


def get_member(*, db: Session, actor: Actor, member_id: int) -> MemberDetail:
    me = require(db, actor, STAFF_ROLES)
    member = _target(db, me, member_id)
    editable = _may_edit(me, member)
    is_other = member.id != me.id
    return MemberDetail(
        member=public_members(db, [member])[0], can_edit=editable,
        can_change_role=editable and is_other and member.role != Role.MANAGER,
        can_change_status=editable and is_other and not member.is_main_manager,
        can_grant_support=me.role == Role.MANAGER and editable,
        history=audit.member_history(db, me.organization_id, member_id))


def update_member(*, db: Session, actor: Actor, member_id: int, data: dict[str, Any]) -> UserPublic:
    try:
        form = MemberUpdate.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc)) from exc
    me = require(db, actor, STAFF_ROLES)
    member = _target(db, me, member_id)
    if not _may_edit(me, member):
        raise PermissionDenied('Only the main manager can change their own details.')
    before = _snapshot(db, member)
    changes = form.model_dump(exclude_unset=True, exclude_none=True)
    if 'email' in changes:
        check_email_free(db, changes['email'], organization_id=me.organization_id, except_user_id=member.id)
    if 'role' in changes and changes['role'] != member.role:
        _change_role(db, me, member, Role(changes['role']))
    if 'support_roles' in changes and set(changes['support_roles']) != set(before['support_roles']):
        if me.role != Role.MANAGER:
            raise PermissionDenied('Only the manager can grant or remove support roles.')
        _set_support_roles(db, member, changes['support_roles'])
    for field in ('full_name', 'email', 'phone'):
        if field in changes:
            setattr(member, field, changes[field])
    db.add(member)
    db.flush()
    assert member.id is not None
    if 'specialties' in changes and member.role == Role.TECHNICIAN:
        set_member_specialties(db, member.organization_id, member.id, changes['specialties'])
    index_for_search(db, member)
    after = _snapshot(db, member)
    delta = audit.diff(before, after)
    if delta:
        action = 'role_changed' if 'role' in delta else \
            'support_roles_changed' if set(delta) == {'support_roles'} else 'edited'
        audit.record(db, actor=me, action=action, target=member, changes=delta)
        security_log.event(f'member_{action}', user_id=me.id, target_user_id=member.id, fields=sorted(delta))
    return public_members(db, [member])[0]


def set_member_active(*, db: Session, actor: Actor, member_id: int, active: bool) -> UserPublic:
    """Deactivate (sessions end at once, history kept) or reactivate (counts against the technician cap)."""
    me = require(db, actor, STAFF_ROLES)
    member = _target(db, me, member_id)
    if member.is_main_manager or member.id == me.id or not _may_edit(me, member):
        raise PermissionDenied('This member cannot be deactivated.')
    if member.is_active == active:
        return public_members(db, [member])[0]
    if member.role == Role.TECHNICIAN:
        if active:
            take_technician_seat(db, member.organization_id)
        else:
            release_technician_seat(db, member.organization_id)
    member.is_active = active
    db.add(member)
    assert member.id is not None
    if not active:
        revoke_sessions(db, member.id)
    security_log.event('member_reactivated' if active else 'member_deactivated', user_id=me.id,
                       target_user_id=member.id)
    audit.record(db, actor=me, action='reactivated' if active else 'deactivated', target=member,
                 changes={'status': ['Inactive', 'Active'] if active else ['Active', 'Inactive']})
    return public_members(db, [member])[0]


def reset_member_password(*, db: Session, actor: Actor, member_id: int) -> str:
    """Issue a new temporary password (returned once, never stored in clear); the member's sessions end."""
    temporary = security.generate_password()
    hashed = security.hash_password(temporary)  # before this session's first statement takes the write lock
    me = require(db, actor, STAFF_ROLES)
    member = _target(db, me, member_id)
    if member.id == me.id or not _may_edit(me, member):
        raise PermissionDenied('You cannot reset this password. Change your own from My Profile.')
    member.hashed_password = hashed
    member.must_change_password = True
    member.temporary_password_expires_at = utcnow() + timedelta(days=get_settings().temporary_password_days)
    db.add(member)
    assert member.id is not None
    revoke_sessions(db, member.id)
    audit.record(db, actor=me, action='password_reset', target=member)
    security_log.event('member_password_reset', user_id=me.id, target_user_id=member.id)
    return temporary


def sign_member_out(*, db: Session, actor: Actor, member_id: int) -> UserPublic:
    """End every session of another member at once (a lost phone, a shared tablet) — ASVS 7.4.5."""
    me = require(db, actor, STAFF_ROLES)
    member = _target(db, me, member_id)
    if member.id == me.id or not _may_edit(me, member):
        raise PermissionDenied('You cannot sign this member out. End your own other sessions from My Profile.')
    assert member.id is not None
    revoke_sessions(db, member.id)
    audit.record(db, actor=me, action='signed_out', target=member)
    security_log.event('member_signed_out', user_id=me.id, target_user_id=member.id)
    return public_members(db, [member])[0]


def _change_role(db: Session, me: User, member: User, role: Role) -> None:
    if member.id == me.id or member.role == Role.MANAGER or role not in (Role.TECHNICIAN, Role.COORDINATOR):
        raise InvalidInput({'role': 'Choose Technician or Coordinator.'})
    if member.is_active and role == Role.TECHNICIAN:
        take_technician_seat(db, member.organization_id)
    elif member.is_active and member.role == Role.TECHNICIAN:
        release_technician_seat(db, member.organization_id)
    if role != Role.TECHNICIAN and member.id is not None:
        set_member_specialties(db, member.organization_id, member.id, [])
    member.role = role
    assert member.id is not None
    revoke_sessions(db, member.id)  # what they may see changed: make them sign in again


def _set_support_roles(db: Session, member: User, roles: list[str]) -> None:
    db.execute(delete(MemberSupportRole).where(MemberSupportRole.user_id == member.id))  # type: ignore[arg-type]
    for role in sorted(set(roles)):
        db.add(MemberSupportRole(user_id=member.id or 0, role=SupportRole(role)))
    db.flush()


def _snapshot(db: Session, member: User) -> dict[str, Any]:
    public = public_members(db, [member])[0]
    return {'full_name': public.full_name, 'email': public.email, 'phone': public.phone,
            'role': public.role.value, 'specialties': public.specialties,
            'support_roles': [role.value for role in public.support_roles]}
