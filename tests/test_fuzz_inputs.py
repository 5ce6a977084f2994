"""Hostile input at every form's service: it succeeds, or is refused with a clear message (a ServiceError; field
errors name the form's fields) and the database is left exactly as it was. Never another exception."""

import io
import re
import struct
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from nicegui.testing import User
from PIL import Image
from sqlalchemy import delete
from sqlmodel import Session, SQLModel, select

from models import LoginThrottle, Role, Specialty
from services import auth, member_admin, members, organization, profile, signup, signup_mail, specialties
from services.access import Actor
from services.db import session_scope
from services.errors import InvalidInput, ServiceError
from tests import factories
from tests.factories import STRONG_PASSWORD, MailBox
from tests.test_security_sessions import sign_in

FUZZ = settings(max_examples=30, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
MIXED = 'Jöhn 李 Σ'  # mixed scripts
HOSTILE = ['', '   ', 'x' * 10_000, '\x00\x1f', MIXED, "o'brien+tag@sub.example.com", 'UPPER@EXAMPLE.COM',
           '<img src=x onerror=alert(1)>', '\u202egnp.exe', 'e\u0301\u200b', "'; DROP TABLE user; --", '\r\n\t']
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=200), st.emails())
PASSWORD = st.one_of(TEXT, st.just(STRONG_PASSWORD), st.text(min_size=8, max_size=140))
ID = st.one_of(st.integers(min_value=-(2**63), max_value=2**63 - 1), st.sampled_from([0, 1, 2, 3, 999_999]))
ROLE = st.one_of(st.sampled_from(['technician', 'coordinator', 'manager']), TEXT)
F = TypeVar('F', bound=Callable[..., None])


def hostile(arguments: Callable[[str], tuple[Any, ...]]) -> Callable[[F], F]:
    """An explicit example per HOSTILE value, placed by `arguments` (usually in every field at once)."""
    def add(test: F) -> F:
        for value in HOSTILE:
            test = example(*arguments(value))(test)
        return test
    return add


def database() -> dict[str, list[str]]:
    """Every row of every table."""
    with session_scope() as db:
        return {t.name: sorted(repr(tuple(r)) for r in db.execute(t.select())) for t in SQLModel.metadata.sorted_tables}


def attempt(call: Callable[[Session], object], fields: Iterable[str] = (), *, changing: Iterable[str] = ()) -> bool:
    """True when `call` succeeded; on refusal, check the message and that nothing but `changing` tables moved."""
    before = database()
    try:
        with session_scope(write=True) as db:
            call(db)
    except ServiceError as exc:
        event(f'refused: {type(exc).__name__}')
        assert str(exc).strip()
        if isinstance(exc, InvalidInput):
            assert exc.errors and set(exc.errors) <= set(fields), exc.errors
            assert all(isinstance(m, str) and m and len(m) < 200 for m in exc.errors.values())
        after = database()
        for table in changing:
            before.pop(table), after.pop(table)
        assert after == before
        return False
    event('accepted')
    return True


@dataclass
class Org:
    manager: Actor
    tom: int  # a technician of the manager's organization
    oscar: int  # a technician of another organization
    roofing: int  # a specialty of another organization
    password: list[str]  # the manager's passwords, the current one last


@pytest.fixture
def org() -> Org:
    """Built once per test; hypothesis' examples then share (and keep changing) this database."""
    manager = factories.signup()
    tom = factories.add_member(manager, email='tom@acme.test', specialties=['HVAC'])
    other = factories.signup(org='Other Org', name='Olga Other', email='olga@other.test')
    oscar = factories.add_member(other, email='oscar@other.test', name='Oscar Other', specialties=['Roofing'])
    with session_scope() as db:
        roofing = specialties.list_specialties(db=db, actor=other)[0].id
    return Org(manager, tom, oscar, roofing, [STRONG_PASSWORD])


@FUZZ
@given(name=TEXT, name2=TEXT, email=TEXT, password=PASSWORD, ip=TEXT)
@hostile(lambda v: (v, v, v, v, v))
@example(MIXED, MIXED, "o'brien+tag@sub.example.com", STRONG_PASSWORD, '::1')
@example('Upper Org', 'Upper', 'UPPER@EXAMPLE.COM', STRONG_PASSWORD, '')
@example('Acme Field Services', 'Again', 'maria@acme.test', STRONG_PASSWORD, '')  # a taken email
def test_signup(org: Org, name: str, name2: str, email: str, password: str, ip: str) -> None:
    data = {'organization_name': name, 'full_name': name2, 'email': email, 'password': password}
    def whole_signup(_db: Session) -> None:  # the form, the mail, the link: each may refuse, none may crash
        signup.request_signup(data=data, ip_address=ip)
        box = MailBox()
        signup_mail.deliver_pending(sender=box)
        found = re.search(r'token=(\S+)', box.sent[-1].text) if box.sent else None
        token = found.group(1) if found else name
        with session_scope() as db:
            shown = signup.pending_signup(db=db, token=token)
        assert (shown is None) == (found is None)
        signup.confirm_signup(token=token, password=password, user_agent=name2, ip_address=ip)

    attempt(whole_signup, data, changing=['login_throttle', 'signup_request'])


