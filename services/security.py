"""Password hashing, password rules and signed one-time tokens."""

import hashlib
import re
import secrets
import unicodedata
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from services.config import get_settings

PASSWORD_MIN = 8
PASSWORD_MAX = 128
COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS['passwords'])  # 30,000 most common passwords
SAME_AS_CURRENT = 'Choose a password different from your current one.'
REPEATED_UNIT = re.compile(r'(.+?)\1+')
GENERATED_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'  # no look-alikes (0/O, 1/l/I)


@lru_cache
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def hasher() -> PasswordHasher:
    s = get_settings()
    return _hasher(s.argon2_time_cost, s.argon2_memory_kib, s.argon2_parallelism)


@lru_cache
def _dummy_hash(time_cost: int, memory_kib: int, parallelism: int) -> str:
    return _hasher(time_cost, memory_kib, parallelism).hash(secrets.token_urlsafe(16))


def normalize_password(password: str) -> str:
    return unicodedata.normalize('NFKC', password)


def _password_bytes(password: str) -> bytes:
    # 'surrogatepass': a lone surrogate sent by a hostile client is just a wrong password, not a crash.
    return normalize_password(password).encode('utf-8', 'surrogatepass')


def storable(text: str) -> str:
    """Text with lone surrogates dropped, so it can be looked up or stored (they can never be legitimate)."""
    return text.encode('utf-8', 'ignore').decode('utf-8')


def hash_password(password: str) -> str:
    return hasher().hash(_password_bytes(password))


def verify_password(hashed: str | None, password: str) -> bool:
    """Check a password; with no stored hash, spend the same time on a dummy one so timing reveals nothing."""
    s = get_settings()
    target = hashed or _dummy_hash(s.argon2_time_cost, s.argon2_memory_kib, s.argon2_parallelism)
    try:
        return hasher().verify(target, _password_bytes(password)) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(hashed: str) -> bool:
    return hasher().check_needs_rehash(hashed)


def password_problem(password: str, *, email: str = '', organization_name: str = '') -> str | None:
    """The reason a new password is refused, or None. No composition rules (NIST 800-63B / ASVS)."""
    return _assess(password, email, organization_name)[0]


def _assess(password: str, email: str, organization_name: str) -> tuple[str | None, int]:
    """(the reason it is refused or None, zxcvbn's 0-4 score or -1 when refused before it was needed)."""
    password = normalize_password(password)
    if any(unicodedata.category(c) in ('Cc', 'Cs') for c in password):
        return 'Remove control characters from the password.', -1
    if len(password) < PASSWORD_MIN:
        return f'Use at least {PASSWORD_MIN} characters.', -1
    if len(password) > PASSWORD_MAX:
        return f'Use at most {PASSWORD_MAX} characters.', -1
    lowered = password.lower()
    if not lowered.strip():
        return 'The password cannot be only spaces.', -1
    if _predictable(lowered):
        return 'This password is too common. Choose a less predictable one.', -1
    score = int(zxcvbn(password[:64])['score'])
    if score == 0:  # under 1,000 guesses: a keyboard run, a date, a short pattern
        return 'This password is too easy to guess. Choose a less predictable one.', score
    local_part = email.split('@')[0].lower()
    # A short email name ("tom") is too common a substring to refuse on its own; the whole address is not.
    if (len(local_part) >= 4 and local_part in lowered) or (email and email.lower() in lowered):
        return 'The password must not contain the email address or the part of it before the @.', score
    org = organization_name.lower().replace(' ', '')
    if len(org) >= 4 and org in lowered.replace(' ', ''):
        return 'The password must not contain the organization name.', score
    return None, score


def _predictable(lowered: str) -> bool:
    """A common password, one typed more than once ("password password", "abcabcabc"), or a few keys over."""
    compact = ''.join(lowered.split())
    repeated = REPEATED_UNIT.fullmatch(compact)
    unit = repeated.group(1) if repeated else compact
    return lowered in COMMON_PASSWORDS or unit in COMMON_PASSWORDS or len(unit) < 4 or len(set(compact)) < 3


def generate_password(length: int = 14) -> str:
    return ''.join(secrets.choice(GENERATED_ALPHABET) for _ in range(length))


def new_token() -> str:
    """A 256-bit random token for cookies and one-time nonces."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign(payload: dict[str, object], *, purpose: str) -> str:
    return URLSafeTimedSerializer(get_settings().resolved_secret_key(), salt=purpose).dumps(payload)


def unsign(token: str, *, purpose: str, max_age_seconds: int) -> dict[str, object] | None:
    try:
        data = URLSafeTimedSerializer(get_settings().resolved_secret_key(), salt=purpose).loads(
            token, max_age=max_age_seconds)
    except BadSignature:
        return None
    return data if isinstance(data, dict) else None


STRENGTH_WORDS = ('Very weak', 'Weak', 'Fair', 'Strong', 'Very strong')


def strength_hint(password: str, email: str = '', organization_name: str = '') -> str:
    """A word for how guessable a password is, for the hint under the field (not a rule)."""
    password = normalize_password(password)
    if not password:
        return 'At least 8 characters. A few unrelated words work well.'
    if len(password) < PASSWORD_MIN:
        return f'{PASSWORD_MIN - len(password)} more characters needed.'
    problem, score = _assess(password, email, organization_name)
    return problem or f'Strength: {STRENGTH_WORDS[score]}'  # never "Strong" for what the form will refuse
