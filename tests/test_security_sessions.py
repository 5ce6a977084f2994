"""Sessions (ASVS V7): a fresh random cookie per login set by a real HTTP response, hashed server-side,
and every ending event (logout, password change/reset, deactivation, role change) effective at once."""

import asyncio
import base64
import hashlib
import re
from collections.abc import Callable
from http.cookies import Morsel, SimpleCookie
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from nicegui import app, ui
from nicegui.testing import User
from sqlalchemy import text, update
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from models import Role
from models import User as Member
from services import auth, member_admin, profile
from services.access import Actor
from services.config import get_settings
from services.db import session_scope
from tests import factories
from tests.factories import STRONG_PASSWORD
from tests.test_pages_helpers import click_menu_item

TEMPORARY = 'temporary pass 42'
MEMBER_PASSWORD = 'quiet river lantern 7'


def member(manager: Actor, email: str, role: Role = Role.TECHNICIAN, name: str = 'Tom Tech') -> int:
    """A member who has replaced the temporary password with MEMBER_PASSWORD."""
    user_id = factories.add_member(manager, email=email, role=role, name=name, password=TEMPORARY)
    with session_scope(write=True) as db:
        profile.set_first_password(db=db, actor=factories.login(email, TEMPORARY), new_password=MEMBER_PASSWORD,
                                   confirm_password=MEMBER_PASSWORD)
    return user_id


def resolve(token: str) -> Actor | None:
    with session_scope() as db:
        return auth.resolve_session(db=db, token=token)


async def sign_in(user: User, email: str, password: str = STRONG_PASSWORD, next_path: str = '/') -> httpx.Response:
    """Log in through the service, then let the app set the cookie as the browser would (no redirect followed)."""
    handoff = auth.login(email=email, password=password).handoff
    return await user.http_client.get('/auth/complete', params={'handoff': handoff, 'next': next_path})


async def eventually(check: Callable[[], bool]) -> None:
    """Poll until `check()` holds (handlers run in background tasks); fail after about 5 seconds."""
    for _ in range(50):
        if check():
            return
        await asyncio.sleep(0.1)
    assert check()


def cookie(response: httpx.Response, name: str) -> Morsel | None:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_list('set-cookie'):
        jar.load(header)
    return jar.get(name)


def token_of(response: httpx.Response) -> str:
    morsel = cookie(response, auth.SESSION_COOKIE)
    assert morsel is not None
    return morsel.value


async def test_login_sets_a_fresh_random_httponly_lax_cookie_stored_only_as_sha256(user: User) -> None:
    factories.signup()
    response = await sign_in(user, 'maria@acme.test')
    assert (response.status_code, response.headers['location']) == (303, '/')
    session = cookie(response, auth.SESSION_COOKIE)
    assert session is not None and session['httponly'] and session['path'] == '/'
    assert session['samesite'].lower() == 'lax'
    assert not session['secure']  # plain http and no MOBILOS_COOKIE_SECURE
    assert re.fullmatch(r'[A-Za-z0-9_-]{43,}', token := session.value)
    assert len(base64.urlsafe_b64decode(token + '=' * (-len(token) % 4))) >= 16  # >= 128 bits
    with session_scope() as db:
        rows = repr([tuple(row) for row in db.execute(text('SELECT * FROM auth_session'))])
    assert token not in rows and rows.count(hashlib.sha256(token.encode()).hexdigest()) == 1
    assert (await user.http_client.get('/profile')).status_code == 200  # the cookie alone carries the login
    tokens = {token_of(await sign_in(user, 'maria@acme.test')) for _ in range(12)}
    assert len(tokens) == 12 and token not in tokens


@pytest.mark.parametrize(('setting', 'url', 'forwarded', 'client_ip', 'secure'), [
    (None, 'http://test', None, '127.0.0.1', False), (None, 'https://test', None, '127.0.0.1', True),
    ('true', 'http://test', None, '127.0.0.1', True), ('false', 'https://test', None, '127.0.0.1', False),
    (None, 'http://test', 'https', '127.0.0.1', True),  # TLS ends at a trusted proxy (forwarded_allow_ips)
    (None, 'http://test', 'https', '203.0.113.7', False)])  # anyone else claiming https is not believed
async def test_secure_flag_follows_the_setting_else_the_scheme_seen_through_trusted_proxies(
        user: User, monkeypatch: pytest.MonkeyPatch, setting: str | None, url: str, forwarded: str | None,
        client_ip: str, secure: bool) -> None:
    if setting is not None:
        monkeypatch.setenv('MOBILOS_COOKIE_SECURE', setting)
    get_settings.cache_clear()
    factories.signup()
    proxied: Any = ProxyHeadersMiddleware(cast(Any, app), trusted_hosts=get_settings().forwarded_allow_ips)  # as app.py
    async with httpx.AsyncClient(transport=httpx.ASGITransport(proxied, client=(client_ip, 4000))) as client:
        handoff = auth.login(email='maria@acme.test', password=STRONG_PASSWORD).handoff
        response = await client.get(f'{url}/auth/complete', params={'handoff': handoff},
                                    headers={'x-forwarded-proto': forwarded} if forwarded else {})
    for name in (auth.SESSION_COOKIE, auth.DEVICE_COOKIE):  # __Host- whenever Secure (ASVS 3.3.1)
        morsel = cookie(response, ('__Host-' if secure else '') + name)
        assert morsel is not None and bool(morsel['secure']) is secure, name
        assert (morsel['path'], morsel['domain']) == ('/', ''), name
        assert cookie(response, ('' if secure else '__Host-') + name) is None, name
    if secure:  # and a cookie under the prefixed name opens the app
        token = cookie(response, '__Host-' + auth.SESSION_COOKIE)
        assert token is not None
        async with httpx.AsyncClient(transport=httpx.ASGITransport(proxied, client=(client_ip, 4000))) as client:
            page = await client.get(f'{url}/profile', cookies={'__Host-' + auth.SESSION_COOKIE: token.value},
                                    headers={'x-forwarded-proto': forwarded} if forwarded else {})
        assert page.status_code == 200


