"""One meeting against one server: start it, open a session, drive N participants through
the load generator, sample the server at each phase boundary, stop it. Returns one flat row."""

import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import procstats
from .loadgen import GeneratorFailed, run_generator
from .targets import BUILDERS, GENERATOR_CORE, SERVER_CORE, ServerUnderTest, pinning

GENERATOR_CPU_LIMIT_PCT = 70.0  # above this the generator, not the server, may be the bottleneck
OTHER_LOAD_LIMIT_PCT = 15.0  # other processes on the server's core: the machine was not quiet
NOT_QUIET = "the machine was not quiet"


@dataclass(frozen=True)
class Options:
    seconds: float = 30
    profile: str = "v2"
    storm: bool = True
    writes_per_sec: int = 100
    concurrency: int = 100


class Sampler:
    """The server's counters at the generator's phase marks."""

    def __init__(self, server: ServerUnderTest) -> None:
        self.server = server
        self.at: dict[str, dict[str, Any]] = {}

    def __call__(self, mark: str) -> None:
        pids = self.server.pids
        sample: dict[str, Any] = {
            "wall": time.monotonic(),
            "cpu": procstats.cpu_seconds(pids),
            "waited": procstats.waited_seconds(pids),
            "rss": procstats.rss_bytes(pids),
            "written": procstats.written_bytes(pids),
            "log": self.server.log_bytes(),
            "cores": [procstats.core_busy_seconds(c) for c in (SERVER_CORE, GENERATOR_CORE)]
            if pinning()
            else None,
        }
        if mark in ("steady-start", "steady-end"):
            try:
                sample["gc"] = [m["gc"] for m in self.server.metrics()]
            except (OSError, ValueError, KeyError) as failed:  # a figure missing, not the run
                print(f"   no /debug/metrics at {mark}: {failed}", file=sys.stderr, flush=True)
                sample["gc"] = None
        self.at[mark] = sample


def run_one(kind: str, clients: int, options: Options, workdir: Path) -> dict[str, Any]:
    # A fresh store each time: a server that loaded earlier runs' sessions would carry them.
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    server = BUILDERS[kind](workdir).start()
    try:
        session = server.open_session(f"Meeting bench, {clients} participants")
        base_rss = procstats.rss_bytes(server.pids)
        sampler = Sampler(server)
        config = {
            "url": server.url,
            "code": session.code,
            "moderatorToken": session.moderator_token,
            "clients": clients,
            "seconds": options.seconds,
            "profile": options.profile,
            "storm": options.storm,
            "writesPerSec": options.writes_per_sec,
            "concurrency": options.concurrency,
            "handshake": True,
        }
        print(f"== {kind}, {clients} participants", file=sys.stderr, flush=True)
        try:
            result = run_generator(config, sampler)
        except GeneratorFailed as failed:
            return {"server": kind, "clients": clients, "valid": False,
                    "invalid_reasons": [f"the run failed: {failed}"]}  # fmt: skip
        return row(kind, clients, options, result, sampler.at, base_rss)
    finally:
        server.stop()


def _ratio(delivered: int, expected: int) -> float | None:
    return round(delivered / expected, 6) if expected else None


def row(
    kind: str,
    clients: int,
    options: Options,
    g: dict[str, Any],
    at: dict[str, dict[str, Any]],
    base_rss: int,
) -> dict[str, Any]:
    start, end = at["steady-start"], at["steady-end"]
    wall = end["wall"] - start["wall"]
    writes, broadcasts, counts = g["writes"], g["broadcasts"], g["counts_steady"]
    connections = g["connections"]
    out: dict[str, Any] = {
        "server": kind,
        "clients": clients,
        "profile": options.profile,
        "seconds": round(g["seconds"], 2),
        "connections": connections,
        "transports": g["transports"],
        "checkin_ms": g["checkin_ms"],
        "join_ack_p50_ms": g["join_ack_ms"]["p50"],
        "join_ack_p99_ms": g["join_ack_ms"]["p99"],
        "write_ack_p50_ms": writes["ack"]["p50"],
        "write_ack_p99_ms": writes["ack"]["p99"],
        "write_all_p50_ms": writes["all"]["p50"],
        "write_all_p99_ms": writes["all"]["p99"],
        "write_all_max_ms": writes["all"]["max"],
        "public_all_p99_ms": broadcasts["all"]["p99"],
        "public_pair_p99_ms": broadcasts["pair"]["p99"],
        "delivery_ratio": _ratio(
            writes["delivered_pairs"] + broadcasts["delivered_pairs"],
            writes["expected_pairs"] + broadcasts["expected_pairs"],
        ),
        "write_delivery_ratio": _ratio(writes["delivered_pairs"], writes["expected_pairs"]),
        "public_delivery_ratio": _ratio(
            broadcasts["delivered_pairs"], broadcasts["expected_pairs"]
        ),
        "duplicates": counts["duplicates"] + counts["afterSync"],
        "duplicates_live": counts["duplicates"],
        "duplicates_after_sync": counts["afterSync"],
        "gap_syncs": counts["gapSyncs"],
        "heartbeat_syncs": counts["heartbeatSyncs"],
        "resets": counts["resets"],
        "server_cpu_pct": round(100 * (end["cpu"] - start["cpu"]) / wall, 1),
        "server_waited_pct": round(100 * (end["waited"] - start["waited"]) / wall, 1),
        **_others(start, end, wall, g["generator_cpu_pct"]),
        "rss_base_bytes": base_rss,
        "rss_end_bytes": end["rss"],
        "rss_per_connection_bytes": round((end["rss"] - base_rss) / connections),
        **_gc(start["gc"], end["gc"]),
        "writes_sent": g["writes_sent"],
        "writes_unacked": writes["unacked"],
        "writes_skipped": g["writes_skipped"],
        "broadcasts_sent": broadcasts["broadcasts"],
        "refused": g["refused"],
        "checkin_failed": g["checkin_failed"],
        "unexpected_drops": g["unexpected_drops"],
        "drop_reasons": g["drop_reasons"],
        "generator_cpu_pct": g["generator_cpu_pct"],
        "generator_cpu_checkin_pct": g["generator_cpu_checkin_pct"],
        "event_bytes": g["event_bytes"],
    }
    out.update(_storm(g, at))
    reasons = invalid_reasons(out, clients)
    return {**out, "valid": not reasons, "invalid_reasons": reasons}


