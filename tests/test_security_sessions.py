"""Sessions (ASVS V7): a fresh random cookie per login set by a real HTTP response, hashed server-side,
and every ending event (logout, password change/reset, deactivation, role change) effective at once."""

import asyncio
import base64
import hashlib
import re
from collections.abc import Callable
from http.cookies import Morsel, SimpleCookie

import httpx
import pytest
from nicegui import app, ui
from nicegui.testing import User
from sqlalchemy import text
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from models import Role
from models import User as Member
from services import auth, member_admin, profile
from services.access import Actor
from services.config import get_settings
from services.db import session_scope
from tests import factories
from tests.factories import STRONG_PASSWORD

TEMPORARY = 'temporary pass 42'
MEMBER_PASSWORD = 'quiet river lantern 7'


def member(manager: Actor, email: str, role: Role = Role.TECHNICIAN, name: str = 'Tom Tech') -> int:
    """A member who has replaced the temporary password with MEMBER_PASSWORD."""
    user_id = factories.add_member(manager, email=email, role=role, name=name, password=TEMPORARY)
    with session_scope(write=True) as db:
        profile.set_first_password(db=db, actor=factories.login(email, TEMPORARY), new_password=MEMBER_PASSWORD,
                                   confirm_password=MEMBER_PASSWORD)
    return user_id


def open_session(email: str, password: str = STRONG_PASSWORD) -> str:
    with session_scope(write=True) as db:
        token = auth.complete_login(db=db, handoff=auth.login(email=email, password=password).handoff)
    assert token is not None
    return token


def resolve(token: str) -> Actor | None:
    with session_scope() as db:
        return auth.resolve_session(db=db, token=token)


async def sign_in(user: User, email: str, password: str = STRONG_PASSWORD, next_path: str = '/',
                  base: str = '') -> httpx.Response:
    """Log in through the service, then let the app set the cookie as the browser would (no redirect followed)."""
    handoff = auth.login(email=email, password=password).handoff
    return await user.http_client.get(f'{base}/auth/complete', params={'handoff': handoff, 'next': next_path})


async def eventually(check: Callable[[], bool]) -> None:
    """Poll (handlers run in background tasks) until `check()` holds; fail after about 5 seconds."""
    for _ in range(50):
        if check():
            return
        await asyncio.sleep(0.1)
    assert check()


def cookie(response: httpx.Response, name: str) -> Morsel | None:
    for header in response.headers.get_list('set-cookie'):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        if name in jar:
            return jar[name]
    return None


async def test_login_sets_a_fresh_random_httponly_lax_cookie_stored_only_as_sha256(user: User) -> None:
    factories.signup()
    response = await sign_in(user, 'maria@acme.test')
    assert (response.status_code, response.headers['location']) == (303, '/')
    session = cookie(response, auth.SESSION_COOKIE)
    assert session is not None
    assert session['httponly'] and session['samesite'].lower() == 'lax' and session['path'] == '/'
    assert not session['secure']  # plain http and no MOBILOS_COOKIE_SECURE
    token = session.value
    assert re.fullmatch(r'[A-Za-z0-9_-]{43,}', token)
    assert len(base64.urlsafe_b64decode(token + '=' * (-len(token) % 4))) >= 16  # >= 128 bits
    with session_scope() as db:
        rows = [tuple(row) for row in db.execute(text('SELECT * FROM auth_session'))]
        stored = db.execute(text('SELECT count(*) FROM auth_session WHERE token_hash = :h'),
                            {'h': hashlib.sha256(token.encode()).hexdigest()}).scalar()
    assert stored == 1
    assert token not in repr(rows)
    assert (await user.http_client.get('/profile')).status_code == 200  # the cookie alone carries the login


def test_tokens_never_repeat_and_hand_over_nonces_are_stored_hashed() -> None:
    factories.signup()
    tokens = {open_session('maria@acme.test') for _ in range(12)}
    assert len(tokens) == 12
    handoff = auth.login(email='maria@acme.test', password=STRONG_PASSWORD).handoff
    with session_scope() as db:
        stored = repr([tuple(row) for row in db.execute(text('SELECT * FROM auth_session'))])
    assert handoff not in stored and not any(token in stored for token in tokens)


@pytest.mark.parametrize(('setting', 'scheme', 'secure'), [
    (None, 'http', False), (None, 'https', True), ('true', 'http', True), ('false', 'https', False)])
async def test_secure_flag_follows_the_setting_else_the_request_scheme(
        user: User, monkeypatch: pytest.MonkeyPatch, setting: str | None, scheme: str, secure: bool) -> None:
    if setting is not None:
        monkeypatch.setenv('MOBILOS_COOKIE_SECURE', setting)
    get_settings.cache_clear()
    factories.signup()
    response = await sign_in(user, 'maria@acme.test', base=f'{scheme}://test')
    for name in (auth.SESSION_COOKIE, auth.DEVICE_COOKIE):
        morsel = cookie(response, name)
        assert morsel is not None and bool(morsel['secure']) is secure, name


