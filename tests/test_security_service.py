"""Password hashing, password rules and signed tokens (services.security)."""

import pytest

from services import security
from services.config import get_settings

GOOD_PASSPHRASE = 'violet tractor sings at noon'


def fullwidth(text: str) -> str:
    """The same text in fullwidth forms (U+FF01..U+FF5E), which NFKC folds back to ASCII."""
    return ''.join(chr(ord(c) + 0xFEE0) if '!' <= c <= '~' else c for c in text)


def test_hash_is_argon2id_and_never_the_plain_password() -> None:
    hashed = security.hash_password(GOOD_PASSPHRASE)
    assert hashed.startswith('$argon2id$')
    assert GOOD_PASSPHRASE not in hashed
    assert security.hash_password(GOOD_PASSPHRASE) != hashed  # salted


def test_verify_accepts_the_right_password_and_rejects_a_wrong_one() -> None:
    hashed = security.hash_password(GOOD_PASSPHRASE)
    assert security.verify_password(hashed, GOOD_PASSPHRASE) is True
    assert security.verify_password(hashed, GOOD_PASSPHRASE + '!') is False
    assert security.verify_password(hashed, '') is False


def test_verify_without_a_stored_hash_is_always_false() -> None:
    assert security.verify_password(None, GOOD_PASSPHRASE) is False
    assert security.verify_password(None, '') is False
    assert security.verify_password('not-a-hash', GOOD_PASSPHRASE) is False


def test_verify_normalizes_like_hash_does() -> None:
    hashed = security.hash_password(fullwidth('cafe tractor 42'))
    assert security.verify_password(hashed, 'cafe tractor 42') is True


def test_needs_rehash_only_when_the_hash_parameters_change(monkeypatch: pytest.MonkeyPatch) -> None:
    hashed = security.hash_password(GOOD_PASSPHRASE)
    assert security.needs_rehash(hashed) is False
    monkeypatch.setenv('MOBILOS_ARGON2_TIME_COST', '2')
    get_settings.cache_clear()
    assert security.needs_rehash(hashed) is True
    assert security.needs_rehash(security.hash_password(GOOD_PASSPHRASE)) is False


@pytest.mark.parametrize('password', ['', 'a1b2c3d', 'x' * 3 + 'yz12'])
def test_password_shorter_than_8_characters_is_refused(password: str) -> None:
    assert security.password_problem(password) == 'Use at least 8 characters.'


def test_password_length_limits_are_inclusive() -> None:
    assert security.password_problem('tr4ctor!') is None  # exactly 8
    assert security.password_problem('abcdefghij' * 12 + 'klmnopqr') is None  # exactly 128
    assert security.password_problem('abcdefghij' * 12 + 'klmnopqrs') == 'Use at most 128 characters.'


@pytest.mark.parametrize('password', ['password123', 'qwerty123', 'Password123', 'aaaaaaaaaaaa',
                                      'password password', 'Letmein Letmein', 'qwerty qwerty qwerty', 'abcabcabc',
                                      'xyxyxyxyxy'])
def test_common_trivial_or_repeated_passwords_are_refused(password: str) -> None:
    assert security.password_problem(password) == 'This password is too common. Choose a less predictable one.'
    assert security.strength_hint(password) == security.password_problem(password)  # never called strong


@pytest.mark.parametrize('password', ['correct horse battery staple', 'summer sea summer hill', 'Tr0ub4dor&3'])
def test_passwords_that_merely_repeat_a_word_inside_are_accepted(password: str) -> None:
    assert security.password_problem(password) is None
    assert security.strength_hint(password).startswith('Strength: ')


@pytest.mark.parametrize('password', ['abcdabcd', '19841984'])
def test_passwords_guessed_in_under_a_thousand_tries_are_refused(password: str) -> None:
    assert security.password_problem(password) == 'This password is too easy to guess. Choose a less predictable one.'
    assert security.strength_hint(password) == security.password_problem(password)


