"""Errors the services raise; pages turn them into messages, never tracebacks."""


class ServiceError(Exception):
    """Base class: the message is safe to show to the user."""


class PermissionDenied(ServiceError):
    def __init__(self, message: str = 'You do not have access to this.') -> None:
        super().__init__(message)


class NotFound(ServiceError):
    def __init__(self, message: str = 'Not found.') -> None:
        super().__init__(message)


class InvalidInput(ServiceError):
    """One or more fields are wrong; `errors` maps each field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__('; '.join(errors.values()))
        self.errors = errors


class AuthenticationFailed(ServiceError):
    def __init__(self, message: str = 'Invalid email or password.') -> None:
        super().__init__(message)


class TechnicianLimitReached(ServiceError):
    def __init__(self, *, cap: int, active: int, plan_name: str) -> None:
        super().__init__(f'Your {plan_name} plan allows {cap} active technicians and {active} are active.')
        self.cap = cap
        self.active = active
        self.plan_name = plan_name
