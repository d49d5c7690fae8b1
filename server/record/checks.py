"""The vocabulary of verification: one check's result, and the verdict on an archive."""

from dataclasses import dataclass, field
from typing import Literal

from facilitation.events import Event

from .signing import PublicKey

Status = Literal["ok", "failed", "absent"]
"""`absent`: a version 1 archive has no chain and no signature to check: not a failure of
what is there, but nothing vouches for it either (the import takes it from the operator only)."""


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    message: str
    field: str | None = None
    """Where it failed, as `events.N` (the Nth entry, from 0), `signature`, `version`…"""
    code: str = "invalid"
    """The error code an import answers with when this check fails."""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def ok(name: str, message: str) -> Check:
    return Check(name, "ok", message)


def failed(name: str, message: str, field: str | None = None, code: str = "invalid") -> Check:
    return Check(name, "failed", message, field, code)


@dataclass
class Verdict:
    checks: list[Check] = field(default_factory=list)
    version: int | None = None
    session_id: str | None = None
    events: list[Event] = field(default_factory=list)
    signer: PublicKey | None = None
    """The key whose signature holds, when one does."""

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def first(self, *statuses: Status) -> Check | None:
        return next((c for c in self.checks if c.status in statuses), None)
