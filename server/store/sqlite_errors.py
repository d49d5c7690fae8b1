"""The one place where a sqlite3 error about the disk or the file becomes `StoreUnavailable`,
with what a person can do about it; and the transaction that makes sure a failed ROLLBACK
never hides the error that caused it."""

import logging
import sqlite3
from collections.abc import Callable
from typing import TypeVar

from .protocol import StoreUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

BUSY_TIMEOUT_SECS = 5.0
"""How long a write waits for another process's transaction on the same file: a commit takes
milliseconds, so waiting this long means that process is stuck, and the caller should hear."""

# Primary result codes (the low byte of an extended code) that say the disk or the file is
# the problem, not the query (https://www.sqlite.org/rescode.html), with what to do about it.
_ADVICE = {
    sqlite3.SQLITE_FULL: "the disk holding {path} is full: free some space",
    sqlite3.SQLITE_READONLY: (
        "{path} is read-only: give the server's user write access to the file and its "
        "directory (SQLite writes -wal and -shm files beside it)"
    ),
    sqlite3.SQLITE_CANTOPEN: "cannot open {path}: check that its directory exists and is writable",
    sqlite3.SQLITE_PERM: "the operating system refuses access to {path}: check its permissions",
    sqlite3.SQLITE_IOERR: "reading or writing {path} failed (I/O error): check the disk",
    sqlite3.SQLITE_BUSY: "another process kept {path} locked for over {busy:g} s",
    sqlite3.SQLITE_CORRUPT: "{path} is damaged: restore it from a backup",
    sqlite3.SQLITE_NOTADB: "{path} is not an SQLite database: check ROUNDTABLE_STORE",
}


def unavailable(error: sqlite3.Error, path: str) -> StoreUnavailable | None:
    """The StoreUnavailable this error means, or None when it is not about the disk or file
    (a bug in a query is left to surface as itself)."""
    code = getattr(error, "sqlite_errorcode", None)
    advice = _ADVICE.get(code & 0xFF) if isinstance(code, int) else None
    if advice is None:
        return None
    what = advice.format(path=path, busy=BUSY_TIMEOUT_SECS)
    return StoreUnavailable(f"The event log cannot be written: {what} ({error}).")


def translated(path: str, work: Callable[[], T]) -> T:
    """Run `work`, raising StoreUnavailable (caused by the driver's error) for disk and file
    errors."""
    try:
        return work()
    except sqlite3.Error as error:
        replacement = unavailable(error, path)
        if replacement is None:
            raise
        raise replacement from error


def in_transaction(db: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """BEGIN IMMEDIATE … COMMIT around `work`: it takes the write lock first, so the checks
    in `work` and its writes see the same log. On any error the transaction is rolled back
    and that error is raised: SQLite has often rolled back by itself already (it does on
    SQLITE_FULL and SQLITE_IOERR), and a ROLLBACK that then fails must not replace it."""
    db.execute("BEGIN IMMEDIATE")
    try:
        result = work(db)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                log.warning("ROLLBACK failed after an error; raising that error", exc_info=True)
        raise
    return result
