"""Turn pydantic validation errors into one plain message per form field."""

from collections.abc import Mapping

from pydantic import ValidationError

from services import security

_MESSAGES = {
    'string_too_short': 'This field is required.',
    'missing': 'This field is required.',
}


def field_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = str(error['loc'][0]) if error['loc'] else 'form'
        errors.setdefault(field, _message(field, error))
    return errors


def errors_with_password(exc: ValidationError, data: Mapping[str, object], field: str) -> dict[str, str]:
    """Every field's problem at the first try: the password's too, though another field failed first."""
    errors = field_errors(exc)
    password = data.get(field)
    if field not in errors and isinstance(password, str):
        problem = security.password_problem(password)
        if problem:
            errors[field] = problem
    return errors


def _message(field: str, error: object) -> str:
    assert isinstance(error, dict)
    kind = error.get('type', '')
    if field == 'email' and kind != 'missing':
        return 'Enter a valid email address.'
    if kind == 'string_too_long':
        return f'Use at most {error.get("ctx", {}).get("max_length")} characters.'
    if kind == 'string_pattern_mismatch':
        return 'Use digits, spaces and + ( ) - . only.'
    if kind == 'enum':
        return 'Choose one of the options.'
    message = _MESSAGES.get(kind)
    if message:
        return message
    text = str(error.get('msg', 'Enter a valid value.'))
    return text.removeprefix('Value error, ')
