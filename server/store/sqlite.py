"""The embedded default: one SQLite file in WAL mode. A commit is fsynced before `append`
returns (synchronous=FULL), so an acknowledged command survives a killed process and a power
cut alike."""

import asyncio
import secrets
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import aiosqlite

from .protocol import Batch, ConcurrencyError, DuplicateCommand, StoredEvent

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    payload BLOB NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS commands (
    session_id TEXT NOT NULL,
    command_id TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (session_id, command_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
"""


class SQLiteStore:
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection
        # One connection is shared by every coroutine: a transaction must not interleave.
        self._write = asyncio.Lock()

    @classmethod
    async def open(cls, path: str) -> "SQLiteStore":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path, isolation_level=None)
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA synchronous=FULL")
        await connection.executescript(_SCHEMA)
        return cls(connection)

    async def append(
        self, session_id: str, expected_version: int, payloads: Sequence[bytes], command_id: str
    ) -> int:
        return await self.append_batch(session_id, expected_version, [(command_id, payloads)])

    async def append_batch(self, session_id: str, expected_version: int, batch: Batch) -> int:
        events, commands = [], []
        version = expected_version
        for command_id, payloads in batch:
            commands.append((session_id, command_id, version + 1, version + len(payloads)))
            events += [(session_id, version + i, p) for i, p in enumerate(payloads, start=1)]
            version += len(payloads)
        async with self._write:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                await self._check(session_id, expected_version, [c for c, _ in batch])
                await self._db.executemany(
                    "INSERT INTO events (session_id, seq, payload) VALUES (?, ?, ?)", events
                )
                await self._db.executemany("INSERT INTO commands VALUES (?, ?, ?, ?)", commands)
                await self._db.execute("COMMIT")
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
        return version

    async def _check(self, session_id: str, expected_version: int, command_ids: list[str]) -> int:
        # Only `?` placeholders are formatted in: the ids themselves are bound parameters.
        marks = ", ".join("?" * len(command_ids))
        query = f"SELECT first_seq, last_seq FROM commands WHERE session_id = ? AND command_id IN ({marks})"  # noqa: S608, E501
        async with self._db.execute(query, (session_id, *command_ids)) as cursor:
            done = await cursor.fetchone()
        if done is not None:
            raise DuplicateCommand(done[0], done[1])
        async with self._db.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = ?", (session_id,)
        ) as cursor:
            row = await cursor.fetchone()
        version = int(row[0]) if row else 0
        if version != expected_version:
            raise ConcurrencyError(f"{session_id} is at {version}, not {expected_version}")
        return version

    async def read(self, session_id: str, after: int = 0) -> list[StoredEvent]:
        async with self._db.execute(
            "SELECT seq, payload FROM events WHERE session_id = ? AND seq > ? ORDER BY seq",
            (session_id, after),
        ) as cursor:
            return [StoredEvent(int(seq), bytes(payload)) async for seq, payload in cursor]

    async def commands(self, session_id: str) -> dict[str, tuple[int, int]]:
        async with self._db.execute(
            "SELECT command_id, first_seq, last_seq FROM commands WHERE session_id = ?",
            (session_id,),
        ) as cursor:
            return {str(c): (int(f), int(last)) async for c, f, last in cursor}

    async def session_ids(self) -> list[str]:
        async with self._db.execute("SELECT DISTINCT session_id FROM events") as cursor:
            return [str(row[0]) async for row in cursor]

    async def secret(self) -> bytes:
        async with self._write:
            try:
                await self._db.execute(
                    "INSERT INTO meta (key, value) VALUES ('secret', ?)", (secrets.token_bytes(32),)
                )
            except sqlite3.IntegrityError:
                pass  # made by an earlier start: tokens stay valid across restarts
            async with self._db.execute("SELECT value FROM meta WHERE key = 'secret'") as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return bytes(row[0])

    async def close(self) -> None:
        await self._db.close()
