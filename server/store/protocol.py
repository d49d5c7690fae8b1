"""What every event-log backend provides. Payloads are msgpack bytes end to end."""

from collections.abc import Sequence
from typing import ClassVar, NamedTuple, Protocol


class StoredEvent(NamedTuple):
    seq: int
    payload: bytes


class StoreError(Exception):
    """Base of the store's own errors; `code` is stable, for logs and acks."""

    code: ClassVar[str] = "store_error"


class ConcurrencyError(StoreError):
    """Someone else appended first: the caller catches up and decides again."""

    code = "concurrency"


class DuplicateCommand(StoreError):
    """The command id was already appended; carries the sequence numbers it produced."""

    code = "duplicate_command"

    def __init__(self, first: int, last: int) -> None:
        super().__init__(f"command already stored as events {first}..{last}")
        self.first = first
        self.last = last


class StoreUnavailable(StoreError):
    """The store cannot be reached or cannot write now (disk full, read-only file, Redis
    down). Nothing was changed, or the outcome is unknown: a retry with the same command id
    is safe, since a command stored twice is refused as a DuplicateCommand."""

    code = "store_unavailable"


Batch = Sequence[tuple[str, Sequence[bytes]]]
"""Commands committed together: each command id with the events it produced (maybe none)."""


class EventStore(Protocol):
    async def append_batch(self, session_id: str, expected_version: int, batch: Batch) -> int:
        """Atomically commit several commands' events in one transaction, numbered from
        expected_version + 1 in order; durable on return. One fsync for many commands is what
        lets a 2,000-person session keep up. Raises as `append` does."""
        ...

    async def append(
        self,
        session_id: str,
        expected_version: int,
        payloads: Sequence[bytes],
        command_id: str,
    ) -> int:
        """Atomically add events numbered expected_version + 1, ...; durable on return.
        Raises ConcurrencyError if the log is not at expected_version, DuplicateCommand if
        the command id is already in this session's log. Returns the new version."""
        ...

    async def read(self, session_id: str, after: int = 0) -> list[StoredEvent]: ...

    async def commands(self, session_id: str) -> dict[str, tuple[int, int]]:
        """Every command id of the session with the first and last seq it produced."""
        ...

    async def session_ids(self) -> list[str]: ...

    async def secret(self) -> bytes:
        """A random key made once per store, for signing role tokens."""
        ...

    async def close(self) -> None: ...
