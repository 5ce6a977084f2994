"""./scripts/demo: a demo organization whose published logins work, and nothing left signed in."""

from sqlmodel import func, select

from models import AuthSession
from services import demo
from services.db import session_scope
from tests.factories import login


def test_demo_logins_work_and_no_session_is_left_behind() -> None:
    logins = demo.seed()
    assert [email for email, _ in logins][:2] == [demo.MANAGER_EMAIL, 'carla@demo.mobilos.test']
    with session_scope() as db:
        assert db.exec(select(func.count()).select_from(AuthSession)
                       .where(AuthSession.revoked_at.is_(None))).one() == 0  # type: ignore[union-attr]
    assert login(demo.MANAGER_EMAIL, demo.PASSWORD).is_main_manager
    assert not login('carla@demo.mobilos.test', demo.PASSWORD).must_change_password
