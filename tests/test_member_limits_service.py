"""The technician cap on every path: create, reactivate, role change, and racing reactivations."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from models import Organization, Role
from services import member_admin
from services.access import Actor
from services.db import session_scope
from services.errors import TechnicianLimitReached
from tests.factories import add_member, get_user, signup, technician_seats

CAP = 3  # the Free plan
THREADS = 20


def set_active(actor: Actor, member_id: int, active: bool) -> None:
    with session_scope(write=True) as db:
        member_admin.set_member_active(db=db, actor=actor, member_id=member_id, active=active)


def set_role(actor: Actor, member_id: int, role: Role) -> None:
    with session_scope(write=True) as db:
        member_admin.update_member(db=db, actor=actor, member_id=member_id, data={'role': role.value})


def set_plan(organization_id: int, plan: str) -> None:
    with session_scope(write=True) as db:
        org = db.get(Organization, organization_id)
        assert org is not None
        org.plan = plan


def test_creating_beyond_the_cap_is_refused() -> None:
    manager = signup()
    for i in range(CAP):
        add_member(manager, email=f'tech{i}@acme.test')
    with pytest.raises(TechnicianLimitReached):
        add_member(manager, email='extra@acme.test')
    assert technician_seats(manager.organization_id) == (CAP, CAP)


def test_reactivating_at_the_cap_is_refused_and_the_member_stays_inactive() -> None:
    manager = signup()
    techs = [add_member(manager, email=f'tech{i}@acme.test') for i in range(CAP)]
    set_active(manager, techs[0], False)
    assert technician_seats(manager.organization_id) == (CAP - 1, CAP - 1)  # a deactivated technician never counts
    add_member(manager, email='newcomer@acme.test')  # the freed seat is taken again
    with pytest.raises(TechnicianLimitReached) as caught:
        set_active(manager, techs[0], True)
    assert (caught.value.cap, caught.value.active) == (CAP, CAP)
    assert get_user(techs[0]).is_active is False
    assert technician_seats(manager.organization_id) == (CAP, CAP)


def test_coordinator_to_technician_at_the_cap_is_refused_and_the_role_is_unchanged() -> None:
    manager = signup()
    cora = add_member(manager, email='cora@acme.test', role=Role.COORDINATOR)
    techs = [add_member(manager, email=f'tech{i}@acme.test') for i in range(CAP)]
    with pytest.raises(TechnicianLimitReached):
        set_role(manager, cora, Role.TECHNICIAN)
    assert get_user(cora).role == Role.COORDINATOR
    assert technician_seats(manager.organization_id) == (CAP, CAP)
    set_role(manager, techs[0], Role.COORDINATOR)  # frees a seat ...
    assert technician_seats(manager.organization_id) == (CAP - 1, CAP - 1)
    set_role(manager, cora, Role.TECHNICIAN)  # ... which the coordinator can now take
    assert (get_user(cora).role, get_user(techs[0]).role) == (Role.TECHNICIAN, Role.COORDINATOR)
    assert technician_seats(manager.organization_id) == (CAP, CAP)


def test_the_counter_always_matches_the_real_active_technicians() -> None:
    manager = signup()
    org = manager.organization_id
    tom = add_member(manager, email='tom@acme.test')
    tina = add_member(manager, email='tina@acme.test')
    cora = add_member(manager, email='cora@acme.test', role=Role.COORDINATOR)
    steps = [
        lambda: set_active(manager, tom, False),
        lambda: set_active(manager, tom, False),  # twice: no change
        lambda: set_role(manager, tom, Role.COORDINATOR),  # inactive: frees nothing
        lambda: set_role(manager, cora, Role.TECHNICIAN),
        lambda: set_active(manager, cora, False),
        lambda: set_role(manager, cora, Role.COORDINATOR),
        lambda: set_role(manager, cora, Role.TECHNICIAN),  # inactive: takes nothing
        lambda: set_active(manager, cora, True),
        lambda: set_active(manager, cora, True),  # twice: no change
        lambda: set_role(manager, tina, Role.COORDINATOR),
        lambda: set_role(manager, tom, Role.TECHNICIAN),
        lambda: set_active(manager, tom, True),
        lambda: add_member(manager, email='tess@acme.test'),
    ]
    for step in steps:
        step()
        counted, real = technician_seats(org)
        assert counted == real <= CAP
    assert technician_seats(org) == (CAP, CAP)
    for refused in (lambda: set_role(manager, tina, Role.TECHNICIAN), lambda: add_member(manager, email='x@acme.test')):
        with pytest.raises(TechnicianLimitReached):
            refused()
        assert technician_seats(org) == (CAP, CAP)


def test_racing_reactivations_for_the_last_seat_leave_exactly_the_cap() -> None:
    manager = signup()
    org = manager.organization_id
    set_plan(org, 'enterprise')  # no cap while the waiting technicians are set up
    for i in range(CAP - 1):
        add_member(manager, email=f'active{i}@acme.test')
    waiting = [add_member(manager, email=f'waiting{i}@acme.test') for i in range(THREADS)]
    for member_id in waiting:
        set_active(manager, member_id, False)
    set_plan(org, 'free')
    assert technician_seats(org) == (CAP - 1, CAP - 1)
    barrier = threading.Barrier(THREADS)

    def reactivate(member_id: int) -> str:
        barrier.wait(timeout=30)
        try:
            with session_scope(write=True) as db:
                member_admin.set_member_active(db=db, actor=manager, member_id=member_id, active=True)
        except TechnicianLimitReached:
            return 'refused'
        return 'reactivated'

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = list(pool.map(reactivate, waiting))
    assert outcomes.count('reactivated') == 1
    assert outcomes.count('refused') == THREADS - 1
    assert technician_seats(org) == (CAP, CAP)
    assert sum(get_user(member_id).is_active for member_id in waiting) == 1
