"""Database engine, short-lived sessions and schema migrations.

SQLite (the default) runs with WAL, foreign keys and a busy timeout. Write sessions start with
BEGIN IMMEDIATE so that read-then-write transactions queue on the write lock instead of failing
with SQLITE_BUSY when another writer commits first.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from services.config import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / 'migrations'
_engines: dict[str, Engine] = {}


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={'check_same_thread': False, 'timeout': 15})

    @event.listens_for(engine, 'connect')
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's begin event below issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute('PRAGMA journal_mode=WAL')
        cursor.execute('PRAGMA foreign_keys=ON')
        cursor.execute('PRAGMA busy_timeout=15000')
        cursor.execute('PRAGMA synchronous=NORMAL')
        cursor.close()

    @event.listens_for(engine, 'begin')
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get('sqlite_immediate', False)
        connection.exec_driver_sql('BEGIN IMMEDIATE' if immediate else 'BEGIN')

    return engine


def get_engine(url: str | None = None) -> Engine:
    url = url or get_settings().resolved_database_url()
    if url not in _engines:
        _engines[url] = _sqlite_engine(url) if url.startswith('sqlite') else create_engine(url, pool_pre_ping=True)
    return _engines[url]


def dispose_engines() -> None:
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


@contextmanager
def session_scope(*, write: bool = False) -> Iterator[Session]:
    """One short session per action: committed on success, rolled back on any error."""
    engine = get_engine()
    bind = engine.execution_options(sqlite_immediate=True) if write else engine
    with Session(bind=bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            for work in session.info.pop('after_rollback', []):
                work()
            raise


def after_rollback(db: Session, work: Callable[[], None]) -> None:
    """Run `work` once this session's transaction is rolled back: what a refused action must still record
    (its own session; the refused one holds SQLite's write lock until then)."""
    db.info.setdefault('after_rollback', []).append(work)


def migrate(url: str | None = None) -> None:
    """Bring the schema to the newest Alembic revision."""
    engine = get_engine(url)
    config = Config()
    config.set_main_option('script_location', str(MIGRATIONS_DIR))
    with engine.connect() as connection:
        sqlite = engine.dialect.name == 'sqlite'
        if sqlite:  # SQLite rebuilds tables to alter them: foreign keys must be off, outside any transaction
            connection.connection.driver_connection.execute('PRAGMA foreign_keys=OFF')  # type: ignore[union-attr]
        with connection.begin():
            config.attributes['connection'] = connection
            command.upgrade(config, 'head')
            if sqlite and connection.exec_driver_sql('PRAGMA foreign_key_check').first() is not None:
                raise RuntimeError('The migration left rows that break foreign keys; it was rolled back.')
        if sqlite:
            connection.connection.driver_connection.execute('PRAGMA foreign_keys=ON')  # type: ignore[union-attr]
