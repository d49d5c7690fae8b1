"""The event log behind a small interface; the backend is picked by URL scheme and imported
lazily, so the embedded default needs no Redis client at all."""

from .protocol import (
    Batch,
    ConcurrencyError,
    DuplicateCommand,
    EventStore,
    StoredEvent,
    StoreError,
    StoreUnavailable,
)


async def open_store(url: str) -> EventStore:
    """`sqlite:///var/roundtable.db` (embedded default), `memory://` (tests)."""
    if url.startswith("sqlite:///"):
        from .sqlite import SQLiteStore

        return await SQLiteStore.open(url.removeprefix("sqlite:///"))
    if url.startswith("memory://"):
        from .memory import MemoryStore

        return MemoryStore()
    raise ValueError(f"Unknown store URL {url!r}: use sqlite:///path or memory://")


__all__ = [
    "Batch",
    "ConcurrencyError",
    "DuplicateCommand",
    "EventStore",
    "StoreError",
    "StoreUnavailable",
    "StoredEvent",
    "open_store",
]
