"""Shared fixtures: a fresh, migrated SQLite database per test and cheap password hashing."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import email_validator
import pytest

os.environ.setdefault('MOBILOS_SECRET_KEY', 'test-secret-key-not-for-production')
os.environ['MOBILOS_ARGON2_TIME_COST'] = '1'
os.environ['MOBILOS_ARGON2_MEMORY_KIB'] = '1024'
os.environ['MOBILOS_ARGON2_PARALLELISM'] = '1'
# Accept the reserved example domains (name@acme.test) that the tests use; production still refuses them.
email_validator.TEST_ENVIRONMENT = True

from services import signup_mail  # noqa: E402
from services.config import get_settings  # noqa: E402
from services.db import dispose_engines, migrate  # noqa: E402

pytest_plugins = ['nicegui.testing.user_plugin']


@pytest.fixture(scope='session')
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp('template') / 'template.db'
    migrate(f'sqlite:///{path}')
    dispose_engines()
    return path


@pytest.fixture(autouse=True)
def no_background_mail(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests deliver sign-up mail themselves (into a MailBox): a background worker would race them for it."""
    monkeypatch.setattr(signup_mail, 'send_mail_in_background', lambda: None)


@pytest.fixture(autouse=True)
def fresh_db(migrated_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test gets its own copy of a migrated database and its own data folder."""
    path = tmp_path / 'mobilos.db'
    shutil.copy(migrated_template, path)
    url = f'sqlite:///{path}'
    monkeypatch.setenv('MOBILOS_DATABASE_URL', url)
    monkeypatch.setenv('MOBILOS_DATA_DIR', str(tmp_path / 'data'))
    get_settings.cache_clear()
    yield url
    dispose_engines()
    get_settings.cache_clear()
