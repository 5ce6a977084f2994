"""An unknown address and a page that fails show the app's own explanation, never an exception's name."""

import asyncio

import pytest
from nicegui import Client
from nicegui.testing import User

from services import profile
from tests import factories
from tests.test_security_sessions import sign_in


@pytest.mark.parametrize('path', ['/nonexistent', '/docs', '/openapi.json', '/organization/logo', '/team/1/x',
                                  '/logo', '/_nicegui/x'])
async def test_a_signed_in_member_gets_page_not_found_with_the_way_home(user: User, path: str) -> None:
    factories.signup()
    await sign_in(user, 'maria@acme.test')
    response = await user.http_client.get(path)
    assert response.status_code == 404
    assert 'Page not found' in response.text
    assert 'HTTPException' not in response.text and 'Not Found' not in response.text
    assert 'Go to your home page' in response.text  # the signed-in frame, whichever path was unknown


async def test_the_not_found_page_keeps_the_menu_and_links_home(user: User) -> None:
    factories.signup()
    await sign_in(user, 'maria@acme.test')
    page = (await user.http_client.get('/no-such-page')).text
    assert 'The address may be mistyped, or the page no longer exists.' in page
    for shown in ('Acme Field Services', 'My Profile', 'Specialties', 'Go to your home page'):
        assert shown in page


async def test_an_unknown_address_outside_the_app_pages_offers_the_log_in_page(user: User) -> None:
    response = await user.http_client.get('/auth/no-such-step')
    assert response.status_code == 404
    assert 'Page not found' in response.text and 'Go to the log-in page' in response.text


async def test_a_page_that_fails_says_so_without_the_error_details(
        user: User, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(**_: object) -> None:
        raise RuntimeError('database password is hunter2')

    factories.signup()
    await sign_in(user, 'maria@acme.test')
    monkeypatch.setattr(profile, 'get_profile', broken)
    response = await user.http_client.get('/profile')
    assert response.status_code == 500
    assert 'Something went wrong' in response.text
    assert 'hunter2' not in response.text and 'RuntimeError' not in response.text
    assert [r.exc_info is not None for r in caplog.records if r.levelname == 'ERROR'][:1] == [True]  # logged
    caplog.clear()  # the error log was the point of this test, not a failure of it


@pytest.mark.parametrize('path', ['/billing', '/team?resume=1'])
async def test_a_page_fetched_without_a_browser_ends_quietly(user: User, path: str,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """Pages that read this tab's saved form wait for the browser to connect; a fetch that never connects
    (a script, or a tab closed while loading) must not end in a logged traceback."""
    factories.signup()
    await sign_in(user, 'maria@acme.test')
    before = set(Client.instances)
    assert (await user.http_client.get(path)).status_code == 200
    for client_id in set(Client.instances) - before:
        Client.instances[client_id].delete()  # what NiceGUI does once the page was never connected
    for _ in range(20):  # let the waiting page code run to its end
        await asyncio.sleep(0)
    assert not [r.getMessage() for r in caplog.records if r.levelname == 'ERROR']
