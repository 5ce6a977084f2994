"""Emails are logins, unique across organizations: the team forms may say an address is taken elsewhere,
but only a few times before they slow down, each time logged, so they cannot list who has an account."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import update

from models import LoginThrottle, Role, utcnow
from services import member_admin
from services.access import Actor
from services.db import session_scope
from services.errors import InvalidInput
from services.throttle import Throttled
from tests.factories import add_member, signup

ELSEWHERE = 'This email cannot be used. Ask the person for another address.'


def _refusal(actor: Actor, email: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        add_member(actor, email=email)
    return caught.value.errors['email']


def test_own_team_and_other_organizations_are_told_apart_without_saying_more() -> None:
    acme = signup()
    add_member(acme, email='tom@acme.test')
    signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    assert _refusal(acme, 'TOM@acme.test') == 'A member of your team already uses this email.'
    assert _refusal(acme, 'bob@bolt.test') == ELSEWHERE


def test_probing_other_organizations_addresses_slows_down_then_stops_for_the_hour(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger='mobilos.security')
    acme = signup()
    signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    for _ in range(6):
        assert _refusal(acme, 'bob@bolt.test') == ELSEWHERE
    with pytest.raises(Throttled):  # a delay now, even for an address nobody has
        add_member(acme, email='fresh@acme.test')
    events = [r.getMessage() for r in caplog.records if '"member_email_taken_elsewhere"' in r.getMessage()]
    assert len(events) == 6 and all(f'"organization_id": {acme.organization_id}' in e for e in events)
    with session_scope(write=True) as db:  # the delays have passed, but 20 refusals use up the hour
        db.execute(update(LoginThrottle).values(blocked_until=None, failures=0, window_failures=20))
    with pytest.raises(Throttled, match='minutes'):
        add_member(acme, email='fresh@acme.test')
    with session_scope(write=True) as db:  # an hour later the organization may try again
        db.execute(update(LoginThrottle).values(window_start=utcnow() - timedelta(hours=1, seconds=1)))
    add_member(acme, email='fresh@acme.test')


def test_one_organizations_probing_never_slows_another_down() -> None:
    acme = signup()
    bolt = signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    for _ in range(8):
        with pytest.raises((InvalidInput, Throttled)):
            add_member(acme, email='bob@bolt.test')
    add_member(bolt, email='cora@bolt.test', role=Role.COORDINATOR)


def test_the_member_page_counts_the_same_way() -> None:
    acme = signup()
    signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    tom = add_member(acme, email='tom@acme.test')
    for _ in range(6):
        with pytest.raises(InvalidInput) as caught, session_scope(write=True) as db:
            member_admin.update_member(db=db, actor=acme, member_id=tom, data={'email': 'bob@bolt.test'})
        assert caught.value.errors == {'email': ELSEWHERE}
    with pytest.raises(Throttled), session_scope(write=True) as db:
        member_admin.update_member(db=db, actor=acme, member_id=tom, data={'email': 'tommy@acme.test'})
