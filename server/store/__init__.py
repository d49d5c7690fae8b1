"""The event log behind a small interface; the backend is picked by URL scheme and imported
lazily, so the embedded default needs no Redis client at all."""

from .protocol import (
    Batch,
    ConcurrencyError,
    DuplicateCommand,
    EventStore,
    FencedOut,
    Snapshot,
    StoredEvent,
    StoreError,
    StoreNotDurable,
    StoreUnavailable,
)


async def open_store(url: str, allow_unsafe: bool = False) -> EventStore:
    """`sqlite:///var/roundtable.db` (embedded default), `redis://host:port/db` (several
    processes), `memory://` (tests). `allow_unsafe` opens a Redis that does not fsync every
    write, which is otherwise refused (StoreNotDurable)."""
    if url.startswith("sqlite:///"):
        from .sqlite import SQLiteStore

        return await SQLiteStore.open(url.removeprefix("sqlite:///"))
    if url.startswith(("redis://", "rediss://")):
        from .redis import RedisStore

        return await RedisStore.open(url, allow_unsafe=allow_unsafe)
    if url.startswith("memory://"):
        from .memory import MemoryStore

        return MemoryStore()
    raise ValueError(
        f"Unknown store URL {url!r}: use sqlite:///path, redis://host:port/db or memory://"
    )


__all__ = [
    "Batch",
    "ConcurrencyError",
    "DuplicateCommand",
    "EventStore",
    "FencedOut",
    "Snapshot",
    "StoreError",
    "StoreNotDurable",
    "StoreUnavailable",
    "StoredEvent",
    "open_store",
]
