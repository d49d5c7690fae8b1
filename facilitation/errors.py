"""Refusals with stable codes: the shell maps them to an error ack in one place."""

from typing import ClassVar


class DomainError(Exception):
    """A command the process refuses; nothing changes."""

    code: ClassVar[str] = "refused"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(DomainError):
    code = "invalid"


class Forbidden(DomainError):
    code = "forbidden"


class WrongPhase(DomainError):
    code = "wrong_phase"


class NotFound(DomainError):
    code = "not_found"


class Stale(DomainError):
    """The command refers to a round or point that has moved on (e.g. a late timer tick)."""

    code = "stale"


class Duplicate(DomainError):
    """The same person again, where once is the rule (e.g. a second endorsement)."""

    code = "duplicate"