def test_a_password_of_spaces_only_is_named_as_such() -> None:
    assert security.password_problem(' ' * 10) == 'The password cannot be only spaces.'


def test_password_containing_the_email_name_is_refused() -> None:
    problem = security.password_problem('Jsmith-likes-tea', email='jsmith@acme.test')
    assert problem == 'The password must not contain the email address or the part of it before the @.'
    # A very short local part is not a meaningful match.
    assert security.password_problem('the bob tractor', email='bob@acme.test') is None
    # ... but the whole address is refused, however short its name.
    assert security.password_problem('tom@acme.test', email='tom@acme.test') == problem


def test_password_containing_the_organization_name_is_refused() -> None:
    problem = security.password_problem('welcome to AcmeField 2024', organization_name='Acme Field')
    assert problem == 'The password must not contain the organization name.'
    assert security.password_problem('welcome to acme field 2024', organization_name='Acme Field') == problem


def test_password_is_checked_after_nfkc_normalization() -> None:
    # Seven fullwidth characters become seven ASCII ones: still too short.
    assert security.password_problem(fullwidth('tractor')) == 'Use at least 8 characters.'
    # Fullwidth spelling of a common password is still that common password.
    assert security.password_problem(fullwidth('password123')) == security.password_problem('password123') \
        == 'This password is too common. Choose a less predictable one.'
    # U+FB03 (the 'ffi' ligature, one code point) expands to three: 43 x 3 = 129 characters.
    assert security.password_problem('\ufb03' * 43) == 'Use at most 128 characters.'
    assert security.password_problem('a\ufb03b\ufb03c\ufb03') is None  # 6 code points, 12 after NFKC
    assert security.password_problem(fullwidth('Tractor-Sings-4')) is None


def test_long_passphrase_without_composition_rules_is_accepted() -> None:
    assert security.password_problem(GOOD_PASSPHRASE, email='maria@acme.test', organization_name='Acme') is None
    # All lower-case, no digits, no symbols: fine when long and uncommon.
    assert security.password_problem('correcthorsebatterystaple') is None


def test_generated_password_is_strong_and_unpredictable() -> None:
    passwords = {security.generate_password() for _ in range(20)}
    assert len(passwords) == 20
    for password in passwords:
        assert len(password) == 14
        assert set(password) <= set(security.GENERATED_ALPHABET)
        assert security.password_problem(password) is None


def test_signed_payload_round_trips_for_its_purpose_only() -> None:
    token = security.sign({'sid': 7, 'nonce': 'abc'}, purpose='login-handoff')
    assert security.unsign(token, purpose='login-handoff', max_age_seconds=60) == {'sid': 7, 'nonce': 'abc'}
    assert security.unsign(token, purpose='password-reset', max_age_seconds=60) is None


def test_tampered_or_garbage_token_is_rejected() -> None:
    token = security.sign({'sid': 7, 'nonce': 'abc'}, purpose='login-handoff')
    other = security.sign({'sid': 8, 'nonce': 'abc'}, purpose='login-handoff')
    body, _, signature = token.rpartition('.')
    other_body, _, _ = other.rpartition('.')
    assert other_body != body
    # Someone else's session id under this token's signature.
    assert security.unsign(other_body + '.' + signature, purpose='login-handoff', max_age_seconds=60) is None
    flipped = ('B' if signature[0] == 'A' else 'A') + signature[1:]
    assert security.unsign(body + '.' + flipped, purpose='login-handoff', max_age_seconds=60) is None
    assert security.unsign('garbage', purpose='login-handoff', max_age_seconds=60) is None
    assert security.unsign('', purpose='login-handoff', max_age_seconds=60) is None


def test_token_digest_is_stable_and_tokens_are_unique() -> None:
    token = security.new_token()
    assert len(token) >= 43  # 256 bits, url-safe base64
    assert security.new_token() != token
    assert security.token_digest(token) == security.token_digest(token)
    assert security.token_digest(token) != token
