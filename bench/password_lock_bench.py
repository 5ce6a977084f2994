"""How long the password actions make everybody else's writes wait on SQLite's single write lock.

Run: .venv/bin/python -m bench.password_lock_bench. With the production argon2 settings, each action runs
in a write session as a page runs it, while another thread keeps making a one-row write (what every page
request does to mark its session as seen). Prints the action's own time and the longest wait of that
other writer, median of several runs. A fresh SQLite database in a temporary folder.
"""

import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

RUNS = 7
TEMPORARY = 'temporary pass 42'


def longest_wait_of_another_writer(action: Callable[[], object]) -> tuple[float, float]:
    """(the action's seconds, the longest seconds a one-row write waited meanwhile)."""
    from sqlalchemy import text

    from services.db import session_scope

    done = threading.Event()
    waits: list[float] = []

    def other_writer() -> None:
        while not done.is_set():
            start = time.perf_counter()
            with session_scope(write=True) as db:
                db.execute(text("UPDATE organization SET name = name WHERE id = -1"))
            waits.append(time.perf_counter() - start)
            time.sleep(0.002)

    thread = threading.Thread(target=other_writer)
    thread.start()
    time.sleep(0.02)
    start = time.perf_counter()
    action()
    took = time.perf_counter() - start
    done.set()
    thread.join()
    return took, max(waits)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix='mobilos-bench-'))
    os.environ['MOBILOS_DATABASE_URL'] = f'sqlite:///{folder / "bench.db"}'
    os.environ['MOBILOS_DATA_DIR'] = str(folder)
    os.environ.setdefault('MOBILOS_SECRET_KEY', 'benchmark-only-secret')
    import email_validator

    email_validator.TEST_ENVIRONMENT = True  # the factories use name@acme.test
    from models import Role
    from services import auth, member_admin, profile, sessions
    from services.db import migrate, session_scope
    from tests.factories import STRONG_PASSWORD, actor_from_ticket, add_member, signup

    migrate()
    manager = signup()
    member_id = add_member(manager, email='tom@acme.test')
    passwords = [STRONG_PASSWORD, 'second quiet meadow 7']

    def as_page(work: Callable[..., object], **kwargs: object) -> Callable[[], object]:
        def run() -> object:
            with session_scope(write=True) as db:
                return work(db=db, **kwargs)
        return run

    results: dict[str, list[tuple[float, float]]] = {}
    for run in range(RUNS):
        me = actor_from_ticket(auth.login(email='maria@acme.test', password=passwords[run % 2]).handoff)
        old, new = passwords[run % 2], passwords[(run + 1) % 2]
        add_member(manager, email=f'new{run}@acme.test', role=Role.COORDINATOR, password=TEMPORARY)
        pending = actor_from_ticket(auth.login(email=f'new{run}@acme.test', password=TEMPORARY).handoff)
        cases = {
            'Set a first password': as_page(profile.set_first_password, actor=pending, new_password=new,
                                            confirm_password=new),
            'Reset a member\'s password': as_page(member_admin.reset_member_password, actor=me, member_id=member_id),
            'Sign out other sessions': as_page(sessions.sign_out_other_sessions, actor=me, password=old),
            'Change password': as_page(profile.change_password, actor=me, current_password=old,
                                       new_password=new, confirm_password=new),
        }
        for name, action in cases.items():
            results.setdefault(name, []).append(longest_wait_of_another_writer(action))
    print(f'{"action":28} {"its own time":>14} {"another write waited":>22}')
    for name, rows in results.items():
        took = statistics.median(r[0] for r in rows) * 1000
        waited = statistics.median(r[1] for r in rows) * 1000
        print(f'{name:28} {took:11.0f} ms {waited:19.0f} ms')


if __name__ == '__main__':
    main()
