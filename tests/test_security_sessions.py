from nicegui.testing import User
from services import auth, specialties, members
from services.db import session_scope
from tests import factories
from tests.factories import STRONG_PASSWORD


def test_overflow() -> None:
    m = factories.signup()
    for f in [lambda db: specialties.rename_specialty(db=db, actor=m, specialty_id=2**64, data={'name': 'x'}),
              lambda db: members.list_members(db=db, actor=m, query=members.MemberQuery(specialty_id=2**64)),
              lambda db: auth.complete_login(db=db, handoff='\x00\udcff'),
              lambda db: auth.resolve_session(db=db, token='\udcff')]:
        try:
            with session_scope(write=True) as db:
                f(db)
        except Exception as e:
            print(type(e), e)


async def test_probe(user: User) -> None:
    factories.signup()
    ticket = auth.login(email='maria@acme.test', password=STRONG_PASSWORD)
    r = await user.http_client.get('/auth/complete', params={'handoff': ticket.handoff, 'next': '/\t/evil.com'})
    print(r.status_code, r.headers['location'])
    for q in ['specialty=%C2%B2', 'specialty=' + '9' * 5000]:
        r = await user.http_client.get('/team?' + q)
        print(r.status_code)
    r = await user.http_client.get('/login')
    import re
    print(re.findall(r'/_nicegui/[^"\']+', r.text)[:10])