def _gc(start: list[dict[str, Any]] | None, end: list[dict[str, Any]] | None) -> dict[str, Any]:
    """Collections in the steady state; the longest pause and those over 20 ms, whole run."""
    if start is None or end is None:
        return {"gc_count": None, "gc_max_ms": None, "gc_over_20ms": None}
    return {
        "gc_count": sum(e["count"] for e in end) - sum(s["count"] for s in start),
        "gc_max_ms": max(e["max_ms"] for e in end),
        "gc_over_20ms": sum(e["over_20ms"] for e in end),
    }


def _others(
    start: dict[str, Any], end: dict[str, Any], wall: float, generator_pct: float
) -> dict[str, Any]:
    """CPU other processes took on each pinned core in the steady state (% of the core)."""
    if start["cores"] is None or end["cores"] is None:
        return {"server_core_other_pct": None, "generator_core_other_pct": None}
    busy = [100 * (b - a) / wall for a, b in zip(start["cores"], end["cores"], strict=True)]
    server = 100 * (end["cpu"] - start["cpu"]) / wall
    return {
        "server_core_other_pct": round(max(0.0, busy[0] - server), 1),
        "generator_core_other_pct": round(max(0.0, busy[1] - generator_pct), 1),
    }


def _storm(g: dict[str, Any], at: dict[str, dict[str, Any]]) -> dict[str, Any]:
    storm = g.get("storm")
    if storm is None:
        return {}
    start, end = at["storm-start"], at["storm-end"]
    written = None
    if start["written"] is not None and end["written"] is not None:
        written = end["written"] - start["written"] - (end["log"] - start["log"])
    return {
        "storm_ms": None if storm["ms"] is None else round(storm["ms"], 1),
        "storm_back": storm["back"],
        "storm_participants": storm["participants"],
        "storm_server_bytes": written if written is not None else storm["client_bytes"],
        "storm_bytes_source": "wchar" if written is not None else "client frames",
        "storm_client_bytes": storm["client_bytes"],
        "storm_duplicates": g["counts_storm"]["duplicates"] + g["counts_storm"]["afterSync"],
        "generator_cpu_storm_pct": g["generator_cpu_storm_pct"],
    }


def invalid_reasons(out: dict[str, Any], clients: int) -> list[str]:
    """Why this run cannot be taken as the server's figure (empty: valid)."""
    reasons = []
    if out["generator_cpu_pct"] > GENERATOR_CPU_LIMIT_PCT:
        reasons.append(
            f"load generator at {out['generator_cpu_pct']:.0f} % CPU in steady state "
            f"(limit {GENERATOR_CPU_LIMIT_PCT:.0f} %)"
        )
    other = out.get("server_core_other_pct")
    if other is not None and other > OTHER_LOAD_LIMIT_PCT:
        reasons.append(
            f"other processes took {other:.0f} % of the server's core "
            f"(limit {OTHER_LOAD_LIMIT_PCT:.0f} %): {NOT_QUIET}"
        )
    if out["unexpected_drops"]:
        reasons.append(f"{out['unexpected_drops']} connections dropped unexpectedly")
    if out["checkin_failed"]:
        reasons.append(f"{out['checkin_failed']} of {clients} participants could not check in")
    return reasons
