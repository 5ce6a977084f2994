"""Member search: words of names and emails, matched by prefix with an index range scan."""

import re

_WORD = re.compile(r'[\w\'-]+', re.UNICODE)
# Largest code point: "prefix <= token < prefix + MAX_CHAR" selects every token that starts with prefix.
MAX_CHAR = '\U0010ffff'


def search_tokens(full_name: str, email: str) -> set[str]:
    """Every word of the name; the whole email, and each piece of it between @ . _ + -."""
    tokens = {word.lower() for word in _WORD.findall(full_name)}
    email = email.lower()
    local, _, domain = email.partition('@')
    tokens.update({email, domain, *re.split(r'[._+-]', local), *domain.split('.')})
    return {token[:254] for token in tokens if token}


def search_prefixes(text: str) -> list[str]:
    """The words typed into the search box; each must be the start of some word of the member."""
    return [word.lower() for word in text.split() if word][:5]
