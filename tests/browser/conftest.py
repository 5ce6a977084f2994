"""Playwright tier: the real app, started the README's way (`./scripts/run`), driven in Chromium.

Run on its own: `.venv/bin/python -m pytest -m browser`. Every test in this folder gets the `browser` mark.
"""

import http.client
import itertools
import os
import signal
import socket
import subprocess
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Error, Page, expect

from tests.browser import helpers

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path('/usr/bin/chromium')
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--no-first-run']
STARTUP_SECONDS = 180  # the first `./scripts/run` on a machine installs the requirements
# Generous waits (they only matter when something is wrong): the app hashes passwords with production
# argon2 settings, which takes a second or more on a small, busy machine.
WAIT_MS = 20_000
expect.set_options(timeout=WAIT_MS)
# Every browser context is a different person, so it comes from its own client address (198.18.0.0/15, the
# benchmarking range), told to the app the way a reverse proxy on the same machine would: X-Forwarded-For
# from 127.0.0.1, which the app trusts (MOBILOS_FORWARDED_ALLOW_IPS). Otherwise the whole session's
# sign-ups and log-ins would share the per-address throttles (sign-up: 20 an hour, then up to 60 s apart).
_client_addresses = (f'198.18.{n // 256}.{n % 256}' for n in itertools.count(1))


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects anything
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope='session')
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium when installed (Playwright's own download does not work everywhere)."""
    if CHROMIUM.exists():
        return {**browser_type_launch_args, 'executable_path': str(CHROMIUM), 'args': CHROMIUM_ARGS}
    return browser_type_launch_args


@pytest.fixture(scope='session')
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `./scripts/run` on a free port with a fresh data folder; stop it and its children at the end.

    With no SMTP server configured the app writes its mail to <data folder>/outbox; the helpers read it there.
    """
    port = _free_port()
    url = f'http://127.0.0.1:{port}'
    data_dir = tmp_path_factory.mktemp('mobilos-data')
    helpers.use_outbox(data_dir / 'outbox')
    log_path = tmp_path_factory.mktemp('mobilos-log') / 'app.log'
    # No PYTEST_* (NiceGUI would start in test mode), no NICEGUI_*, and none of the MOBILOS_* values
    # the unit-test conftest puts in this process (cheap argon2, a fixed secret, a per-test database).
    env = {k: v for k, v in os.environ.items() if not k.startswith(('PYTEST_', 'NICEGUI_', 'MOBILOS_'))}
    env.update(MOBILOS_HOST='127.0.0.1', MOBILOS_PORT=str(port), MOBILOS_DATA_DIR=str(data_dir),
               MOBILOS_FORWARDED_ALLOW_IPS='127.0.0.1')
    with log_path.open('wb') as log:
        process = subprocess.Popen(['./scripts/run'], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_until_answering(process, port, log_path)
        yield url
    finally:
        _stop(process)


@pytest.fixture(scope='session')
def base_url(app_url: str) -> str:
    """Lets tests write page.goto('/team')."""
    return app_url


@pytest.fixture(scope='session')
def outbox(app_url: str) -> Path:
    """The folder the app writes its mail to (it appears with the first mail)."""
    return helpers.outbox()


@pytest.fixture
def open_page(new_context: Callable[..., Any]) -> Iterator[Callable[..., Page]]:
    """open_page(**helpers.DESKTOP) / open_page(**helpers.PHONE): a page in a new browser context (its own cookies
    and its own client address, see _client_addresses).

    Uncaught JavaScript errors fail the test; console errors are reported as warnings.
    """
    console_errors: list[str] = []
    page_errors: list[str] = []

    def _open(**context_args: Any) -> Page:
        headers = {'X-Forwarded-For': next(_client_addresses), **context_args.pop('extra_http_headers', {})}
        page = new_context(**context_args, extra_http_headers=headers).new_page()
        page.set_default_timeout(WAIT_MS)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == 'error':
                console_errors.append(f'{page.url}: {message.text.splitlines()[0]}')

        def on_page_error(error: Error) -> None:
            page_errors.append(f'{page.url}: {error.message}')

        page.on('console', on_console)
        page.on('pageerror', on_page_error)
        return page

    yield _open
    for message in dict.fromkeys(console_errors):
        warnings.warn(f'browser console error: {message}', stacklevel=1)
    assert not page_errors, f'uncaught JavaScript errors: {page_errors}'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return int(sock.getsockname()[1])


def _wait_until_answering(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if _answers(port):
            return
        try:
            process.wait(timeout=0.25)  # paces the loop and notices an early exit
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f'./scripts/run exited with code {process.returncode} before the app answered on port {port}.'
                    f'\n--- its output ---\n{log_path.read_text(errors="replace")}', pytrace=False)
    pytest.fail(f'The app did not answer on port {port} within {STARTUP_SECONDS}s.'
                f'\n--- its output ---\n{log_path.read_text(errors="replace")}', pytrace=False)


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection('127.0.0.1', port, timeout=2)
    try:
        connection.request('GET', '/login')
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the whole group (scripts/run and whatever it started), then SIGKILL to any leftover."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            continue
    process.wait(timeout=10)
