"""Fill a fresh database with a demo organization, its manager and a few members.

Run with `./scripts/demo`; it refuses to touch a database that already has the demo manager.
"""

import sys

from sqlmodel import select

from models import Role, User
from services import auth, members, profile, security, signup
from services.db import migrate, session_scope

MANAGER_EMAIL = 'manager@demo.mobilos.test'
PASSWORD = 'demo field team 2026'  # noqa: S105  (published demo login)
MEMBERS = [
    ('Carla Coordinator', 'carla@demo.mobilos.test', Role.COORDINATOR, []),
    ('Tomás Technician', 'tomas@demo.mobilos.test', Role.TECHNICIAN, ['Electrical', 'HVAC']),
    ('Priya Patel', 'priya@demo.mobilos.test', Role.TECHNICIAN, ['Plumbing']),
]


def seed() -> list[tuple[str, str]]:
    migrate()
    with session_scope() as db:
        if db.exec(select(User.id).where(User.email == MANAGER_EMAIL)).first() is not None:
            raise SystemExit('The demo organization already exists: log in as ' + MANAGER_EMAIL)
    with session_scope(write=True) as db:
        manager = signup.create_organization(db, organization_name='Demo Field Services', full_name='Dana Manager',
                                             email=MANAGER_EMAIL, hashed_password=security.hash_password(PASSWORD))
        ticket = auth.open_session(db, manager, user_agent='', ip_address='')
    with session_scope(write=True) as db:
        token = auth.complete_login(db=db, handoff=ticket.handoff)
        actor = auth.resolve_session(db=db, token=token)
    assert actor is not None
    logins = [(MANAGER_EMAIL, PASSWORD)]
    for name, email, role, specialties in MEMBERS:
        temporary = f'{PASSWORD} temp'
        with session_scope(write=True) as db:
            members.create_member(db=db, actor=actor, data={'full_name': name, 'email': email, 'role': role,
                                                            'specialties': specialties,
                                                            'temporary_password': temporary})
        if role == Role.COORDINATOR:  # one member has already set their own password
            with session_scope(write=True) as db:
                member_ticket = auth.login(email=email, password=temporary)
                member = auth.resolve_session(db=db, token=auth.complete_login(db=db, handoff=member_ticket.handoff))
                assert member is not None
                profile.set_first_password(db=db, actor=member, new_password=PASSWORD, confirm_password=PASSWORD)
                auth.revoke_sessions(db, member.user_id)  # the seeding's own sign-in is nobody's session
            logins.append((email, PASSWORD))
        else:
            logins.append((email, f'{temporary}  <- temporary: set a new one at first login'))
    with session_scope(write=True) as db:  # the demo's own sessions are not needed any more
        auth.revoke_sessions(db, actor.user_id)
    return logins


if __name__ == '__main__':
    for email, password in seed():
        sys.stdout.write(f'{email:32} password: {password}\n')
