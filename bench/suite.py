"""The meeting benchmark across sizes and servers, in one go: for each N, Roundtable then the
reference, one after the other on the same core, so both are measured in the same window."""

import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from . import report
from .meeting import GENERATOR_CPU_LIMIT_PCT, NOT_QUIET, Options, run_one
from .targets import ROOT

OUT_DIR = ROOT / "var" / "bench"
SERVERS = ("roundtable", "reference")
ATTEMPTS = 2  # tests of other checkouts come and go: a second try usually finds a quiet core


def _quiet_run(kind: str, n: int, options: Options, workdir: Path, attempts: int) -> dict[str, Any]:
    """A run spoiled only by other work on the machine is tried again, up to `attempts` times."""
    for attempt in range(1, attempts + 1):
        run = run_one(kind, n, options, workdir)
        run["attempt"] = attempt
        reasons = run.get("invalid_reasons", [])
        if not reasons or not all(NOT_QUIET in reason for reason in reasons):
            break
    return run


def run_suite(
    clients: list[int],
    options: Options,
    servers: tuple[str, ...] = SERVERS,
    out_dir: Path = OUT_DIR,
    attempts: int = ATTEMPTS,
) -> dict[str, Any]:
    """Run every (N, server), write `latest.json` and `latest.md` into out_dir, return the JSON."""
    started = time.time()
    runs = []
    for n in clients:
        for kind in servers:
            workdir = out_dir / "runs" / f"{kind}-{n}"
            runs.append(_quiet_run(kind, n, options, workdir, attempts))
    document = {
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "duration_s": round(time.time() - started, 1),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "options": {**options.__dict__, "clients": clients, "servers": list(servers)},
        "generator_cpu_limit_pct": GENERATOR_CPU_LIMIT_PCT,
        "runs": runs,
        "ratios": {
            str(n): {
                key: report.ratio(*(r.get(key) if r else None for r in report._pair(runs, n)))
                for _, key, _ in report.METRICS
            }
            for n in clients
        },
        "targets": report.targets(runs),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "latest.json").write_text(json.dumps(document, indent=2) + "\n")
    header = (
        f"## Meeting benchmark ({options.seconds:g} s steady state, page profile "
        f"{options.profile}, {document['duration_s']:.0f} s in all)"
    )
    (out_dir / "latest.md").write_text(report.markdown(runs, header))
    return document
