"""What every event-log backend provides. Payloads are msgpack bytes end to end."""

from collections.abc import Sequence
from typing import ClassVar, NamedTuple, Protocol


class StoredEvent(NamedTuple):
    seq: int
    payload: bytes


class Snapshot(NamedTuple):
    """A session's state folded up to `version`, encoded by the shell under `schema`."""

    version: int
    schema: int
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


class FencedOut(StoreError):
    """The writer's lease epoch is not the session's current one: another process took the
    lease since (a stale timer owner's late EndRound). The writer must stop, not retry."""

    code = "fenced_out"

    def __init__(self, session_id: str, fence: int, epoch: int) -> None:
        super().__init__(f"{session_id}: writing with lease epoch {fence}, current is {epoch}")
        self.fence = fence
        self.epoch = epoch


class StoreUnavailable(StoreError):
    """The store cannot be reached or cannot write now (disk full, read-only file, Redis
    down). Nothing was changed, or the outcome is unknown: a retry with the same command id
    is safe, since a command stored twice is refused as a DuplicateCommand."""

    code = "store_unavailable"


class StoreNotDurable(StoreUnavailable):
    """At start-up: the store would acknowledge writes it could lose (Redis without an fsync
    per write). The message says what to set, or how to accept the risk explicitly."""

    code = "store_not_durable"


Batch = Sequence[tuple[str, Sequence[bytes]]]
"""Commands committed together: each command id with the events it produced (maybe none)."""


class EventStore(Protocol):
    async def append_batch(
        self, session_id: str, expected_version: int, batch: Batch, fence: int | None = None
    ) -> int:
        """Atomically commit several commands' events in one transaction, numbered from
        expected_version + 1 in order; durable on return. One fsync for many commands is what
        lets a 2,000-person session keep up. Returns the new version. Checks, in this order:
        DuplicateCommand if any command id is already in this session's log (naming the
        first one found); FencedOut if `fence` is given and is not the session's current
        lease epoch; ConcurrencyError if the log is not at expected_version. A command id
        twice in one batch is a ValueError."""
        ...

    async def append(
        self,
        session_id: str,
        expected_version: int,
        payloads: Sequence[bytes],
        command_id: str,
        fence: int | None = None,
    ) -> int:
        """`append_batch` of one command."""
        ...

    async def read(
        self, session_id: str, after: int = 0, limit: int | None = None
    ) -> list[StoredEvent]:
        """The events after seq `after`, in order; at most `limit` of them when given."""
        ...

    async def command(self, session_id: str, command_id: str) -> tuple[int, int] | None:
        """The first and last seq one command produced (first > last: none), or None."""
        ...

    async def commands(self, session_id: str) -> dict[str, tuple[int, int]]:
        """Every command id of the session with the first and last seq it produced."""
        ...

    async def session_ids(self) -> list[str]:
        """Every session with at least one event."""
        ...

    async def claim_code(self, code: str, session_id: str) -> bool:
        """Atomically make `code` the session's join code. True when it now holds it (also
        when it already did), False when another session holds it."""
        ...

    async def session_for_code(self, code: str) -> str | None: ...

    async def release_code(self, code: str, session_id: str) -> None:
        """Free the code, if this session holds it; otherwise change nothing."""
        ...

    async def save_snapshot(
        self, session_id: str, version: int, schema: int, payload: bytes
    ) -> None:
        """Keep a snapshot beside the log. The one at the highest version wins (at an equal
        version the later save replaces it), so a slow process cannot set it back."""
        ...

    async def load_snapshot(self, session_id: str) -> Snapshot | None: ...

    async def acquire_lease(self, session_id: str, holder: str, ttl_ms: int) -> int | None:
        """Hold the session's lease for ttl_ms. Newly acquired (free or expired): the
        session's epoch goes up by one and is returned. Already held by `holder`: renewed,
        and the current epoch returned. Held by someone else: None."""
        ...

    async def renew_lease(self, session_id: str, holder: str, ttl_ms: int) -> bool:
        """Extend the lease to ttl_ms from now if `holder` still holds it; False if not."""
        ...

    async def release_lease(self, session_id: str, holder: str) -> None:
        """Give up the lease if `holder` holds it; the epoch stays as it is."""
        ...

    async def set_alarm(self, session_id: str, at_ms: int) -> None:
        """Note that the session's timer must fire at `at_ms` (replacing what was noted):
        whichever process holds its lease fires it, and one whose owner died is found here."""
        ...

    async def clear_alarm(self, session_id: str, at_ms: int) -> None:
        """Forget the session's alarm, only if it is still the one at `at_ms`: a process
        that saw an older state must not wipe an alarm another has just set."""
        ...

    async def alarms(self) -> dict[str, int]:
        """Every session with an alarm noted, and when it is due (ms since the epoch)."""
        ...

    async def secret(self) -> bytes:
        """A random key made once per store (shared by every process on it), for signing
        role tokens."""
        ...

    async def close(self) -> None: ...
