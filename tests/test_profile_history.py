"""My Profile: the member's own edits are in their history; a password change must change something."""

import pytest
from nicegui.testing import User

from services import audit, member_admin, profile
from services.db import session_scope
from services.errors import InvalidInput
from tests.factories import STRONG_PASSWORD, signup
from tests.test_security_sessions import sign_in


def test_own_profile_edits_are_recorded_in_the_members_history() -> None:
    manager = signup()
    with session_scope(write=True) as db:
        profile.update_profile(db=db, actor=manager, data={'full_name': 'Maria Mendes', 'phone': '555 0100'})
    with session_scope() as db:
        history = member_admin.get_member(db=db, actor=manager, member_id=manager.user_id).history
        everything = audit.organization_history(db=db, actor=manager)
    assert [(e.action, e.actor_name, e.changes) for e in history] == [
        ('edited', 'Maria Mendes', {'full_name': ['Maria Manager', 'Maria Mendes'], 'phone': ['', '555 0100']})]
    assert everything[0].target_name == 'Maria Mendes'


@pytest.mark.parametrize(('current', 'new', 'field', 'message'), [
    ('', 'new pass phrase 9', 'current_password', 'Enter your current password.'),
    (STRONG_PASSWORD, STRONG_PASSWORD, 'new_password', 'Choose a password different from your current one.'),
])
def test_password_change_explains_what_is_missing(current: str, new: str, field: str, message: str) -> None:
    manager = signup()
    with pytest.raises(InvalidInput) as refused, session_scope(write=True) as db:
        profile.change_password(db=db, actor=manager, current_password=current, new_password=new,
                                confirm_password=new)
    assert refused.value.errors == {field: message}


@pytest.mark.parametrize(('link', 'lands_on'), [('/login?next=/team%3Fstatus%3Dactive', '/team?status=active'),
                                                ('/login?next=//evil.example', '/'), ('/signup', '/')])
async def test_a_signed_in_user_following_a_login_link_goes_where_it_points(user: User, link: str,
                                                                            lands_on: str) -> None:
    signup()
    await sign_in(user, 'maria@acme.test')
    response = await user.http_client.get(link)
    assert (response.status_code, response.headers['location']) == (303, lands_on)
