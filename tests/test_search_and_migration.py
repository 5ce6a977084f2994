"""Team search by words of names and emails, and the 0002 migration filling search words for existing members."""

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from models import Role
from services import member_admin, members, security
from services.access import Actor
from services.config import get_settings
from services.db import MIGRATIONS_DIR, dispose_engines, session_scope
from tests.factories import STRONG_PASSWORD, add_member, login, signup

MARIA, TOM, ANNA = 'maria@acme.test', 'tom.baker+field@north-east.acme.test', 'anna_lee@bolt-service.test'


def found(actor: Actor, search: str) -> list[str]:
    with session_scope() as db:
        page = members.list_members(db=db, actor=actor, query=members.MemberQuery(search=search))
    return [m.email for m in page.rows]


@pytest.fixture
def manager() -> Actor:
    actor = signup()
    add_member(actor, email=TOM, name='Thomas Baker')
    add_member(actor, email=ANNA, name='Anna Lee Van Dyke')
    return actor


@pytest.mark.parametrize(('search', 'expected'), [
    ('tho', [TOM]), ('BAK', [TOM]), ('van', [ANNA]), ('dyke', [ANNA]), ('Lee', [ANNA]),  # any word of the name
    ('tom.baker+field@north-east.acme.test', [TOM]), ('TOM.BAKER+', [TOM]),  # the whole email, or its start
    ('field', [TOM]), ('north', [TOM]), ('anna_', [ANNA]), ('bolt', [ANNA]),  # pieces of the local part / domain
    ('bolt-service.test', [ANNA]), ('north-east.acme.test', [TOM]), ('acme', [MARIA, TOM]),
    ('test', [ANNA, MARIA, TOM]),
    ('anna lee', [ANNA]), ('van   DYKE', [ANNA]), ('thomas acme', [TOM]), ('thomas bolt', []),  # every word must match
    ('homas', []), ('aker', []), ('xyz', []),  # a word's middle does not match
])
def test_search_matches_the_start_of_any_word_case_insensitively(manager: Actor, search: str,
                                                                  expected: list[str]) -> None:
    assert found(manager, search) == expected


def test_a_renamed_member_is_found_by_the_new_name_only(manager: Actor) -> None:
    tom = add_member(manager, email='tom@acme.test', name='Tom Tech')
    with session_scope(write=True) as db:
        member_admin.update_member(db=db, actor=manager, member_id=tom,
                                   data={'full_name': 'Bartholomew Quill', 'email': 'bq@acme.test'})
    assert found(manager, 'bartho') == ['bq@acme.test']
    assert found(manager, 'quill') == ['bq@acme.test']
    assert found(manager, 'tech') == []
    assert found(manager, 'tom@') == []
    assert found(manager, 'bq@') == ['bq@acme.test']


def test_search_ignores_accents_and_finds_parts_of_hyphenated_names(manager: Actor) -> None:
    add_member(manager, email='jl@acme.test', name="Jean-Luc O'Brien", role=Role.COORDINATOR)
    add_member(manager, email='jose@acme.test', name='José Élodie', role=Role.COORDINATOR)
    for typed in ('luc', 'jean-luc', 'brien', 'obrien', "o'brien"):
        assert found(manager, typed) == ['jl@acme.test'], typed
    assert found(manager, 'jose elo') == found(manager, 'JOSÉ') == ['jose@acme.test']
    assert found(manager, 'service') == [ANNA]  # a piece of a hyphenated domain
    assert found(manager, '%') == found(manager, ' - ') == []  # punctuation alone matches nobody


def test_accented_names_sort_with_their_plain_letters(manager: Actor) -> None:
    add_member(manager, email='elodie@acme.test', name='Élodie Zamora', role=Role.COORDINATOR)
    add_member(manager, email='zoe@acme.test', name='Zoe Adams', role=Role.COORDINATOR)
    with session_scope() as db:
        rows = members.list_members(db=db, actor=manager, query=members.MemberQuery()).rows
    names = [m.full_name for m in rows]
    assert names.index('Élodie Zamora') < names.index('Maria Manager') < names.index('Zoe Adams')


def test_search_never_finds_another_organizations_members(manager: Actor) -> None:
    bolt = signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    add_member(bolt, email='thor@bolt.test', name='Thor Hammer')
    assert found(manager, 'tho') == [TOM]
    assert found(bolt, 'tho') == ['thor@bolt.test']
    assert found(bolt, 'baker') == []


def migrate_to(url: str, revision: str) -> None:
    engine = create_engine(url)
    config = Config()
    config.set_main_option('script_location', str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes['connection'] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_upgrading_fills_sort_names_and_search_words_of_existing_members(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    url = f'sqlite:///{tmp_path / "old.db"}'
    migrate_to(url, '0001')
    engine = create_engine(url)
    with engine.begin() as db:
        assert 'member_search_token' not in {row[0] for row in db.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))}
        db.execute(text("INSERT INTO organization (id, name, plan, active_technicians, created_at) "
                        "VALUES (1, 'Old Co', 'free', 0, '2025-01-02 03:04:05.000000')"))
        db.execute(text(
            'INSERT INTO "user" (id, organization_id, full_name, email, role, phone, is_active, is_main_manager, '
            'must_change_password, hashed_password, created_at) VALUES (1, 1, :name, :email, \'MANAGER\', \'\', 1, 1, '
            "0, :hash, '2025-01-02 03:04:05.000000')"),
            {'name': 'Olga Van Old', 'email': 'olga.v@old-co.test', 'hash': security.hash_password(STRONG_PASSWORD)})
    migrate_to(url, 'head')
    with engine.connect() as db:
        assert db.execute(text('SELECT sort_name FROM "user" WHERE id = 1')).scalar_one() == 'olga van old'
        tokens = {row[0] for row in db.execute(text('SELECT token FROM member_search_token WHERE user_id = 1'))}
    engine.dispose()
    assert {'olga', 'van', 'old', 'olga.v@old-co.test', 'old-co.test', 'v', 'co', 'test'} <= tokens
    # The app, pointed at the upgraded database, finds the member by any of those words.
    dispose_engines()
    monkeypatch.setenv('MOBILOS_DATABASE_URL', url)
    get_settings.cache_clear()
    olga = login('olga.v@old-co.test')
    assert found(olga, 'van') == found(olga, 'OLD-CO') == found(olga, 'olga.v@') == ['olga.v@old-co.test']
