"""A record people can trust, from real servers: `roundtable verify` passes a genuine archive
and names the fault in a forged one, and the import refuses what verify refuses.

Server A runs the session. Server B started from a copy of A's database taken before it, so
B shares A's secret (as processes on one store do): the same signing key, and A's moderator
tokens are tokens of B."""

import asyncio
import json
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from server.record.verify import verify_archive
from server.wire_http import ArchiveDocument, SigningKey
from tests.server.test_exports import Ran, Texts, http, run_session
from tests.support.archives import (
    Archive,
    altered,
    copy_database,
    removed,
    reordered,
    resealed,
    roundtable,
    stored_sessions,
    write,
)
from tests.support.live_server import LiveServer

CHECKS = ("events", "chain", "signature", "key", "replay", "groups", "rankings", "decision")


@dataclass(frozen=True)
class Record:
    a: LiveServer
    b: LiveServer
    ran: Ran
    archive: Archive
    body: bytes
    report: str


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Record]:
    directory: Path = tmp_path_factory.mktemp("record")
    (directory / "b").mkdir()
    a = LiveServer(directory / "roundtable.db").start()
    copy_database(a.db_path, directory / "b" / "roundtable.db")
    b = LiveServer(directory / "b" / "roundtable.db").start()
    try:
        ran = asyncio.run(run_session(a, Texts()))
        body = asyncio.run(_download(a, ran))
        report = asyncio.run(_download(a, ran, "report.md")).decode()
        yield Record(a, b, ran, json.loads(body), body, report)
    finally:
        a.stop()
        b.stop()


async def _download(server: LiveServer, ran: Ran, export: str = "archive.json") -> bytes:
    async with http(server) as client:
        exported = await client.get(ran.session_id, export, ran.moderator_token)
    assert exported.status == 200, exported.body
    return exported.body


def test_verify_passes_the_genuine_archive(record: Record, tmp_path: Path) -> None:
    # Given the archive the moderator downloaded, when anyone verifies it against the server,
    status, printed = roundtable("verify", str(write(record.archive, tmp_path / "a.json")),
                                 "--server", record.a.url)  # fmt: skip

    # Then every check holds, one line each, and the exit code says so.
    assert status == 0, printed
    lines = printed.splitlines()
    assert [line.split(":")[0] for line in lines if not line.startswith(("Verdict", " "))] == [
        f"✓ {name}" for name in (*CHECKS[:3], "key", *CHECKS[4:], "register")
    ], printed
    assert "✓ groups: re-drawn from the recorded seed: seed 7: 2 groups" in lines
    assert lines[-1].startswith("Verdict: every check holds"), printed
    # and the archive and the key the server publishes are as documented (x-http).
    assert ArchiveDocument.model_validate(record.archive).version == 2
    with urllib.request.urlopen(f"{record.a.url}/api/signing-key", timeout=10) as answer:
        published = SigningKey.model_validate_json(answer.read())
    assert published.fingerprint == record.archive["signature"]["fingerprint"]
    assert published.fingerprint in record.report


FORGERIES: dict[str, Callable[[Archive], tuple[Archive, int]]] = {
    "altered": altered,
    "removed": removed,
    "reordered": reordered,
}
FAULTS = {
    "altered": "event {seq} altered: its hash does not match the chain",
    "removed": "event {seq} does not follow event {before}",
    "reordered": "event {seq} does not follow event {before}",
}


@pytest.mark.parametrize("how", FORGERIES)
def test_verify_names_the_event_a_forger_touched(record: Record, tmp_path: Path, how: str) -> None:
    # Given an archive with one event altered, one removed, or two swapped,
    forged, index = FORGERIES[how](record.archive)

    # When it is verified, then it fails, naming the event where the chain breaks.
    status, printed = roundtable("verify", str(write(forged, tmp_path / f"{how}.json")))
    assert status == 1, printed
    fault = FAULTS[how].format(seq=index + 1, before=index)
    assert f"✗ chain: {fault}" in printed, printed
    assert "Verdict: NOT VERIFIED" in printed


