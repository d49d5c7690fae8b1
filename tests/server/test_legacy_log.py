"""A SQLite log written before the hash chain (each payload the bare event) still loads, takes
new commands chained on from it, and exports an archive that verifies."""

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

import msgpack

from facilitation.context import Actor
from facilitation.events import Event, SessionCreated
from server.codec import unpack
from server.record.chain import GENESIS
from server.record.verify import verify_archive
from server.store.sqlite import SQLiteStore
from server.tokens import Tokens
from tests.server.test_exports import configured_log, http
from tests.support.live_server import LiveServer
from tests.support.session_client import Client


def old_encoding(event: Event) -> bytes:
    """server/codec.py `encode` as it was before the chain: the event alone."""
    packed: bytes = msgpack.packb(event.model_dump(mode="json"), use_bin_type=True)
    return packed


async def write_old_log(database: Path, events: list[Event]) -> bytes:
    """The log as an earlier server left it; returns the store's secret."""
    first = events[0]
    assert isinstance(first, SessionCreated)
    store = await SQLiteStore.open(str(database))
    try:
        secret = await store.secret()
        assert await store.claim_code(first.code, first.session_id)
        payloads = [old_encoding(e) for e in events]
        await store.append(first.session_id, 0, payloads, "create-before-chain")
    finally:
        await store.close()
    return secret


async def test_a_log_written_before_the_chain_still_loads(tmp_path: Path) -> None:
    # Given a session's log written with the old encoding, and a moderator token for it,
    events = configured_log()
    database = tmp_path / "roundtable.db"
    secret = await write_old_log(database, events)
    session_id = events[0].session_id  # type: ignore[attr-defined]
    token = Tokens(secret).issue(session_id, Actor("moderator"))

    # When a server of today opens it,
    server = LiveServer(database).start()
    try:
        moderator = await Client.open(server.url, token=token)
        try:
            # Then the moderator syncs the very same log,
            synced = await moderator.sync(0)
            assert [e["event"] for e in synced["events"]] == [
                e.model_dump(mode="json") for e in events
            ]
            # a new command is committed on top of it,
            ack = await moderator.send_ok("AssignGroups", seed=3)
        finally:
            await moderator.close()
        async with http(server) as client:
            exported = await client.get(session_id, "archive.json", token)
    finally:
        server.stop()

    # chained on from the old events (whose links are computed),
    with closing(sqlite3.connect(database)) as db:
        rows = db.execute("SELECT payload FROM events ORDER BY seq").fetchall()
    links = [unpack(bytes(row[0])).link for row in rows]
    assert links[: len(events)] == [None] * len(events)
    assert all(link is not None and link != GENESIS for link in links[len(events) :])
    assert len(links) == ack["seq"]

    # and its archive verifies: chain, signature, and the draw re-run from its seed.
    verdict = await asyncio.to_thread(verify_archive, exported.json())
    assert verdict.passed, [c for c in verdict.checks if not c.ok]
