"""What every event-log backend provides. Payloads are msgpack bytes end to end."""

from collections.abc import Sequence
from typing import NamedTuple, Protocol


class StoredEvent(NamedTuple):
    seq: int
    payload: bytes


class ConcurrencyError(Exception):
    """Someone else appended first: the caller catches up and decides again."""


class DuplicateCommand(Exception):
    """The command id was already appended; carries the sequence numbers it produced."""

    def __init__(self, first: int, last: int) -> None:
        super().__init__(f"command already stored as events {first}..{last}")
        self.first = first
        self.last = last


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
