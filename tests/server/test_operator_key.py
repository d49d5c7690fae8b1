"""Who may create and import sessions: the operator key (or, to import, a moderator token of
this server); without it a 401 and nothing stored. A server given no key makes one, keeps it
beside its database and prints it in the moderator link."""

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from facilitation.context import Actor
from facilitation.events import Event, SessionCreated
from server.codec import to_wire
from server.record.verify import verify_archive
from server.tokens import Tokens
from tests.server.test_exports import configured_log
from tests.support.archives import stored_sessions
from tests.support.live_server import OPERATOR_KEY, LiveServer
from tests.support.servers import Server


def v1_archive(events: list[Event]) -> dict[str, Any]:
    """An archive as servers wrote them before the chain: no links, no signature."""
    first = events[0]
    assert isinstance(first, SessionCreated)
    return {
        "format": "roundtable-archive",
        "version": 1,
        "session_id": first.session_id,
        "exported_at_ms": 1_000,
        "events": [{"seq": n, "event": to_wire(e)} for n, e in enumerate(events, 1)],
    }


def store_secret(database: Path) -> bytes:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        return bytes(db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()[0])


def test_creating_a_session_needs_the_operator_key(server: Server) -> None:
    # Given a running server, one of its moderators, and the sessions it holds,
    moderator_token = server.create_session("A session of its own")["moderator_token"]
    before = stored_sessions(server.db_path)

    # When a session is asked for with no key, a wrong one, or a moderator's token,
    for key in (None, "not-the-operator-key-at-all", moderator_token):
        status, body = server.post("/api/sessions", {"title": "Uninvited"}, key=key)
        # Then each is a structured 401, and nothing is created;
        assert status == 401, body
        assert body["ok"] is False and body["code"] == "bad_token", body
        assert "operator key" in body["message"]
    assert stored_sessions(server.db_path) == before

    # with the operator key, the session is made.
    status, body = server.post("/api/sessions", {"title": "Invited"})
    assert status == 201, body
    assert stored_sessions(server.db_path) == before | {body["session_id"]}


def test_importing_needs_the_operator_key_or_a_moderator_token(server: Server) -> None:
    # Given an archive from before the chain (version 1: neither chained nor signed),
    # a session's moderator, and a delegated moderator link of it (a caucus chair's),
    archive = v1_archive(configured_log())
    created = server.create_session("Someone's session")
    moderator_token = created["moderator_token"]
    delegated = Tokens(store_secret(server.db_path)).issue(
        created["session_id"], Actor("moderator", link_id="caucus-chair")
    )
    before = stored_sessions(server.db_path)

    # When it is imported with no key, a wrong one, or the delegated link, each is a 401,
    for key in (None, "not-the-operator-key-at-all", delegated):
        status, body = server.post("/api/sessions/import", archive, key=key)
        assert (status, body["code"]) == (401, "bad_token"), body
    # a moderator of this server may not bring in an unsigned archive (403), and nothing
    # is stored;
    status, body = server.post("/api/sessions/import", archive, key=moderator_token)
    assert (status, body["code"], body["field"]) == (403, "forbidden", "signature"), body
    assert "version 1" in body["message"]
    assert stored_sessions(server.db_path) == before

    # Then the operator may: the session is restored.
    status, body = server.post("/api/sessions/import", archive)
    assert status == 201, body
    assert body["session_id"] in stored_sessions(server.db_path)


def test_a_version_1_archive_is_read_but_reported_unchained() -> None:
    # Given an archive written before the chain, when it is verified,
    verdict = verify_archive(v1_archive(configured_log()))

    # Then its events and what they claim check out, but nothing vouches for them.
    statuses = {check.name: check.status for check in verdict.checks}
    assert statuses["chain"] == statuses["signature"] == "absent"
    assert {statuses[name] for name in ("events", "replay", "groups", "rankings")} == {"ok"}
    assert not verdict.passed


def test_a_server_given_no_key_makes_one_keeps_it_and_prints_it(tmp_path: Path) -> None:
    # Given a server started with no ROUNDTABLE_OPERATOR_KEY,
    (tmp_path / "var").mkdir()
    database = tmp_path / "var" / "roundtable.db"
    server = LiveServer(database, env={"ROUNDTABLE_OPERATOR_KEY": ""}).start()
    try:
        # Then it made a key beside its database, readable by its owner only,
        kept = database.parent / "operator.key"
        key = kept.read_text().strip()
        assert len(key) >= 32 and kept.stat().st_mode & 0o077 == 0
        # printed the moderator link with the key in the fragment,
        assert f"/moderator#operator={key}\n" in server.log_path.read_text()
        # and that key creates sessions (the test's usual key does not).
        assert server.post("/api/sessions", {"title": "T"}, key=OPERATOR_KEY)[0] == 401
        assert server.post("/api/sessions", {"title": "T"}, key=key)[0] == 201
    finally:
        server.stop()
    # When it starts again, it is the same key.
    again = LiveServer(database, env={"ROUNDTABLE_OPERATOR_KEY": ""}).start()
    try:
        assert again.post("/api/sessions", {"title": "Again"}, key=key)[0] == 201
    finally:
        again.stop()
