"""Security headers on every kind of response, and NiceGUI's websocket refused to other origins (ASVS V3/V4)."""

import re

import httpx
import pytest
from nicegui.testing import User
from starlette.types import Message, Receive, Scope, Send

from pages.security_middleware import SecurityMiddleware
from tests import factories
from tests.test_security_sessions import sign_in

POLLING = '/_nicegui_ws/socket.io/?EIO=4&transport=polling'


def assert_security_headers(response: httpx.Response) -> None:
    what = f'{response.request.method} {response.request.url.path} -> {response.status_code}'
    csp = response.headers.get('content-security-policy', '')
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(';') if part.strip()}
    assert directives.get('frame-ancestors') == ["'none'"], what
    assert directives.get('default-src') == ["'self'"] and directives.get('object-src') == ["'none'"], what
    assert response.headers.get('x-content-type-options') == 'nosniff', what
    assert response.headers.get('referrer-policy') == 'strict-origin-when-cross-origin', what
    assert response.headers.get('x-frame-options') == 'DENY', what


async def test_every_kind_of_response_carries_the_security_headers(user: User) -> None:
    login = await user.http_client.get('/login')
    asset = re.search(r'/_nicegui/[\d.]+/static/nicegui\.css', login.text)
    assert asset is not None
    responses = [
        login,
        await user.http_client.get('/team'),  # redirect to log in
        await user.http_client.get('/auth/complete', params={'handoff': 'forged'}),
        await user.http_client.get('/_nicegui/no-such-file.js'),
        await user.http_client.get(asset.group()),
        await user.http_client.get(POLLING, headers={'origin': 'https://evil.example'}),
    ]
    assert [r.status_code for r in responses] == [200, 303, 303, 404, 200, 403]
    for response in responses:
        assert_security_headers(response)


async def test_signed_in_responses_carry_the_security_headers_too(user: User) -> None:
    manager = factories.signup()
    factories.add_member(manager, email='tom@acme.test')
    responses = [await sign_in(user, 'maria@acme.test')]  # the response that sets the session cookie
    for path in ['/team', '/team/2', '/team/999999', '/no-such-page', '/logo', '/login']:
        responses.append(await user.http_client.get(path))
    assert [r.status_code for r in responses] == [303, 200, 200, 200, 404, 404, 303]
    for response in responses:
        assert_security_headers(response)


@pytest.mark.parametrize('origin', ['https://evil.example', 'http://test.evil.example', 'http://test:8080',
                                    'http://test@evil.example', 'null', 'http://evil.example/http://test'])
async def test_socket_io_refuses_a_foreign_origin(user: User, origin: str) -> None:
    response = await user.http_client.get(POLLING, headers={'origin': origin})
    assert (response.status_code, response.text) == (403, 'Forbidden origin')
    assert 'sid' not in response.text


async def test_socket_io_accepts_its_own_origin(user: User) -> None:
    for headers in [{'origin': 'http://test'}, {}]:  # the app's own pages; non-browser clients send no Origin
        response = await user.http_client.get(POLLING, headers=headers)
        assert response.status_code == 200 and '"sid"' in response.text


@pytest.mark.parametrize(('origin', 'accepted'), [(b'https://evil.example', False), (b'http://app.example', True)])
async def test_websocket_handshake_from_a_foreign_origin_is_closed_before_the_app_sees_it(
        origin: bytes, accepted: bool) -> None:
    reached: list[Scope] = []
    sent: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(scope)

    async def receive() -> Message:
        return {'type': 'websocket.connect'}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {'type': 'websocket', 'path': '/_nicegui_ws/socket.io/', 'headers': [
        (b'host', b'app.example'), (b'origin', origin)]}
    await SecurityMiddleware(app)(scope, receive, send)
    assert bool(reached) is accepted
    assert sent == ([] if accepted else [{'type': 'websocket.close', 'code': 1008}])