async def test_every_login_issues_a_new_cookie_whatever_the_browser_already_holds(user: User) -> None:
    factories.signup()
    first = token_of(await sign_in(user, 'maria@acme.test'))
    user.http_client.cookies.set(auth.SESSION_COOKIE, 'attacker-planted-value')
    second = token_of(await sign_in(user, 'maria@acme.test'))
    assert len({first, second, 'attacker-planted-value'}) == 3
    assert resolve('attacker-planted-value') is None


async def test_hand_over_link_works_once_and_not_when_tampered(user: User) -> None:
    factories.signup()
    handoff = auth.login(email='maria@acme.test', password=STRONG_PASSWORD).handoff
    for attempt, works in [(handoff, True), (handoff, False), (handoff[:-3] + 'abc', False), ('', False)]:
        response = await user.http_client.get('/auth/complete', params={'handoff': attempt})
        assert (cookie(response, auth.SESSION_COOKIE) is not None) is works
        assert response.headers['location'] == ('/' if works else '/login?expired=1')


def _end(how: str, manager: Actor, member_id: int) -> None:
    """Tom changes his password in another browser, or the manager resets it, deactivates him, changes his role
    or signs him out everywhere."""
    new = 'amber canyon whistle 9'
    with session_scope(write=True) as db:
        {'password-change': lambda: profile.change_password(
            db=db, actor=factories.login('tom@acme.test', MEMBER_PASSWORD), current_password=MEMBER_PASSWORD,
            new_password=new, confirm_password=new),
         'password-reset': lambda: member_admin.reset_member_password(db=db, actor=manager, member_id=member_id),
         'deactivation': lambda: member_admin.set_member_active(db=db, actor=manager, member_id=member_id,
                                                                active=False),
         'role-change': lambda: member_admin.update_member(db=db, actor=manager, member_id=member_id,
                                                           data={'role': 'coordinator'}),
         'signed-out-by-manager': lambda: member_admin.sign_member_out(db=db, actor=manager, member_id=member_id),
         }[how]()


@pytest.mark.parametrize('how', ['logout', 'password-change', 'password-reset', 'deactivation', 'role-change',
                                 'signed-out-by-manager'])
async def test_ending_events_end_the_session_on_the_server_at_once(user: User, how: str) -> None:
    manager = factories.signup()
    tom = member(manager, 'tom@acme.test')
    await sign_in(user, 'tom@acme.test', MEMBER_PASSWORD)
    token = str(user.http_client.cookies.get(auth.SESSION_COOKIE))
    assert resolve(token) is not None and (await user.http_client.get('/')).status_code == 200
    if how == 'logout':
        await user.open('/')
        click_menu_item(user, 'Log out')
        await user.should_see('Log in', retries=50)
    else:
        _end(how, manager, tom)
    assert resolve(token) is None
    user.http_client.cookies.set(auth.SESSION_COOKIE, token)  # a browser that kept the old cookie
    response = await user.http_client.get('/')
    location = urlsplit(response.headers['location'])
    assert (response.status_code, location.path, parse_qs(location.query)['next']) == (303, '/login', ['/'])
    assert f'{auth.SESSION_COOKIE}=""' in response.headers['set-cookie']  # and is told to drop it


async def test_role_is_read_from_the_database_at_every_request_and_ui_event(user: User) -> None:
    manager = factories.signup()
    cora = member(manager, 'cora@acme.test', role=Role.COORDINATOR, name='Cora Coord')
    await sign_in(user, 'cora@acme.test', MEMBER_PASSWORD)
    await user.open('/team')
    await user.should_see('New Member')
    with session_scope(write=True) as db:  # changed behind the app's back: no session revoked
        db.execute(update(Member).where(Member.id == cora).values(role=Role.TECHNICIAN))  # type: ignore[arg-type]
    user.find(kind=ui.button, content='New Member').click()
    await user.should_see('You do not have access to this.', retries=50)  # the open page's next event
    await user.open('/team')
    await user.should_see('No access')
    await user.should_not_see('New Member')


@pytest.mark.parametrize('how', ['deactivation', 'password-reset', 'signed-out-by-manager'])
async def test_open_page_of_an_ended_session_fails_closed_on_the_next_click(user: User, how: str) -> None:
    manager = factories.signup()
    tom = member(manager, 'tom@acme.test')
    await sign_in(user, 'tom@acme.test', MEMBER_PASSWORD)
    await user.open('/profile')
    await user.should_see('My Profile')
    _end(how, manager, tom)
    user.find(kind=ui.button, content='Save profile').click()
    await eventually(lambda: urlsplit(user.back_history[-1]).path == '/login')
    await user.should_see('Log in', retries=50)
    await user.should_not_see('Save profile')
