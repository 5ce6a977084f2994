"""My Profile, the technician's home and side menu, and the manager-only Subscription page."""

import pytest
from nicegui.testing import User

from models import AuthSession, Role
from services import auth
from services.db import session_scope
from services.errors import AuthenticationFailed
from tests import factories
from tests.factories import STRONG_PASSWORD
from tests.test_pages_helpers import (
    MEMBER_PASSWORD,
    click,
    eventually,
    field,
    link_targets,
    log_in,
    member,
    see,
    session_token,
    type_into,
)

NEW_PASSWORD = 'amber meadow compass 3'


async def open_profile(user: User, email: str = 'maria@acme.test', password: str = STRONG_PASSWORD) -> None:
    await log_in(user, email, password, path='/login?next=/profile')
    await see(user, 'Save profile')


async def test_saved_profile_is_kept_and_shown_again(user: User) -> None:
    manager = factories.signup()
    await open_profile(user)
    type_into(user, 'Full name', '  Maria   Manzoni ')
    type_into(user, 'Phone', '+39 (02) 555-0100')
    click(user, 'Save profile')
    await see(user, 'Profile saved.')
    saved = factories.get_user(manager.user_id)
    assert (saved.full_name, saved.phone) == ('Maria Manzoni', '+39 (02) 555-0100')
    await user.open('/profile')
    assert (field(user, 'Full name').value, field(user, 'Phone').value) == ('Maria Manzoni', '+39 (02) 555-0100')
    await user.open('/')
    await user.should_see('Hello, Maria Manzoni')


async def test_invalid_phone_shows_the_error_next_to_phone_and_saves_nothing(user: User) -> None:
    manager = factories.signup()
    await open_profile(user)
    type_into(user, 'Full name', 'Someone Else')
    type_into(user, 'Phone', 'call me maybe')
    click(user, 'Save profile')
    await eventually(lambda: field(user, 'Phone').error == 'Use digits, spaces and + ( ) - . only.')
    assert field(user, 'Full name').error is None
    await user.should_not_see('Profile saved.')
    saved = factories.get_user(manager.user_id)
    assert (saved.full_name, saved.phone) == ('Maria Manager', '')


async def test_wrong_current_password_is_refused_next_to_that_field(user: User) -> None:
    factories.signup()
    await open_profile(user)
    type_into(user, 'Current password', 'not my password')
    type_into(user, 'New password', NEW_PASSWORD)
    type_into(user, 'Confirm new password', NEW_PASSWORD)
    click(user, 'Change password')
    await eventually(lambda: field(user, 'Current password').error == 'The current password is not correct.')
    await user.should_not_see('Password changed. Your other sessions were signed out.')
    factories.login('maria@acme.test', STRONG_PASSWORD)  # the old password still works
    with pytest.raises(AuthenticationFailed):
        factories.login('maria@acme.test', NEW_PASSWORD)


async def test_changed_password_works_and_signs_out_the_other_sessions(user: User) -> None:
    factories.signup()
    other_device = factories.login('maria@acme.test')
    await open_profile(user)
    type_into(user, 'Current password', STRONG_PASSWORD)
    type_into(user, 'New password', NEW_PASSWORD)
    type_into(user, 'Confirm new password', NEW_PASSWORD)
    click(user, 'Change password')
    await see(user, 'Password changed. Your other sessions were signed out.')
    assert [field(user, name).value for name in ('Current password', 'New password', 'Confirm new password')] \
        == ['', '', '']
    factories.login('maria@acme.test', NEW_PASSWORD)
    with pytest.raises(AuthenticationFailed):
        factories.login('maria@acme.test', STRONG_PASSWORD)
    with session_scope() as db:
        assert auth.resolve_session(db=db, token=session_token(user)) is not None  # this browser stays in
        other = db.get(AuthSession, other_device.session_id)
        assert other is not None and other.revoked_at is not None  # the other device is signed out
    await user.open('/profile')
    await user.should_see('Save profile')


async def test_signing_out_other_sessions_asks_for_the_password_next_to_its_field(user: User) -> None:
    factories.signup()  # its session is one of the other two
    other_device = factories.login('maria@acme.test')
    await open_profile(user)
    click(user, 'Sign out other sessions')
    await see(user, 'Enter your password to confirm it is you.')
    type_into(user, 'Your password', 'not my password')
    click(user, 'Sign out')
    await eventually(lambda: field(user, 'Your password').error == 'The password is not correct.')
    assert still_signed_in(other_device.session_id)  # nothing ended yet
    type_into(user, 'Your password', STRONG_PASSWORD)
    click(user, 'Sign out')
    await see(user, 'Signed out 2 other sessions.')
    assert not still_signed_in(other_device.session_id)
    with session_scope() as db:
        assert auth.resolve_session(db=db, token=session_token(user)) is not None  # this browser stays in


def still_signed_in(session_id: int) -> bool:
    with session_scope() as db:
        row = db.get(AuthSession, session_id)
        return row is not None and row.revoked_at is None


async def test_technician_home_shows_their_work_and_no_management_links(user: User) -> None:
    manager = factories.signup()
    member(manager, 'tom@acme.test', name='Tom Tech')
    await log_in(user, 'tom@acme.test', MEMBER_PASSWORD)
    await see(user, 'My work orders')
    await user.should_see('Hello, Tom Tech')
    await user.should_see('tom@acme.test')
    links = link_targets(user)
    assert '/profile' in links
    assert '/team' not in links and '/billing' not in links
    await user.should_not_see('Management')


@pytest.mark.parametrize('role', [Role.COORDINATOR, Role.TECHNICIAN])
async def test_subscription_is_for_the_manager_only(user: User, role: Role) -> None:
    manager = factories.signup()
    member(manager, 'cora@acme.test', role=role, name='Cora')
    await log_in(user, 'cora@acme.test', MEMBER_PASSWORD, path='/login?next=/billing')
    await see(user, 'No access')
    await user.should_not_see('Current plan: Free')
    assert '/billing' not in link_targets(user)


async def test_manager_sees_the_subscription(user: User) -> None:
    factories.signup()
    await log_in(user, 'maria@acme.test', STRONG_PASSWORD, path='/login?next=/billing')
    await see(user, 'Current plan: Free')
    await user.should_see('Active technicians: 0 / 3')
    for price in ('$0 / month', '$29 / month'):  # every card names its price, the Free plan's too
        await user.should_see(price)
    assert '/billing' in link_targets(user)
