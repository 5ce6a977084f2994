"""Member search: words of names and emails, matched by prefix with an index range scan.

Text is folded first (lower case, accents removed), so "jose" finds "José" and "élodie" sorts with "e".
"""

import re
import unicodedata

# Largest code point: "prefix <= token < prefix + MAX_CHAR" selects every token that starts with prefix.
MAX_CHAR = '\U0010ffff'
_SEPARATORS = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize('NFKD', text)
    return ''.join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sort_key(full_name: str) -> str:
    return fold(' '.join(full_name.split()))[:120]


def search_tokens(full_name: str, email: str) -> set[str]:
    """Each word of the name and of the email (split at spaces, punctuation, @ . _ + -), each word with its
    punctuation removed ("obrien" for O'Brien), the whole email and its domain."""
    tokens: set[str] = set()
    for chunk in fold(full_name).split():
        tokens.update(_SEPARATORS.split(chunk))
        tokens.add(_SEPARATORS.sub('', chunk))
    email = fold(email)
    tokens.update(_SEPARATORS.split(email))
    tokens.update({email, email.partition('@')[2]})
    return {token[:254] for token in tokens if token}


def search_prefixes(text: str) -> list[str]:
    """The words typed into the search box, split like the member's words (an email stays whole);
    each must be the start of some word of the member."""
    words: list[str] = []
    for chunk in fold(text).split():
        words.extend([chunk] if '@' in chunk else [part for part in _SEPARATORS.split(chunk) if part])
    return words[:5]