@FUZZ
@given(name=TEXT, email=TEXT, role=ROLE, password=PASSWORD, tags=st.lists(TEXT, max_size=25))
@hostile(lambda v: (v, v, v, v, [v] * 21))
@example(MIXED, "o'brien+tag@sub.example.com", 'technician', 'temporary pass 42', [MIXED, MIXED.upper()])
@example('\x00\x1f', 'UPPER@EXAMPLE.COM', 'coordinator', 'temporary pass 42', ['\x00\x1f', '   ', ''])
def test_create_member(org: Org, name: str, email: str, role: str, password: str, tags: list[str]) -> None:
    data: dict[str, object] = {'full_name': name, 'email': email, 'role': role, 'temporary_password': password,
                               'specialties': tags}
    attempt(lambda db: members.create_member(db=db, actor=org.manager, data=data), data)


MEMBER_FIELDS = ['full_name', 'email', 'phone', 'role', 'specialties', 'support_roles']
MEMBER_FORM = st.fixed_dictionaries({}, optional={
    'full_name': TEXT, 'email': TEXT, 'phone': st.one_of(TEXT, st.just('+1 (555) 010-0100')), 'role': ROLE,
    'specialties': st.lists(TEXT, max_size=25),
    'support_roles': st.lists(st.one_of(st.sampled_from(['support_agent', 'support_supervisor']), TEXT), max_size=3)})


@FUZZ
@given(data=MEMBER_FORM, which=st.one_of(st.sampled_from(['tom', 'oscar']), st.integers()))
@hostile(lambda v: ({k: [v] if k in ('specialties', 'support_roles') else v for k in MEMBER_FIELDS}, 'tom'))
@example({'full_name': MIXED, 'email': 'UPPER@EXAMPLE.COM', 'role': 'coordinator'}, 'tom')
@example({'email': 'maria@acme.test', 'role': 'manager'}, 'tom')
@example({'full_name': "o'brien"}, 'oscar')
@example({'full_name': "o'brien"}, 2**64)
def test_update_member(org: Org, data: dict[str, Any], which: int | str) -> None:
    member_id = {'tom': org.tom, 'oscar': org.oscar}.get(str(which), which)
    assert isinstance(member_id, int)
    attempt(lambda db: member_admin.update_member(db=db, actor=org.manager, member_id=member_id, data=data), data)


@FUZZ
@given(data=st.fixed_dictionaries({}, optional={'full_name': TEXT, 'phone': TEXT}))
@hostile(lambda v: ({'full_name': v, 'phone': v},))
@example({'full_name': MIXED, 'phone': '+44 (0) 20-7946.0000'})
def test_update_profile(org: Org, data: dict[str, str]) -> None:
    attempt(lambda db: profile.update_profile(db=db, actor=org.manager, data=data), data)


@FUZZ
@given(right=st.booleans(), new=PASSWORD, same=st.booleans(), confirm=TEXT)
@hostile(lambda v: (True, v, True, v))
@example(True, 'maria loves tea 42', True, '')  # contains the email name
@example(True, 'Acme Field Services 9', True, '')  # contains the organization name
@example(True, MIXED + ' tractor', True, '')
@example(True, 'amber canyon whistle 9', False, 'amber canyon whistle 8')
@example(False, STRONG_PASSWORD, True, '')
def test_change_password(org: Org, right: bool, new: str, same: bool, confirm: str) -> None:
    current = org.password[-1] if right else org.password[-1] + '?'
    with session_scope(write=True) as db:  # each example is a fresh try, not the next of a series of guesses
        db.execute(delete(LoginThrottle))
    if attempt(lambda db: profile.change_password(db=db, actor=org.manager, current_password=current, new_password=new,
                                                  confirm_password=new if same else confirm),
               ['current_password', 'new_password', 'confirm_password'], changing=['login_throttle']):
        org.password.append(new)
        factories.login(org.manager.email, new)  # the new password works


