"""Large-team benchmark: open /team, search, and jump to the last page with 10,000 and 100,000 members.

Run: .venv/bin/python -m bench.team_bench [sizes...]  (default 10000 100000). Prints one table with the
median of several runs per size, so the sizes can be compared side by side. Each size gets a fresh
SQLite database in a temporary folder; /team is fetched over HTTP from the app started as ./scripts/run does.
"""

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
FIRST = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Felipe', 'Gabriela', 'Hugo', 'Isabel', 'João', 'Karin', 'Luis']
LAST = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Smith', 'Johnson', 'Müller', 'Rossi', 'Dubois', 'Kowalski']
RUNS = 7


def fill(size: int) -> tuple[str, str]:
    """Create one organization with `size` members; return a manager's email and password."""
    from models import MemberSearchToken, Organization, User, utcnow
    from services.db import session_scope
    from services.search import search_tokens
    from services.security import hash_password
    from tests.factories import STRONG_PASSWORD, signup

    manager = signup(email='bench.manager@bench.test')
    hashed = hash_password('not used by the benchmark 1')
    rng = random.Random(size)
    users, tokens = [], []
    for i in range(size):
        name = f'{rng.choice(FIRST)} {rng.choice(LAST)} {i}'
        email = f'member{i}@bench.test'
        users.append({'organization_id': manager.organization_id, 'full_name': name, 'sort_name': name.lower(),
                      'email': email, 'role': 'TECHNICIAN' if i % 4 else 'COORDINATOR', 'phone': '',
                      'is_active': i % 10 != 0, 'is_main_manager': False, 'must_change_password': False,
                      'hashed_password': hashed, 'created_at': utcnow()})
    with session_scope(write=True) as db:
        db.execute(insert(User.__table__), users)  # type: ignore[attr-defined]
        ids: dict[str, int] = dict(db.execute(User.__table__.select().with_only_columns(  # type: ignore[attr-defined]
            User.__table__.c.email, User.__table__.c.id)).all())  # type: ignore[attr-defined]
        for row in users:
            for token in search_tokens(str(row['full_name']), str(row['email'])):
                tokens.append({'organization_id': manager.organization_id, 'token': token,
                               'user_id': ids[str(row['email'])]})
        db.execute(insert(MemberSearchToken.__table__), tokens)  # type: ignore[attr-defined]
        org = db.get(Organization, manager.organization_id)
        assert org is not None
        org.plan = 'enterprise'
        org.active_technicians = sum(1 for u in users if u['role'] == 'TECHNICIAN' and u['is_active'])
    return 'bench.manager@bench.test', STRONG_PASSWORD


def start_app(data_dir: str, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(('PYTEST_', 'NICEGUI_'))}
    env.update(MOBILOS_DATA_DIR=data_dir, MOBILOS_PORT=str(port))
    return subprocess.Popen([str(ROOT / 'scripts' / 'run')], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def timed(action: object, runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure(size: int, port: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ['MOBILOS_DATA_DIR'] = data_dir
        os.environ.pop('MOBILOS_DATABASE_URL', None)
        from services import auth, members
        from services.config import get_settings
        from services.db import dispose_engines, migrate, session_scope
        get_settings.cache_clear()
        dispose_engines()
        migrate()
        email, password = fill(size)
        with session_scope(write=True) as db:
            token = auth.complete_login(db=db, handoff=auth.login(email=email, password=password).handoff)
        with session_scope() as db:
            actor = auth.resolve_session(db=db, token=token)
        assert actor is not None

        def query(**kwargs: object) -> members.MemberPage:
            with session_scope() as db:
                return members.list_members(db=db, actor=actor, query=members.MemberQuery(**kwargs))  # type: ignore[arg-type]

        last_page = -(-query().total // 25)
        app = start_app(data_dir, port)
        try:
            with httpx.Client(base_url=f'http://127.0.0.1:{port}', cookies={auth.SESSION_COOKIE: token or ''}) as web:
                for _ in range(300):
                    try:
                        if web.get('/login').status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.2)
                team = web.get('/team')
                assert team.status_code == 200 and 'Active technicians' in team.text, team.status_code
                return {'open /team (HTTP)': timed(lambda: web.get('/team')),
                        'search "smith"': timed(lambda: query(search='smith')),
                        'search "member99"': timed(lambda: query(search='member99')),
                        'active technicians filter': timed(lambda: query(status='active', role='technician')),
                        'last page': timed(lambda: query(page=last_page))}
        finally:
            os.killpg(app.pid, 15)
            app.wait(timeout=30)
            dispose_engines()


def main() -> None:
    os.environ.setdefault('MOBILOS_ARGON2_TIME_COST', '1')
    os.environ.setdefault('MOBILOS_ARGON2_MEMORY_KIB', '8192')
    sizes = [int(arg) for arg in sys.argv[1:]] or [10_000, 100_000]
    results = {size: measure(size, 8600 + i) for i, size in enumerate(sizes)}
    names = list(next(iter(results.values())))
    sys.stdout.write(f'{"median of " + str(RUNS) + " runs, ms":28}' + ''.join(f'{s:>14,}' for s in sizes) + '\n')
    for name in names:
        sys.stdout.write(f'{name:28}' + ''.join(f'{results[s][name]:14.1f}' for s in sizes) + '\n')


if __name__ == '__main__':
    main()