def test_verify_refuses_an_archive_resigned_with_another_key(
    record: Record, tmp_path: Path
) -> None:
    # Given an invented endorser, the chain recomputed and the archive signed with another key,
    forged = resealed(altered(record.archive)[0])
    path = write(forged, tmp_path / "resigned.json")

    # When it is verified against the server's published key, it fails: whose key it is.
    status, printed = roundtable("verify", str(path), "--server", record.a.url)
    assert status == 1, printed
    assert "✓ chain:" in printed and "✓ signature:" in printed
    assert f"✗ key: signed with {forged['signature']['fingerprint']}, not the key of " in printed
    # and against the server's key given by hand, the same.
    key = record.archive["signature"]["public_key"]
    status, printed = roundtable("verify", str(path), "--key", key)
    assert status == 1 and "✗ key: signed with" in printed, printed


SUMMARY_FAULT = "the archive's summary says"


def test_the_replayed_claims_are_checked_even_under_a_valid_signature(record: Record) -> None:
    # Given forgeries a chain and a signature cannot catch (re-signed by the forger),
    def forged(change: Callable[[Archive], Any]) -> Archive:
        copied = json.loads(record.body)
        change(copied)
        return resealed(copied)

    def event(archive: Archive, event_type: str) -> dict[str, Any]:
        return next(e["event"] for e in archive["events"] if e["event"]["type"] == event_type)

    def swap_members(archive: Archive) -> None:
        groups = event(archive, "GroupsAssigned")["groups"]
        groups[0]["members"][0], groups[1]["members"][0] = (
            groups[1]["members"][0], groups[0]["members"][0])  # fmt: skip

    def inflate_score(archive: Archive) -> None:
        event(archive, "ParagraphComposed")["entry"]["provenance"]["score"] = 9.5

    def edit_closed_text(archive: Archive) -> None:
        event(archive, "TextClosed")["decision"]["paragraphs"][0] = "A different first paragraph."

    def edit_summary(archive: Archive) -> None:
        archive["summary"]["rankings"]["p1"][0]["score"] = 0.01

    cases = {
        "groups": (swap_members, "does not give the recorded groups"),
        "rankings": (inflate_score, "records score 9.5"),
        "decision": (edit_closed_text, "is not the composite text at that moment"),
        "summary": (edit_summary, SUMMARY_FAULT),
    }
    for name, (change, fault) in cases.items():
        # When each is verified, then the check that replays that claim fails, saying why.
        verdict = verify_archive(forged(change))
        failures = [c for c in verdict.checks if not c.ok]
        assert [c.name for c in failures] == ["rankings" if name == "summary" else name], name
        assert fault in failures[0].message, (name, failures[0].message)


def test_the_import_refuses_what_verify_refuses_and_takes_the_genuine_archive(
    record: Record,
) -> None:
    token = record.ran.moderator_token  # a moderator token of A, and so of B

    async def scenario() -> None:
        async with http(record.b) as client:
            # Given archives with an event altered, removed or moved, when the operator
            # imports each into B, each is refused, naming the event,
            for how, forge in FORGERIES.items():
                forged, index = forge(record.archive)
                refused = await client.post("/api/sessions/import", json.dumps(forged).encode())
                assert refused.status == 422, (how, refused.body)
                body = refused.json()
                assert body["field"] == f"events.{index}", (how, body)
                assert f"vent {index + 1} " in body["message"], (how, body)
            # one signed with another key is refused to a moderator (the operator only),
            resigned = json.dumps(resealed(altered(record.archive)[0])).encode()
            refused = await client.post("/api/sessions/import", resigned, key=token)
            assert refused.status == 403, refused.body
            assert refused.json()["field"] == "signature"
            assert "another server's key" in refused.json()["message"]
            # and nothing was stored.
            assert record.ran.session_id not in stored_sessions(record.b.db_path)

            # Then the genuine archive, signed by this server's key, comes in with the token.
            imported = await client.post("/api/sessions/import", record.body, key=token)
            assert imported.status == 201, imported.body
            assert imported.json()["session_id"] == record.ran.session_id

            # and exported again from B, it is the same chain under the same key.
            again = json.loads(await _download(record.b, record.ran))
            assert again["events"] == record.archive["events"]
            assert again["signature"]["public_key"] == record.archive["signature"]["public_key"]

    asyncio.run(scenario())
