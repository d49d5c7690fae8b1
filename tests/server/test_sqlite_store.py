"""The SQLite backend's own promises beyond the contract: a disk that cannot take a write is
one `StoreUnavailable` a person can act on, never a bare sqlite3 error, and never the error
of the ROLLBACK that followed it."""

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from server.store import StoreUnavailable
from server.store.sqlite import SQLiteStore
from server.store.sqlite_errors import in_transaction


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SQLiteStore]:
    opened = await SQLiteStore.open(str(tmp_path / "events.db"))
    try:
        yield opened
    finally:
        await opened.close()


def _full(db: sqlite3.Connection) -> None:
    # No new page may be added: the next write that needs one fails as on a full disk.
    (pages,) = db.execute("PRAGMA page_count").fetchone()
    db.execute(f"PRAGMA max_page_count = {pages}")


def _read_only(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA query_only = 1")


@pytest.mark.parametrize(
    ("make_unwritable", "errorname", "advice"),
    [(_full, "SQLITE_FULL", "is full"), (_read_only, "SQLITE_READONLY", "read-only")],
)
async def test_a_write_the_disk_refuses_is_store_unavailable_and_changes_nothing(
    store: SQLiteStore, make_unwritable: Any, errorname: str, advice: str
) -> None:
    # Given a log with one event, on a database that can no longer grow or be written,
    await store.append("s1", 0, [b"created"], "create")
    await store._run(make_unwritable)

    # When a batch is appended,
    with pytest.raises(StoreUnavailable) as refused:
        await store.append_batch("s1", 1, [("big", [bytes(4096)] * 50), ("small", [b"x"])])

    # Then the error says what is wrong in words, caused by the driver's own error (SQLite
    # rolled the transaction back itself, so a ROLLBACK would have failed: its error is not
    # the one raised),
    assert advice in str(refused.value)
    cause = refused.value.__cause__
    assert isinstance(cause, sqlite3.Error) and cause.sqlite_errorname == errorname
    # and nothing was appended.
    assert [e.payload for e in await store.read("s1")] == [b"created"]
    assert set(await store.commands("s1")) == {"create"}


async def test_the_store_writes_again_once_the_disk_has_room(store: SQLiteStore) -> None:
    # Given a store that refused a write on a full disk,
    await store.append("s1", 0, [b"created"], "create")
    await store._run(_full)
    with pytest.raises(StoreUnavailable):
        await store.append("s1", 1, [bytes(4096)] * 50, "big")

    # When there is room again, then the same command commits: no transaction was left open.
    await store._run(lambda db: db.execute("PRAGMA max_page_count = 1073741823"))
    assert await store.append("s1", 1, [bytes(4096)] * 50, "big") == 51


async def test_a_database_that_cannot_be_opened_is_store_unavailable(tmp_path: Path) -> None:
    # Given a path that is a directory, when a store is opened on it,
    with pytest.raises(StoreUnavailable) as refused:
        await SQLiteStore.open(str(tmp_path))
    # Then it says it cannot open it.
    assert "cannot open" in str(refused.value)


class _RollbackFails(sqlite3.Connection):
    """A connection whose ROLLBACK fails, as it can on a disk that has just failed."""

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql == "ROLLBACK":
            raise sqlite3.OperationalError("disk I/O error during rollback")
        return super().execute(sql, *args)


def test_a_failing_rollback_does_not_hide_the_error_that_caused_it(tmp_path: Path) -> None:
    # Given a transaction whose work fails while the transaction is still open,
    db = sqlite3.connect(tmp_path / "t.db", isolation_level=None, factory=_RollbackFails)
    db.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")

    def work(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO t VALUES (1)")
        raise ValueError("the check failed")

    # When the ROLLBACK after it fails too,
    with pytest.raises(ValueError, match="the check failed"):
        in_transaction(db, work)
    db.close()


async def test_a_directory_that_cannot_be_made_is_store_unavailable(tmp_path: Path) -> None:
    # Given a path under a regular file, when a store is opened there,
    (tmp_path / "a-file").write_text("not a directory")
    with pytest.raises(StoreUnavailable, match="cannot make the directory"):
        await SQLiteStore.open(str(tmp_path / "a-file" / "log" / "events.db"))
