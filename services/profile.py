"""My Profile: personal data and the member's own password."""

from pydantic import ValidationError
from sqlmodel import Session

from models import ALL_ROLES, ProfileUpdate, User, UserPublic, utcnow
from services import audit, security, security_log
from services.access import Actor, organization_of, require
from services.auth import revoke_sessions
from services.errors import InvalidInput, PermissionDenied
from services.members import index_for_search
from services.reauth import check_password_again
from services.validation import field_errors


def get_profile(*, db: Session, actor: Actor) -> UserPublic:
    return UserPublic.model_validate(require(db, actor, ALL_ROLES))


def update_profile(*, db: Session, actor: Actor, data: dict[str, str]) -> UserPublic:
    try:
        form = ProfileUpdate.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc)) from exc
    user = require(db, actor, ALL_ROLES)
    before = {'full_name': user.full_name, 'phone': user.phone}
    for field, value in form.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(user, field, value)
    db.add(user)
    index_for_search(db, user)
    delta = audit.diff(before, {'full_name': user.full_name, 'phone': user.phone})
    if delta:  # the member's own edits belong in their history too
        audit.record(db, actor=user, action='edited', target=user, changes=delta)
    return UserPublic.model_validate(user)


def change_password(*, db: Session, actor: Actor, current_password: str, new_password: str,
                    confirm_password: str) -> None:
    """Change one's own password; the other sessions of this user end."""
    user = require(db, actor, ALL_ROLES)
    check_password_again(db, user, current_password, field='current_password')
    if new_password == current_password:
        raise InvalidInput({'new_password': 'Choose a password different from your current one.'})
    _set_password(db, user, new_password, confirm_password, session_id=actor.session_id)


def set_first_password(*, db: Session, actor: Actor, new_password: str, confirm_password: str) -> None:
    """Replace the temporary password at first login; the temporary one stops working."""
    user = db.get(User, actor.user_id)
    if user is None or not user.is_active or user.organization_id != actor.organization_id:
        raise PermissionDenied()
    if not user.must_change_password:
        raise PermissionDenied('Your password has already been set. Change it from My Profile.')
    if security.verify_password(user.hashed_password, new_password):
        raise InvalidInput({'new_password': 'Choose a password different from the temporary one.'})
    _set_password(db, user, new_password, confirm_password, session_id=actor.session_id)


def _set_password(db: Session, user: User, new_password: str, confirm_password: str, *, session_id: int) -> None:
    org = organization_of(db, user)
    problem = security.password_problem(new_password, email=user.email, organization_name=org.name)
    if problem:
        raise InvalidInput({'new_password': problem})
    if new_password != confirm_password:
        raise InvalidInput({'confirm_password': 'The passwords do not match.'})
    user.hashed_password = security.hash_password(new_password)
    user.must_change_password = False
    user.temporary_password_expires_at = None
    user.password_changed_at = utcnow()
    db.add(user)
    assert user.id is not None
    revoke_sessions(db, user.id, keep_session_id=session_id)
    security_log.event('password_changed', user_id=user.id)
