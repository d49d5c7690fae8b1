"""The chain as the store keeps it: a SQLite log written before the chain (each payload the bare
event) still loads, takes new commands chained on and exports an archive that verifies; an event
recorded by an older schema keeps its chain; an event altered in the database shows as a break
in the next archive."""

import asyncio
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import msgpack

from facilitation.commands import AssignGroups
from facilitation.context import Actor
from facilitation.events import Event, SessionCreated
from server.clock import SystemClock
from server.codec import recorded, seal, seal_recorded
from server.exports.archive import export_archive
from server.record.chain import GENESIS
from server.record.signing import Signer
from server.record.verify import verify_archive
from server.sessions import SessionService
from server.store.memory import MemoryStore
from server.store.sqlite import SQLiteStore
from server.tokens import Tokens
from tests.server.test_exports import configured_log, http
from tests.support.live_server import LiveServer
from tests.support.session_client import Client


def old_encoding(event: Event) -> bytes:
    """server/codec.py `encode` as it was before the chain: the event alone."""
    packed: bytes = msgpack.packb(event.model_dump(mode="json"), use_bin_type=True)
    return packed


async def write_log(
    database: Path, events: list[Event], payloads: Callable[[], list[bytes]]
) -> bytes:
    """A session's log written straight into a SQLite store; returns the store's secret."""
    first = events[0]
    assert isinstance(first, SessionCreated)
    store = await SQLiteStore.open(str(database))
    try:
        secret = await store.secret()
        assert await store.claim_code(first.code, first.session_id)
        await store.append(first.session_id, 0, payloads(), "written-by-the-test")
    finally:
        await store.close()
    return secret


async def test_a_log_written_before_the_chain_still_loads(tmp_path: Path) -> None:
    # Given a session's log written with the old encoding, and a moderator token for it,
    events = configured_log()
    database = tmp_path / "roundtable.db"
    secret = await write_log(database, events, lambda: [old_encoding(e) for e in events])
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
    links = [recorded(bytes(row[0])).link for row in rows]
    assert links[: len(events)] == [None] * len(events)
    assert all(link is not None and link != GENESIS for link in links[len(events) :])
    assert len(links) == ack["seq"]

    # and its archive verifies: chain, signature, and the draw re-run from its seed.
    verdict = await asyncio.to_thread(verify_archive, exported.json())
    assert verdict.passed, [c for c in verdict.checks if not c.ok]


async def test_an_event_recorded_by_an_older_schema_keeps_its_chain() -> None:
    # Given a log whose joins were recorded before `country` existed (its default now fills in),
    events = configured_log()
    wires = [e.model_dump(mode="json") for e in events]
    for wire in wires:
        if wire["type"] == "ParticipantJoined":
            del wire["participant"]["country"]
    store = MemoryStore()
    first = events[0]
    assert isinstance(first, SessionCreated)
    await store.claim_code(first.code, first.session_id)
    await store.append(first.session_id, 0, seal_recorded(GENESIS, wires)[0], "older-schema")
    service = SessionService(store, SystemClock(), b"s" * 32, lambda: "x1", lambda: 5)

    # When today's server loads it and commits a command on top,
    await service.open(first.session_id)
    ack = await service.dispatch(
        first.session_id, AssignGroups(command_id="assign-0001", seed=3), Actor("moderator")
    )
    journal = service.journal(first.session_id)
    assert journal is not None and ack.seq == len(events) + 1

    # Then its archive carries the joins as recorded, and the chain holds across the new event.
    stored = await store.read(first.session_id)
    archive = export_archive(journal.state, stored, 2_000, Signer(b"s" * 32))
    assert "country" not in archive["events"][2]["event"]["participant"]
    verdict = verify_archive(archive)
    assert verdict.passed, [c for c in verdict.checks if not c.ok]


async def test_an_event_altered_in_the_database_shows_in_the_next_archive(tmp_path: Path) -> None:
    # Given a session's log on disk as a server stores it (chained),
    events = configured_log()
    database = tmp_path / "roundtable.db"
    secret = await write_log(database, events, lambda: seal(GENESIS, events)[0])
    session_id = events[0].session_id  # type: ignore[attr-defined]
    # and someone with the file who renames the first participant, leaving the link as it was,
    with closing(sqlite3.connect(database)) as db:
        (payload,) = db.execute("SELECT payload FROM events WHERE seq = 3").fetchone()
        wire, prev = recorded(bytes(payload))
        assert wire["type"] == "ParticipantJoined"
        wire["participant"]["name"] = "Someone Else"
        forged = msgpack.packb({"event": wire, "prev": prev}, use_bin_type=True)
        db.execute("UPDATE events SET payload = ? WHERE seq = 3", (forged,))
        db.commit()

    # When a server opens it and the moderator downloads the archive,
    server = LiveServer(database).start()
    try:
        async with http(server) as client:
            token = Tokens(secret).issue(session_id, Actor("moderator"))
            exported = await client.get(session_id, "archive.json", token)
    finally:
        server.stop()

    # Then the archive, signed as it is, shows the break right after the altered event.
    verdict = verify_archive(exported.json())
    broken = [c for c in verdict.checks if not c.ok]
    assert [(c.name, c.field) for c in broken] == [("chain", "events.3")], broken
    assert "event 4 does not follow event 3" in broken[0].message
