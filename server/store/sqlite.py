"""The embedded default: one SQLite file in WAL mode. A commit is fsynced before `append`
returns (synchronous=FULL), so an acknowledged command survives a killed process and a power
cut alike.

One connection lives in one worker thread, and every public method is one whole synchronous
function run there by a single `run_in_executor`: a commit (BEGIN IMMEDIATE, the checks, the
inserts, COMMIT) costs one thread hop, not one per statement. The single thread is also what
keeps two transactions from interleaving on the connection, so no lock is needed."""

import asyncio
import secrets
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar

from .protocol import Batch, ConcurrencyError, DuplicateCommand, StoredEvent
from .sqlite_errors import BUSY_TIMEOUT_SECS, in_transaction, translated

T = TypeVar("T")

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


def _connect(path: str) -> sqlite3.Connection:
    # isolation_level=None: the module opens no transaction of its own; ours are explicit.
    db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_SECS)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.executescript(_SCHEMA)
    return db


class SQLiteStore:
    def __init__(self, path: str, executor: ThreadPoolExecutor, db: sqlite3.Connection) -> None:
        self._path = path
        self._executor = executor
        self._db = db  # used only inside the executor's one thread

    @classmethod
    async def open(cls, path: str) -> "SQLiteStore":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-store")
        loop = asyncio.get_running_loop()
        try:
            # Made in the worker thread, the one thread that will ever use it.
            db = await loop.run_in_executor(executor, translated, path, partial(_connect, path))
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(path, executor, db)

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """One thread hop: `work` runs whole in the worker thread, driver errors translated."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, translated, self._path, partial(work, self._db)
        )

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

        def commit(db: sqlite3.Connection) -> None:
            _check(db, session_id, expected_version, [c for c, _ in batch])
            db.executemany("INSERT INTO events (session_id, seq, payload) VALUES (?, ?, ?)", events)
            db.executemany("INSERT INTO commands VALUES (?, ?, ?, ?)", commands)

        await self._run(lambda db: in_transaction(db, commit))
        return version

    async def read(self, session_id: str, after: int = 0) -> list[StoredEvent]:
        def read(db: sqlite3.Connection) -> list[StoredEvent]:
            rows = db.execute(
                "SELECT seq, payload FROM events WHERE session_id = ? AND seq > ? ORDER BY seq",
                (session_id, after),
            )
            return [StoredEvent(int(seq), bytes(payload)) for seq, payload in rows]

        return await self._run(read)

    async def commands(self, session_id: str) -> dict[str, tuple[int, int]]:
        def commands(db: sqlite3.Connection) -> dict[str, tuple[int, int]]:
            rows = db.execute(
                "SELECT command_id, first_seq, last_seq FROM commands WHERE session_id = ?",
                (session_id,),
            )
            return {str(c): (int(first), int(last)) for c, first, last in rows}

        return await self._run(commands)

    async def session_ids(self) -> list[str]:
        def session_ids(db: sqlite3.Connection) -> list[str]:
            return [str(row[0]) for row in db.execute("SELECT DISTINCT session_id FROM events")]

        return await self._run(session_ids)

    async def secret(self) -> bytes:
        def secret(db: sqlite3.Connection) -> bytes:
            # Made by the first start ever; every later start (and process) reads that one,
            # so role tokens stay valid across restarts.
            query = "SELECT value FROM meta WHERE key = 'secret'"
            row = db.execute(query).fetchone()
            if row is None:
                made = secrets.token_bytes(32)
                db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('secret', ?)", (made,))
                row = db.execute(query).fetchone()  # another process may have been first
            return bytes(row[0])

        return await self._run(secret)

    async def close(self) -> None:
        await self._run(lambda db: db.close())
        self._executor.shutdown(wait=True)


def _check(
    db: sqlite3.Connection, session_id: str, expected_version: int, command_ids: list[str]
) -> None:
    # Only `?` placeholders are formatted in: the ids themselves are bound parameters.
    marks = ", ".join("?" * len(command_ids))
    query = f"SELECT first_seq, last_seq FROM commands WHERE session_id = ? AND command_id IN ({marks})"  # noqa: S608, E501
    done = db.execute(query, (session_id, *command_ids)).fetchone()
    if done is not None:
        raise DuplicateCommand(int(done[0]), int(done[1]))
    (version,) = db.execute(
        "SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = ?", (session_id,)
    ).fetchone()
    if version != expected_version:
        raise ConcurrencyError(f"{session_id} is at {version}, not {expected_version}")