@pytest.mark.parametrize(('client_ip', 'secure'), [('127.0.0.1', True), ('203.0.113.7', False)])
async def test_https_behind_a_trusted_proxy_gives_a_secure_cookie(user: User, client_ip: str, secure: bool) -> None:
    factories.signup()
    proxied = ProxyHeadersMiddleware(app, trusted_hosts=get_settings().forwarded_allow_ips)  # as app.py runs it
    async with httpx.AsyncClient(transport=httpx.ASGITransport(proxied, client=(client_ip, 4000)),
                                 base_url='http://test') as client:
        handoff = auth.login(email='maria@acme.test', password=STRONG_PASSWORD).handoff
        response = await client.get('/auth/complete', params={'handoff': handoff},
                                    headers={'x-forwarded-proto': 'https'})
    morsel = cookie(response, auth.SESSION_COOKIE)
    assert morsel is not None and bool(morsel['secure']) is secure


async def test_every_login_issues_a_new_cookie_whatever_the_browser_already_holds(user: User) -> None:
    factories.signup()
    first = cookie(await sign_in(user, 'maria@acme.test'), auth.SESSION_COOKIE)
    user.http_client.cookies.set(auth.SESSION_COOKIE, 'attacker-planted-value')
    second = cookie(await sign_in(user, 'maria@acme.test'), auth.SESSION_COOKIE)
    assert first is not None and second is not None
    assert len({first.value, second.value, 'attacker-planted-value'}) == 3
    assert resolve('attacker-planted-value') is None


async def test_hand_over_link_works_once_and_not_when_tampered(user: User) -> None:
    factories.signup()
    handoff = auth.login(email='maria@acme.test', password=STRONG_PASSWORD).handoff
    for attempt, works in [(handoff, True), (handoff, False), (handoff[:-3] + 'abc', False), ('', False)]:
        response = await user.http_client.get('/auth/complete', params={'handoff': attempt})
        assert (cookie(response, auth.SESSION_COOKIE) is not None) is works
        assert response.headers['location'] == ('/' if works else '/login?expired=1')


def _end(how: str, manager: Actor, member_id: int, token: str) -> None:
    with session_scope(write=True) as db:
        if how == 'password-change':
            profile.change_password(db=db, actor=factories.login('tom@acme.test', MEMBER_PASSWORD),
                                    current_password=MEMBER_PASSWORD, new_password='amber canyon whistle 9',
                                    confirm_password='amber canyon whistle 9')
        elif how == 'password-reset':
            member_admin.reset_member_password(db=db, actor=manager, member_id=member_id)
        elif how == 'deactivation':
            member_admin.set_member_active(db=db, actor=manager, member_id=member_id, active=False)
        else:
            member_admin.update_member(db=db, actor=manager, member_id=member_id, data={'role': 'coordinator'})


@pytest.mark.parametrize('how', ['logout', 'password-change', 'password-reset', 'deactivation', 'role-change'])
async def test_ending_events_end_the_session_on_the_server_at_once(user: User, how: str) -> None:
    manager = factories.signup()
    tom = member(manager, 'tom@acme.test')
    await sign_in(user, 'tom@acme.test', MEMBER_PASSWORD)
    token = str(user.http_client.cookies.get(auth.SESSION_COOKIE))
    assert resolve(token) is not None and (await user.http_client.get('/')).status_code == 200
    if how == 'logout':
        response = await user.http_client.get('/auth/logout')
        assert auth.SESSION_COOKIE in response.headers['set-cookie']  # the browser is told to drop it
    else:
        _end(how, manager, tom, token)
    assert resolve(token) is None
    user.http_client.cookies.set(auth.SESSION_COOKIE, token)  # a browser that kept the old cookie
    response = await user.http_client.get('/')
    assert (response.status_code, response.headers['location']) == (303, '/login?next=/')


async def test_role_is_read_from_the_database_at_every_request_and_ui_event(user: User) -> None:
    manager = factories.signup()
    cora = member(manager, 'cora@acme.test', role=Role.COORDINATOR, name='Cora Coord')
    await sign_in(user, 'cora@acme.test', MEMBER_PASSWORD)
    await user.open('/team')
    await user.should_see('New Member')
    with session_scope(write=True) as db:  # changed behind the app's back: no session revoked
        row = db.get(Member, cora)
        assert row is not None
        row.role = Role.TECHNICIAN
    user.find(kind=ui.button, content='New Member').click()
    await user.should_see('You do not have access to this.', retries=50)  # the open page's next event
    await user.open('/team')
    await user.should_see('No access')
    await user.should_not_see('New Member')


@pytest.mark.parametrize('how', ['deactivation', 'password-reset'])
async def test_open_page_of_an_ended_session_fails_closed_on_the_next_click(user: User, how: str) -> None:
    manager = factories.signup()
    tom = member(manager, 'tom@acme.test')
    await sign_in(user, 'tom@acme.test', MEMBER_PASSWORD)
    await user.open('/profile')
    await user.should_see('My Profile')
    _end(how, manager, tom, '')
    user.find(kind=ui.button, content='Save profile').click()
    await eventually(lambda: user.back_history[-1] == '/login')
    await user.should_see('Log in', retries=50)
    await user.should_not_see('Save profile')
