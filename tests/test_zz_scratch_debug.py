from nicegui.testing import User
from tests import factories
from tests.factories import get_user
from tests.test_pages_member import open_page, badges, buttons
from tests.test_pages_helpers import click, eventually, dialog_open, choose, texts_in_dialog
from models import Role
from services import member_admin
from services.db import session_scope

async def test_reactivate_at_cap(user: User) -> None:
    m = factories.signup()
    t = [factories.add_member(m, email=f't{i}@acme.test') for i in range(3)]
    with session_scope(write=True) as db:
        member_admin.set_member_active(db=db, actor=m, member_id=t[0], active=False)
    factories.add_member(m, email='x@acme.test')
    await open_page(user, f'/team/{t[0]}', 'Activate')
    click(user, 'Activate')
    await eventually(lambda: dialog_open(user, 'Activate member?'))
    click(user, 'Confirm')
    await eventually(lambda: dialog_open(user, 'Technician limit reached'))
    print(texts_in_dialog(user, 'Technician limit reached'))
    assert get_user(t[0]).is_active is False

async def test_role_at_cap(user: User) -> None:
    m = factories.signup()
    c = factories.add_member(m, email='c@acme.test', role=Role.COORDINATOR)
    [factories.add_member(m, email=f't{i}@acme.test') for i in range(3)]
    await open_page(user, f'/team/{c}', 'Save changes')
    choose(user, 'Role', 'Technician')
    click(user, 'Save changes')
    await eventually(lambda: dialog_open(user, 'Technician limit reached'))
    assert get_user(c).role == Role.COORDINATOR
