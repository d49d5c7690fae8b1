"""The embedded default: one SQLite file in WAL mode. A commit is fsynced before `append`
returns (synchronous=FULL), so an acknowledged command survives a killed process and a power
cut alike.

One connection lives in one worker thread, and every public method is one whole synchronous
function of `sqlite_sql` run there by a single `run_in_executor`: a commit (BEGIN IMMEDIATE,
the checks, the inserts, COMMIT) costs one thread hop, not one per statement. The single
thread is also what keeps two transactions from interleaving on the connection, so no lock is
needed."""

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from . import rules, sqlite_sql
from .protocol import Batch, Snapshot, StoredEvent, StoreUnavailable
from .sqlite_errors import translated

T = TypeVar("T")
P = ParamSpec("P")


class SQLiteStore:
    def __init__(self, path: str, executor: ThreadPoolExecutor, db: sqlite3.Connection) -> None:
        self._path = path
        self._executor = executor
        self._db = db  # used only inside the executor's one thread

    @classmethod
    async def open(cls, path: str) -> "SQLiteStore":
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailable(
                f"The event log cannot be written: cannot make the directory of {path} ({error})."
            ) from error
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-store")
        loop = asyncio.get_running_loop()
        connect = partial(sqlite_sql.connect, path)
        try:
            # Made in the worker thread, the one thread that will ever use it.
            db = await loop.run_in_executor(executor, translated, path, connect)
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(path, executor, db)

    async def _run(
        self,
        work: Callable[Concatenate[sqlite3.Connection, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """One thread hop: `work` runs whole in the worker thread, driver errors translated."""
        call = partial(work, self._db, *args, **kwargs)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, translated, self._path, call)

    async def append(
        self,
        session_id: str,
        expected_version: int,
        payloads: Sequence[bytes],
        command_id: str,
        fence: int | None = None,
    ) -> int:
        return await self.append_batch(
            session_id, expected_version, [(command_id, payloads)], fence
        )

    async def append_batch(
        self, session_id: str, expected_version: int, batch: Batch, fence: int | None = None
    ) -> int:
        return await self._run(sqlite_sql.append_batch, session_id, expected_version, batch, fence)

    async def read(
        self, session_id: str, after: int = 0, limit: int | None = None
    ) -> list[StoredEvent]:
        rules.check_read(after, limit)
        return await self._run(sqlite_sql.read, session_id, after, limit)

    async def command(self, session_id: str, command_id: str) -> tuple[int, int] | None:
        return await self._run(sqlite_sql.command, session_id, command_id)

    async def commands(self, session_id: str) -> dict[str, tuple[int, int]]:
        return await self._run(sqlite_sql.commands, session_id)

    async def session_ids(self) -> list[str]:
        return await self._run(sqlite_sql.session_ids)

    async def claim_code(self, code: str, session_id: str) -> bool:
        rules.check_code(code)
        return await self._run(sqlite_sql.claim_code, code, session_id)

    async def session_for_code(self, code: str) -> str | None:
        return await self._run(sqlite_sql.session_for_code, code)

    async def release_code(self, code: str, session_id: str) -> None:
        await self._run(sqlite_sql.release_code, code, session_id)

    async def save_snapshot(
        self, session_id: str, version: int, schema: int, payload: bytes
    ) -> None:
        await self._run(sqlite_sql.save_snapshot, session_id, version, schema, payload)

    async def load_snapshot(self, session_id: str) -> Snapshot | None:
        return await self._run(sqlite_sql.load_snapshot, session_id)

    async def acquire_lease(self, session_id: str, holder: str, ttl_ms: int) -> int | None:
        rules.check_ttl(ttl_ms)
        return await self._run(sqlite_sql.acquire_lease, session_id, holder, ttl_ms)

    async def renew_lease(self, session_id: str, holder: str, ttl_ms: int) -> bool:
        rules.check_ttl(ttl_ms)
        return await self._run(sqlite_sql.renew_lease, session_id, holder, ttl_ms)

    async def release_lease(self, session_id: str, holder: str) -> None:
        await self._run(sqlite_sql.release_lease, session_id, holder)

    async def set_alarm(self, session_id: str, at_ms: int) -> None:
        await self._run(sqlite_sql.set_alarm, session_id, at_ms)

    async def clear_alarm(self, session_id: str, at_ms: int) -> None:
        await self._run(sqlite_sql.clear_alarm, session_id, at_ms)

    async def alarms(self) -> dict[str, int]:
        return await self._run(sqlite_sql.alarms)

    async def secret(self) -> bytes:
        return await self._run(sqlite_sql.secret)

    async def close(self) -> None:
        await self._run(sqlite3.Connection.close)
        self._executor.shutdown(wait=True)
