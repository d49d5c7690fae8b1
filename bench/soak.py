"""`make bench-soak`: Roundtable alone at N = 2,000 for 10 minutes (`--minutes` to shorten):
is memory flat, does no collection stop it over 20 ms, is the p99 steady minute to minute?"""

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from . import procstats
from .loadgen import run_generator
from .meeting import GENERATOR_CPU_LIMIT_PCT, Sampler
from .suite import OUT_DIR
from .targets import roundtable

RSS_EVERY_SECS = 10
RSS_TOLERANCE = 0.05  # flat: every sample after the warm-up within 5 % of the first one
WARM_UP_SECS = 60  # caches, pools and the first collections settle in the first minute
SLOW_PAUSE_MS = 20.0
P99_SPREAD = 2.0  # stable: no minute's p99 over twice the median minute's


def soak(clients: int, minutes: float, profile: str, out_dir: Path) -> dict[str, Any]:
    workdir = out_dir / "runs" / f"soak-{clients}"
    shutil.rmtree(workdir, ignore_errors=True)  # a fresh store: no session of an earlier run
    workdir.mkdir(parents=True)
    server = roundtable(workdir).start()
    rss: list[tuple[float, int]] = []
    per_minute: list[dict[str, Any]] = []
    try:
        session = server.open_session(f"Soak, {clients} participants")
        sampler = Sampler(server)
        due = [float("inf")]

        def mark(name: str) -> None:
            sampler(name)
            due[0] = time.monotonic() if name == "steady-start" else float("inf")

        def idle() -> None:
            if time.monotonic() >= due[0]:
                since = time.monotonic() - sampler.at["steady-start"]["wall"]
                rss.append((round(since, 1), procstats.rss_bytes(server.pids)))
                due[0] += RSS_EVERY_SECS

        config = {
            "url": server.url,
            "code": session.code,
            "moderatorToken": session.moderator_token,
            "clients": clients,
            "seconds": minutes * 60,
            "minutes": minutes,
            "profile": profile,
            "storm": False,
            "handshake": True,
        }
        result = run_generator(config, mark, per_minute.append, idle)
    finally:
        server.stop()
    gc_start, gc_end = sampler.at["steady-start"]["gc"], sampler.at["steady-end"]["gc"]
    return verdict(
        clients, minutes, rss, per_minute, gc_start and gc_start[0], gc_end and gc_end[0], result
    )


def verdict(
    clients: int,
    minutes: float,
    rss: list[tuple[float, int]],
    per_minute: list[dict[str, Any]],
    gc_start: dict[str, Any] | None,
    gc_end: dict[str, Any] | None,
    result: dict[str, Any],
) -> dict[str, Any]:
    settled = [b for t, b in rss if t >= min(WARM_UP_SECS, minutes * 30)] or [b for _, b in rss]
    drift = max(abs(b / settled[0] - 1) for b in settled) if settled else None
    p99s = [m["write_all_p99_ms"] for m in per_minute]
    known = [p for p in p99s if p is not None]
    median = statistics.median(known) if known else None
    # None: the server was too far behind to answer /debug/metrics, which fails the check
    slow = gc_end["over_20ms"] - gc_start["over_20ms"] if gc_start and gc_end else None
    checks = {
        "rss_flat": drift is not None and drift <= RSS_TOLERANCE,
        "no_gc_pause_over_20ms": slow == 0,
        "p99_stable": bool(known) and len(known) == len(p99s)
        and max(known) <= P99_SPREAD * (median or 0),
    }  # fmt: skip
    return {
        "clients": clients,
        "minutes": minutes,
        "checks": checks,
        "passed": all(checks.values()),
        "rss_samples": [{"t_s": t, "rss_bytes": b} for t, b in rss],
        "rss_drift": None if drift is None else round(drift, 4),
        "per_minute": per_minute,
        "p99_median_ms": median,
        "gc_pauses_over_20ms": slow,
        "gc_count": gc_end["count"] - gc_start["count"] if gc_start and gc_end else None,
        "gc_max_ms_whole_run": gc_end["max_ms"] if gc_end else None,
        "unexpected_drops": result["unexpected_drops"],
        "generator_cpu_pct": result["generator_cpu_pct"],
        "valid": result["unexpected_drops"] == 0
        and result["generator_cpu_pct"] <= GENERATOR_CPU_LIMIT_PCT,
        "delivery": result["writes"],
    }


def lines(report: dict[str, Any]) -> list[str]:
    word = lambda ok: "PASS" if ok else "FAIL"  # noqa: E731
    c = report["checks"]
    drift = report["rss_drift"]
    p99s = ", ".join(str(m["write_all_p99_ms"]) for m in report["per_minute"])
    return [
        f"Soak: Roundtable, {report['clients']} participants, {report['minutes']:g} min",
        f"  {word(c['rss_flat'])}  RSS flat within ±5 % after warm-up: drift "
        f"{'n/a' if drift is None else f'{drift * 100:.1f} %'}",
        f"  {word(c['no_gc_pause_over_20ms'])}  no GC pause over 20 ms in steady state: "
        + (
            "unknown, /debug/metrics did not answer"
            if report["gc_max_ms_whole_run"] is None
            else f"{report['gc_pauses_over_20ms']} (longest in the whole run "
            f"{report['gc_max_ms_whole_run']:.1f} ms)"
        ),
        f"  {word(c['p99_stable'])}  write-to-every-subscriber p99 stable per minute (ms): {p99s}",
        f"  (run {'valid' if report['valid'] else 'INVALID'}: {report['unexpected_drops']} "
        f"unexpected drops, load generator at {report['generator_cpu_pct']:.0f} % CPU)",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--profile", choices=("v1", "v2"), default="v2")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    report = soak(args.clients, args.minutes, args.profile, args.out)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "soak.json").write_text(json.dumps(report, indent=2) + "\n")
    print("\n".join(lines(report)), flush=True)
    sys.exit(0 if report["passed"] else 1)


if __name__ == "__main__":
    main()