@FUZZ
@given(name=TEXT, rename=TEXT, which=st.one_of(st.sampled_from(['own', 'foreign']), ID))
@hostile(lambda v: (v, v, 'own'))
@example(MIXED, MIXED.upper(), 'own')
@example('Roofing', 'HVAC', 'foreign')
def test_specialties(org: Org, name: str, rename: str, which: int | str) -> None:
    added = attempt(lambda db: specialties.add_specialty(db=db, actor=org.manager, data={'name': name}), ['name'])
    with session_scope() as db:
        own = {s.name_key: s.id for s in db.exec(select(Specialty).where(
            Specialty.organization_id == org.manager.organization_id))}
    target = {'own': own.get(' '.join(name.split()).lower(), 0) if added else own.get('hvac', 0),
              'foreign': org.roofing}.get(str(which), which)
    assert isinstance(target, int)
    attempt(lambda db: specialties.rename_specialty(db=db, actor=org.manager, specialty_id=target,
                                                    data={'name': rename}), ['name'])
    attempt(lambda db: specialties.remove_specialty(db=db, actor=org.manager, specialty_id=target))


@FUZZ
@given(search=TEXT, status=TEXT, role=st.one_of(st.none(), st.sampled_from(list(Role))),
       specialty=st.one_of(st.none(), ID), page=st.integers(), size=st.integers())
@hostile(lambda v: (v, v, None, 2**63 - 1, 2**80, -(2**80)))
def test_list_members(org: Org, search: str, status: Any, role: Role | None, specialty: int | None, page: int,
                      size: int) -> None:
    query = members.MemberQuery(search=search, status=status, role=role, specialty_id=specialty, page=page,
                                page_size=size)
    assert attempt(lambda db: members.list_members(db=db, actor=org.manager, query=query))


@FUZZ
@given(name=TEXT)
@hostile(lambda v: (v,))
def test_rename_organization(org: Org, name: str) -> None:
    attempt(lambda db: organization.rename_organization(db=db, actor=org.manager, data={'name': name}), ['name'])


def image(fmt: str, size: tuple[int, int] = (8, 8), **options: Any) -> bytes:
    out = io.BytesIO()
    Image.new('RGB', size, 'red').save(out, format=fmt, **options)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge image (a decompression bomb)."""
    ihdr = b'IHDR' + struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)
    return image('PNG')[:8] + struct.pack('>I', 13) + ihdr + struct.pack('>I', zlib.crc32(ihdr)) + image('PNG')[33:]


@FUZZ
@given(content=st.one_of(st.binary(max_size=2048), st.sampled_from([image('PNG'), image('JPEG'), image('WEBP')]),
                         st.binary(max_size=64).map(lambda tail: image('PNG')[:40] + tail)))
@hostile(lambda v: (v.encode(),))
@example(image('GIF'))
@example(image('PNG', save_all=True, append_images=[Image.new('RGB', (8, 8), 'blue')]))  # animated
@example(png_claiming(100_000, 100_000))
@example(png_claiming(6000, 6000))
@example(b'\x89PNG\r\n\x1a\n' + b'\x00' * 10_000)
@example(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
def test_set_logo(org: Org, content: bytes) -> None:
    attempt(lambda db: organization.set_logo(db=db, actor=org.manager, content=content), ['logo'])


@FUZZ
@given(email=TEXT, password=PASSWORD, ip=TEXT, agent=TEXT, device=st.one_of(st.none(), TEXT), handoff=TEXT)
@hostile(lambda v: (v, v, v, v, v, v))
@example(' MARIA@ACME.TEST ', STRONG_PASSWORD, MIXED, MIXED, MIXED, MIXED)
@example("o'brien+tag@sub.example.com", STRONG_PASSWORD, '', '', None, '')
def test_login(org: Org, email: str, password: str, ip: str, agent: str, device: str | None, handoff: str) -> None:
    attempt(lambda _db: auth.login(email=email, password=password, ip_address=ip, user_agent=agent,
                                   device_token=device), changing=['login_throttle'])
    with session_scope(write=True) as db:
        assert auth.complete_login(db=db, handoff=handoff) is None  # a forged hand-over: refused, no traceback
        assert auth.resolve_session(db=db, token=handoff) is None


async def test_hostile_query_strings_never_break_a_page(user: User) -> None:
    """The `user` fixture also fails the test on any ERROR log (a page that raised)."""
    factories.add_member(factories.signup(), email='tom@acme.test')
    values = [*HOSTILE, '\u00b2', '9' * 5000, '-1', '%', '../..']
    for value in values:
        params = {'next': value, 'expired': value}
        assert (await user.http_client.get('/login', params=params)).status_code == 200
        response = await user.http_client.get('/signup/confirm', params={'token': value})
        assert response.status_code == 200 and 'This link cannot be used' in response.text
    await sign_in(user, 'maria@acme.test')
    for value in values:
        params = {'search': value, 'status': value, 'role': value, 'specialty': value, 'saved': value}
        for path in ['/team', f'/team/{quote(value, safe="")}', '/profile', '/billing']:
            response = await user.http_client.get(path, params=params)
            assert response.status_code in (200, 307, 404), (path, value[:20], response.status_code)
