"""The SQLite backend's schema and each of its operations as one synchronous function of the
connection. `SQLiteStore` runs each whole in its worker thread; a function that writes more
than one row (or reads before it writes) runs inside `in_transaction`."""

import json
import secrets
import sqlite3
import time

from . import rules
from .protocol import Batch, ConcurrencyError, DuplicateCommand, FencedOut, Snapshot, StoredEvent
from .sqlite_errors import BUSY_TIMEOUT_SECS, in_transaction

SECRET_BYTES = 32  # 256 bits of key for the role tokens' HMAC

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
CREATE TABLE IF NOT EXISTS codes (
    code TEXT PRIMARY KEY,
    session_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
    session_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    schema INTEGER NOT NULL,
    payload BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS alarms (
    session_id TEXT PRIMARY KEY,
    at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS leases (
    session_id TEXT PRIMARY KEY,
    holder TEXT,
    expires_ms INTEGER NOT NULL,  -- wall clock: every process on this file reads the same one
    epoch INTEGER NOT NULL
) WITHOUT ROWID;
"""


def connect(path: str) -> sqlite3.Connection:
    # isolation_level=None: the module opens no transaction of its own; ours are explicit.
    db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_SECS)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")  # fsync every commit: an ack means it is on disk
    db.executescript(_SCHEMA)
    return db


def append_batch(
    db: sqlite3.Connection, session_id: str, expected_version: int, batch: Batch, fence: int | None
) -> int:
    ranges = rules.command_ranges(expected_version, batch)
    commands = [(session_id, command_id, first, last) for command_id, first, last in ranges]
    events = [
        (session_id, first + i, payload)
        for (_, first, _), (_, payloads) in zip(ranges, batch, strict=True)
        for i, payload in enumerate(payloads)
    ]

    def commit(db: sqlite3.Connection) -> None:
        _check(db, session_id, expected_version, [c for c, _, _ in ranges], fence)
        db.executemany("INSERT INTO events (session_id, seq, payload) VALUES (?, ?, ?)", events)
        db.executemany("INSERT INTO commands VALUES (?, ?, ?, ?)", commands)

    in_transaction(db, commit)
    return expected_version + len(events)


def _check(
    db: sqlite3.Connection,
    session_id: str,
    expected_version: int,
    command_ids: list[str],
    fence: int | None,
) -> None:
    # The ids go in as one JSON array: no SQL is built from strings, and a batch of any size
    # stays under SQLite's limit on bound parameters.
    query = (
        "SELECT first_seq, last_seq FROM commands WHERE session_id = ?"
        " AND command_id IN (SELECT value FROM json_each(?))"
    )
    done = db.execute(query, (session_id, json.dumps(command_ids))).fetchone()
    if done is not None:
        raise DuplicateCommand(int(done[0]), int(done[1]))
    if fence is not None:
        epoch = _lease(db, session_id).epoch
        if epoch != fence:
            raise FencedOut(session_id, fence, epoch)
    (version,) = db.execute(
        "SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = ?", (session_id,)
    ).fetchone()
    if version != expected_version:
        raise ConcurrencyError(f"{session_id} is at {version}, not {expected_version}")


def read(
    db: sqlite3.Connection, session_id: str, after: int, limit: int | None
) -> list[StoredEvent]:
    rows = db.execute(
        "SELECT seq, payload FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        (session_id, after, -1 if limit is None else limit),  # LIMIT -1: no limit
    )
    return [StoredEvent(int(seq), bytes(payload)) for seq, payload in rows]


def command(db: sqlite3.Connection, session_id: str, command_id: str) -> tuple[int, int] | None:
    row = db.execute(
        "SELECT first_seq, last_seq FROM commands WHERE session_id = ? AND command_id = ?",
        (session_id, command_id),
    ).fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


def commands(db: sqlite3.Connection, session_id: str) -> dict[str, tuple[int, int]]:
    rows = db.execute(
        "SELECT command_id, first_seq, last_seq FROM commands WHERE session_id = ?", (session_id,)
    )
    return {str(c): (int(first), int(last)) for c, first, last in rows}


def session_ids(db: sqlite3.Connection) -> list[str]:
    return [str(row[0]) for row in db.execute("SELECT DISTINCT session_id FROM events")]


def claim_code(db: sqlite3.Connection, code: str, session_id: str) -> bool:
    def claim(db: sqlite3.Connection) -> bool:
        db.execute("INSERT OR IGNORE INTO codes VALUES (?, ?)", (code, session_id))
        return session_for_code(db, code) == session_id

    return in_transaction(db, claim)


def session_for_code(db: sqlite3.Connection, code: str) -> str | None:
    row = db.execute("SELECT session_id FROM codes WHERE code = ?", (code,)).fetchone()
    return None if row is None else str(row[0])


def release_code(db: sqlite3.Connection, code: str, session_id: str) -> None:
    db.execute("DELETE FROM codes WHERE code = ? AND session_id = ?", (code, session_id))


def save_snapshot(
    db: sqlite3.Connection, session_id: str, version: int, schema: int, payload: bytes
) -> None:
    # One statement, so atomic on its own; the WHERE keeps the snapshot at the highest
    # version when a slower process saves an older one afterwards.
    db.execute(
        "INSERT INTO snapshots VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE"
        " SET version = excluded.version, schema = excluded.schema, payload = excluded.payload"
        " WHERE excluded.version >= snapshots.version",
        (session_id, version, schema, payload),
    )


def load_snapshot(db: sqlite3.Connection, session_id: str) -> Snapshot | None:
    row = db.execute(
        "SELECT version, schema, payload FROM snapshots WHERE session_id = ?", (session_id,)
    ).fetchone()
    return None if row is None else Snapshot(int(row[0]), int(row[1]), bytes(row[2]))


def acquire_lease(db: sqlite3.Connection, session_id: str, holder: str, ttl_ms: int) -> int | None:
    def acquire(db: sqlite3.Connection) -> int | None:
        lease = _lease(db, session_id).acquired(holder, _now_ms(), ttl_ms)
        if lease is not None:
            _keep_lease(db, session_id, lease)
        return None if lease is None else lease.epoch

    return in_transaction(db, acquire)


def renew_lease(db: sqlite3.Connection, session_id: str, holder: str, ttl_ms: int) -> bool:
    def renew(db: sqlite3.Connection) -> bool:
        lease = _lease(db, session_id).renewed(holder, _now_ms(), ttl_ms)
        if lease is not None:
            _keep_lease(db, session_id, lease)
        return lease is not None

    return in_transaction(db, renew)


def release_lease(db: sqlite3.Connection, session_id: str, holder: str) -> None:
    def release(db: sqlite3.Connection) -> None:
        lease = _lease(db, session_id)
        released = lease.released(holder, _now_ms())
        if released != lease:
            _keep_lease(db, session_id, released)

    in_transaction(db, release)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _lease(db: sqlite3.Connection, session_id: str) -> rules.Lease:
    row = db.execute(
        "SELECT holder, expires_ms, epoch FROM leases WHERE session_id = ?", (session_id,)
    ).fetchone()
    return rules.Lease() if row is None else rules.Lease(row[0], int(row[1]), int(row[2]))


def _keep_lease(db: sqlite3.Connection, session_id: str, lease: rules.Lease) -> None:
    db.execute(
        "INSERT OR REPLACE INTO leases VALUES (?, ?, ?, ?)",
        (session_id, lease.holder, lease.expires_ms, lease.epoch),
    )


def set_alarm(db: sqlite3.Connection, session_id: str, at_ms: int) -> None:
    db.execute("INSERT OR REPLACE INTO alarms VALUES (?, ?)", (session_id, at_ms))


def clear_alarm(db: sqlite3.Connection, session_id: str, at_ms: int) -> None:
    db.execute("DELETE FROM alarms WHERE session_id = ? AND at_ms = ?", (session_id, at_ms))


def alarms(db: sqlite3.Connection) -> dict[str, int]:
    return {str(s): int(at) for s, at in db.execute("SELECT session_id, at_ms FROM alarms")}


def secret(db: sqlite3.Connection) -> bytes:
    # Made by the first start ever; every later start (and process) reads that one, so role
    # tokens stay valid across restarts.
    query = "SELECT value FROM meta WHERE key = 'secret'"
    row = db.execute(query).fetchone()
    if row is None:
        made = secrets.token_bytes(SECRET_BYTES)
        db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('secret', ?)", (made,))
        row = db.execute(query).fetchone()  # another process may have been first
    return bytes(row[0])
