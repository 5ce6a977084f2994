"""Hostile input the UI never sends but a crafted client can: control characters, lone surrogates, huge ids,
forged proxy headers. Each is refused cleanly instead of crashing or being stored."""

import logging

import pytest
from starlette.types import Message, Receive, Scope, Send

from models import Role
from pages.security_middleware import SecurityMiddleware
from services import auth, members, organization, specialties
from services.access import Actor
from services.db import session_scope
from services.errors import AuthenticationFailed, InvalidInput, NotFound
from services.security import password_problem
from services.throttle import Throttled
from tests.factories import STRONG_PASSWORD, add_member, signup

HOSTILE_NAMES = ['Eve\x00', 'Bob\u202eevil', 'Tab\x07bell', 'Lone \udcff surrogate']


@pytest.mark.parametrize('name', HOSTILE_NAMES)
def test_names_with_control_characters_are_refused_and_nothing_is_saved(name: str) -> None:
    manager = signup()
    with pytest.raises(InvalidInput) as refused, session_scope(write=True) as db:
        members.create_member(db=db, actor=manager, data={'full_name': name, 'email': 'eve@acme.test',
                                                          'role': Role.COORDINATOR,
                                                          'temporary_password': 'temporary pass 42'})
    assert refused.value.errors == {'full_name': 'Remove control or invisible formatting characters.'}
    for action, data in [(organization.rename_organization, {'name': name}),
                         (specialties.add_specialty, {'name': name})]:
        with pytest.raises(InvalidInput), session_scope(write=True) as db:
            action(db=db, actor=manager, data=data)
    with session_scope() as db:
        page = members.list_members(db=db, actor=manager, query=members.MemberQuery())
        assert [m.email for m in page.rows] == ['maria@acme.test']
        assert organization.get_organization(db=db, actor=manager).name == 'Acme Field Services'
        assert specialties.list_specialties(db=db, actor=manager) == []


@pytest.mark.parametrize(('email', 'password'), [('maria@acme.test', 'x\udcff'), ('\udcff@acme.test', 'x'),
                                                 ('maria@acme.test\x00', STRONG_PASSWORD)])
def test_login_with_lone_surrogates_or_nul_fails_like_a_wrong_password(email: str, password: str) -> None:
    signup()
    with pytest.raises(AuthenticationFailed) as failed:
        auth.login(email=email, password=password, ip_address='203.0.113.9\udcff', user_agent='\udcff')
    assert str(failed.value) == 'Invalid email or password.'


def test_a_password_with_control_characters_is_refused() -> None:
    assert password_problem('correct horse\x00battery') == 'Remove control characters from the password.'
    assert password_problem('correct horse \udcff battery') == 'Remove control characters from the password.'


def test_login_finds_an_account_by_the_address_sign_up_normalized() -> None:
    signup(email='Ana@Example.COM')
    assert auth.login(email='  ana@example.com ', password=STRONG_PASSWORD).handoff


def test_throttled_logins_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger='mobilos.security')
    signup()
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            auth.login(email='maria@acme.test', password='wrong guess 1', ip_address='198.51.100.7')
    with pytest.raises(Throttled):
        auth.login(email='maria@acme.test', password='wrong guess 1', ip_address='198.51.100.7')
    assert '"outcome": "throttled"' in caplog.records[-1].getMessage()


@pytest.mark.parametrize('huge', [0, -1, 2**63, 2**70])
def test_ids_beyond_the_database_range_name_nothing(huge: int) -> None:
    manager: Actor = signup()
    add_member(manager, email='tom@acme.test', specialties=['HVAC'])
    with pytest.raises(NotFound), session_scope(write=True) as db:
        specialties.rename_specialty(db=db, actor=manager, specialty_id=huge, data={'name': 'Gas'})
    with session_scope() as db:
        page = members.list_members(db=db, actor=manager, query=members.MemberQuery(specialty_id=huge))
    assert page.total == 0


async def _through_middleware(scope: Scope) -> list[Message]:
    sent: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({'type': 'http.response.start', 'status': 200, 'headers': []})

    async def receive() -> Message:
        return {'type': 'http.request'}

    async def send(message: Message) -> None:
        sent.append(message)

    await SecurityMiddleware(app)(scope, receive, send)
    return sent


async def test_a_forged_forwarded_host_does_not_open_the_websocket_to_another_origin() -> None:
    sent = await _through_middleware({'type': 'http', 'path': '/_nicegui_ws/socket.io/', 'scheme': 'http',
                                      'headers': [(b'host', b'app.example'), (b'origin', b'https://evil.example'),
                                                  (b'x-forwarded-host', b'evil.example')]})
    assert sent[0]['status'] == 403


@pytest.mark.parametrize(('scheme', 'hsts'), [('https', True), ('http', False)])
async def test_strict_transport_security_is_sent_over_https_only(scheme: str, hsts: bool) -> None:
    sent = await _through_middleware({'type': 'http', 'path': '/login', 'scheme': scheme, 'headers': []})
    names = {name for name, _ in sent[0]['headers']}
    assert (b'strict-transport-security' in names) is hsts


@pytest.mark.parametrize('name', ['\u200b\u200b', '\u2060'])
def test_names_with_nothing_visible_are_refused(name: str) -> None:
    manager = signup()
    with pytest.raises(InvalidInput) as refused, session_scope(write=True) as db:
        specialties.add_specialty(db=db, actor=manager, data={'name': name})
    assert refused.value.errors == {'name': 'Use visible letters or numbers.'}


def test_the_same_accented_name_typed_two_ways_is_one_specialty() -> None:
    manager = signup()
    with session_scope(write=True) as db:
        specialties.add_specialty(db=db, actor=manager, data={'name': '\u00c1gua'})  # precomposed Á
    with pytest.raises(InvalidInput) as refused, session_scope(write=True) as db:
        specialties.add_specialty(db=db, actor=manager, data={'name': 'A\u0301gua'})  # A + combining accent
    assert refused.value.errors == {'name': 'This specialty already exists.'}
