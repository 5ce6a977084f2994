"""The plan's cap on active technicians (free plan: 3), including many creations at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import func, select

from models import Organization, Role, User
from services import members
from services.access import Actor
from services.db import session_scope
from services.errors import TechnicianLimitReached
from services.members import TechnicianUsage
from services.plans import get_plan
from tests.factories import add_member, signup, technician_seats

FREE_CAP = 3
THREADS = 20


def _user_count() -> int:
    with session_scope() as db:
        return db.exec(select(func.count()).select_from(User)).one()


def _usage(actor: Actor) -> TechnicianUsage:
    with session_scope() as db:
        return members.technician_usage(db=db, actor=actor)


def test_free_plan_cap_is_three() -> None:
    assert get_plan('free').technician_cap == FREE_CAP


def test_fourth_technician_is_refused_and_nothing_is_saved() -> None:
    manager = signup()
    for i in range(FREE_CAP):
        add_member(manager, email=f'tech{i}@acme.test', specialties=['HVAC'])
    users_before = _user_count()
    with pytest.raises(TechnicianLimitReached) as caught:
        add_member(manager, email='fourth@acme.test', specialties=['Welding'])
    assert (caught.value.cap, caught.value.active, caught.value.plan_name) == (FREE_CAP, FREE_CAP, 'Free')
    assert str(caught.value) == 'Your Free plan allows 3 active technicians and 3 are active.'
    assert _user_count() == users_before
    assert technician_seats(manager.organization_id) == (FREE_CAP, FREE_CAP)
    # The refused email was not taken: it can still be used for a coordinator.
    add_member(manager, email='fourth@acme.test', role=Role.COORDINATOR)
    assert _user_count() == users_before + 1


def test_coordinators_do_not_count_against_the_cap() -> None:
    manager = signup()
    for i in range(FREE_CAP + 2):
        add_member(manager, email=f'coord{i}@acme.test', role=Role.COORDINATOR)
    for i in range(FREE_CAP):
        add_member(manager, email=f'tech{i}@acme.test')
    assert technician_seats(manager.organization_id) == (FREE_CAP, FREE_CAP)
    assert _usage(manager).at_cap is True


def test_counter_matches_real_technicians_and_caps_are_per_organization() -> None:
    acme = signup()
    beta = signup(org='Beta Repairs', name='Bob Boss', email='bob@beta.test')
    add_member(acme, email='tom@acme.test')
    add_member(acme, email='cora@acme.test', role=Role.COORDINATOR)
    for i in range(FREE_CAP):
        add_member(beta, email=f'tech{i}@beta.test')
    assert technician_seats(acme.organization_id) == (1, 1)
    assert technician_seats(beta.organization_id) == (FREE_CAP, FREE_CAP)
    add_member(acme, email='tina@acme.test')  # Beta being full does not block Acme
    assert technician_seats(acme.organization_id) == (2, 2)


def test_technician_usage_reports_active_cap_and_plan_name() -> None:
    manager = signup()
    assert _usage(manager) == TechnicianUsage(active=0, cap=FREE_CAP, plan_name='Free')
    assert _usage(manager).at_cap is False
    add_member(manager, email='tom@acme.test')
    add_member(manager, email='cora@acme.test', role=Role.COORDINATOR)
    assert _usage(manager) == TechnicianUsage(active=1, cap=FREE_CAP, plan_name='Free')
    with session_scope(write=True) as db:
        org = db.get(Organization, manager.organization_id)
        assert org is not None
        org.plan = 'enterprise'
    assert _usage(manager) == TechnicianUsage(active=1, cap=None, plan_name='Enterprise')
    assert _usage(manager).at_cap is False


def test_concurrent_creations_never_exceed_the_cap() -> None:
    manager = signup()
    for i in range(FREE_CAP - 1):
        add_member(manager, email=f'existing{i}@acme.test')
    barrier = threading.Barrier(THREADS)

    def create(i: int) -> str:
        barrier.wait(timeout=30)
        try:
            with session_scope(write=True) as db:
                members.create_member(db=db, actor=manager, data={
                    'full_name': f'Racer {i}', 'email': f'racer{i}@acme.test', 'role': Role.TECHNICIAN,
                    'specialties': ['HVAC'], 'temporary_password': 'temporary pass 42'})
        except TechnicianLimitReached:
            return 'refused'
        return 'created'

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = list(pool.map(create, range(THREADS)))
    assert outcomes.count('created') == 1
    assert outcomes.count('refused') == THREADS - 1
    assert technician_seats(manager.organization_id) == (FREE_CAP, FREE_CAP)
    assert _user_count() == 1 + FREE_CAP
