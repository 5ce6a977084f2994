"""My Profile: personal data and the member's own password."""

from pydantic import ValidationError
from sqlmodel import Session

from models import ALL_ROLES, ProfileUpdate, User, UserPublic, utcnow
from services import audit, reauth, security, security_log
from services.access import Actor, require
from services.auth import revoke_sessions
from services.db import session_scope
from services.errors import InvalidInput, PermissionDenied
from services.members import index_for_search
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
    """Change one's own password; the other sessions of this user end.

    Both argon2 runs (the current password checked, the new one hashed) come before this session's first
    statement, so SQLite's write lock is held for milliseconds (bench/password_lock_bench.py)."""
    answer = reauth.ask(actor, current_password, field='current_password', roles=ALL_ROLES)
    new = _new_hash(actor, new_password, confirm_password, old=current_password) if answer.correct else ''
    user = require(db, actor, ALL_ROLES)
    reauth.settle(db, user, answer, field='current_password')  # a wrong current password is refused here
    if isinstance(new, InvalidInput):
        raise new
    _store(db, user, new, session_id=actor.session_id)


def set_first_password(*, db: Session, actor: Actor, new_password: str, confirm_password: str) -> None:
    """Replace the temporary password at first login; the temporary one stops working (argon2 runs before
    the write lock, as in change_password)."""
    with session_scope() as read:
        stored = _pending(read, actor).hashed_password
    if security.verify_password(stored, new_password):
        raise InvalidInput({'new_password': 'Choose a password different from the temporary one.'})
    new = _new_hash(actor, new_password, confirm_password)
    if isinstance(new, InvalidInput):
        raise new
    user = _pending(db, actor)
    if user.hashed_password != stored:  # a manager reset it meanwhile
        raise PermissionDenied('Your temporary password was replaced meanwhile. Log in with the new one.')
    _store(db, user, new, session_id=actor.session_id)


def _pending(db: Session, actor: Actor) -> User:
    user = db.get(User, actor.user_id)
    if user is None or not user.is_active or user.organization_id != actor.organization_id:
        raise PermissionDenied()
    if not user.must_change_password:
        raise PermissionDenied('Your password has already been set. Change it from My Profile.')
    return user


def _new_hash(actor: Actor, new_password: str, confirm_password: str, *, old: str = '') -> str | InvalidInput:
    """The new password's hash, or why it is refused (returned, for the caller to raise in its own order)."""
    if old and new_password == old:
        return InvalidInput({'new_password': security.SAME_AS_CURRENT})
    problem = security.password_problem(new_password, email=actor.email, organization_name=actor.organization_name)
    if problem:
        return InvalidInput({'new_password': problem})
    if new_password != confirm_password:
        return InvalidInput({'confirm_password': 'The passwords do not match.'})
    return security.hash_password(new_password)


def _store(db: Session, user: User, hashed: str, *, session_id: int) -> None:
    user.hashed_password = hashed
    user.must_change_password = False
    user.temporary_password_expires_at = None
    user.password_changed_at = utcnow()
    db.add(user)
    assert user.id is not None
    revoke_sessions(db, user.id, keep_session_id=session_id)
    security_log.event('password_changed', user_id=user.id)
