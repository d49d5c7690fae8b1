"""The meeting benchmark's harness, short: 200 participants, 10 s of steady state, against
Roundtable and the Node reference. It checks that the harness works and the servers deliver,
never how fast: latency thresholds belong to `make bench`, not to tests."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.meeting import Options
from bench.suite import run_suite

PARTICIPANTS = 200
OTHER_PAGES = 1 + 1 + 20 + 25  # moderator, screen, facilitators, hubs
SERVERS = ("roundtable", "reference")
RUN_FIELDS = {
    "server", "clients", "valid", "invalid_reasons", "connections",
    "checkin_ms", "join_ack_p50_ms", "join_ack_p99_ms",
    "write_ack_p50_ms", "write_ack_p99_ms",
    "write_all_p50_ms", "write_all_p99_ms", "write_all_max_ms",
    "public_all_p99_ms", "delivery_ratio", "write_delivery_ratio", "public_delivery_ratio",
    "duplicates", "gap_syncs", "heartbeat_syncs",
    "server_cpu_pct", "rss_per_connection_bytes", "gc_count", "gc_max_ms",
    "storm_ms", "storm_server_bytes", "generator_cpu_pct", "unexpected_drops",
}  # fmt: skip


def _children() -> list[int]:
    """Processes whose parent is this one, still running (not reaped zombies)."""
    mine = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
        if int(ppid) == os.getpid() and state != "Z":
            mine.append(int(entry.name))
    return mine


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench")
    # One attempt each: this test never looks at whether the machine was quiet
    yield run_suite([PARTICIPANTS], Options(seconds=10), SERVERS, out, attempts=1)


@pytest.fixture(scope="module")
def runs(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["server"]: r for r in document["runs"]}


def test_the_harness_completes_against_both_servers_and_leaves_nothing_running(
    document: dict[str, Any],
) -> None:
    # Given a 200-person meeting run against each server (the fixture), Then each has a row
    assert sorted(r["server"] for r in document["runs"]) == sorted(SERVERS)
    # And no server or generator process is left behind
    assert _children() == []


@pytest.mark.parametrize("server", SERVERS)
def test_every_page_connected_and_stayed_connected(
    runs: dict[str, dict[str, Any]], server: str
) -> None:
    run = runs[server]
    assert run["checkin_failed"] == 0, run
    assert run["connections"] == PARTICIPANTS + OTHER_PAGES
    assert run["unexpected_drops"] == 0, run["drop_reasons"]
    assert run["storm_back"] == PARTICIPANTS


@pytest.mark.parametrize("server", SERVERS)
def test_every_write_and_broadcast_reached_every_subscriber_once(
    runs: dict[str, dict[str, Any]], server: str
) -> None:
    run = runs[server]
    assert run["writes_sent"] > 0 and run["broadcasts_sent"] > 0
    assert run["delivery_ratio"] == 1.0, run
    assert run["duplicates"] == 0, run


@pytest.mark.parametrize("server", SERVERS)
def test_the_json_has_every_field(runs: dict[str, dict[str, Any]], server: str) -> None:
    run = runs[server]
    assert RUN_FIELDS <= set(run), RUN_FIELDS - set(run)
    assert all(run[key] is not None for key in RUN_FIELDS - {"invalid_reasons"}), run


def test_the_document_has_ratios_and_a_table(document: dict[str, Any], tmp_path: Path) -> None:
    assert set(document) >= {"runs", "ratios", "targets", "options", "duration_s"}
    assert document["ratios"][str(PARTICIPANTS)]["write_all_p99_ms"] is not None
