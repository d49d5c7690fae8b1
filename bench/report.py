"""The meeting benchmark as a Markdown table: per N, Roundtable, the reference and their
ratio side by side; then the validity of each run and the targets at N = 2,000 and N = 500."""

from collections.abc import Callable
from typing import Any

Row = dict[str, Any]
Format = Callable[[Any], str]


def _num(digits: int = 0, scale: float = 1.0) -> Format:
    return lambda v: "n/a" if v is None else f"{v / scale:,.{digits}f}"


METRICS: list[tuple[str, str, Format]] = [
    ("check-in time (s)", "checkin_ms", _num(2, 1000)),
    ("join ack p50 (ms)", "join_ack_p50_ms", _num(1)),
    ("join ack p99 (ms)", "join_ack_p99_ms", _num(1)),
    ("write ack p50 (ms)", "write_ack_p50_ms", _num(1)),
    ("write ack p99 (ms)", "write_ack_p99_ms", _num(1)),
    ("write to every subscriber p50 (ms)", "write_all_p50_ms", _num(1)),
    ("write to every subscriber p99 (ms)", "write_all_p99_ms", _num(1)),
    ("write to every subscriber max (ms)", "write_all_max_ms", _num(1)),
    ("public change to all clients p99 (ms)", "public_all_p99_ms", _num(1)),
    ("writes without an ack by the end of the drain", "writes_unacked", _num()),
    ("delivery ratio", "delivery_ratio", _num(4)),
    ("duplicates", "duplicates", _num()),
    ("gap syncs", "gap_syncs", _num()),
    ("heartbeat syncs", "heartbeat_syncs", _num()),
    ("server CPU (% of a core)", "server_cpu_pct", _num(1)),
    ("RSS per connection (KB)", "rss_per_connection_bytes", _num(1, 1000)),
    ("GC pauses in steady state (count)", "gc_count", _num()),
    ("GC pause max, whole run (ms)", "gc_max_ms", _num(1)),
    ("reconnect storm: all back in sync (s)", "storm_ms", _num(2, 1000)),
    ("reconnect storm: participants back in sync", "storm_back", _num()),
    ("reconnect storm: bytes sent (MB)", "storm_server_bytes", _num(2, 1e6)),
    ("load generator CPU, steady (%)", "generator_cpu_pct", _num(0)),
    ("other processes on the server's core (%)", "server_core_other_pct", _num(0)),
    ("server waited for its core (% of the time)", "server_waited_pct", _num(1)),
]

# (label, key, N, limit, kind): kind "ratio" compares with the reference, "abs" is absolute.
TARGETS: list[tuple[str, str, int, float, str]] = [
    ("write to every subscriber p99 <= 1.5x reference", "write_all_p99_ms", 2000, 1.5, "ratio"),
    ("public change to all p99 <= 2x reference", "public_all_p99_ms", 2000, 2.0, "ratio"),
    ("write ack p99 <= 150 ms", "write_ack_p99_ms", 2000, 150, "abs"),
    ("check-in <= 1.5x reference", "checkin_ms", 2000, 1.5, "ratio"),
    ("server CPU <= 2.5x reference", "server_cpu_pct", 2000, 2.5, "ratio"),
    ("RSS per connection <= 60 KB", "rss_per_connection_bytes", 2000, 60_000, "abs"),
    ("no GC pause over 20 ms", "gc_max_ms", 2000, 20, "abs"),
    ("write to every subscriber p99 <= 40 ms", "write_all_p99_ms", 500, 40, "abs"),
]


def ratio(ours: Any, theirs: Any) -> float | None:
    if not isinstance(ours, int | float) or not isinstance(theirs, int | float) or theirs == 0:
        return None
    return float(ours) / float(theirs)


def _pair(runs: list[Row], clients: int) -> tuple[Row | None, Row | None]:
    find = lambda kind: next(  # noqa: E731
        (r for r in runs if r["server"] == kind and r["clients"] == clients), None
    )
    return find("roundtable"), find("reference")


def table(runs: list[Row]) -> str:
    sizes = sorted({r["clients"] for r in runs})
    head = ["metric"]
    for n in sizes:
        ours, theirs = _pair(runs, n)
        flag = lambda r: "" if r is None or r.get("valid") else " (INVALID)"  # noqa: E731
        head += [f"N={n} Roundtable{flag(ours)}", f"N={n} reference{flag(theirs)}", "ratio"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, key, fmt in METRICS:
        cells = [label]
        for n in sizes:
            ours, theirs = _pair(runs, n)
            a = ours.get(key) if ours else None
            b = theirs.get(key) if theirs else None
            r = ratio(a, b)
            cells += [fmt(a), fmt(b), "—" if r is None else f"{r:.2f}×"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def validity(runs: list[Row]) -> list[str]:
    lines = []
    for r in runs:
        if not r.get("valid"):
            why = "; ".join(r.get("invalid_reasons", []))
            lines.append(f"INVALID RUN: {r['server']} at N={r['clients']}: {why}")
    return lines or [
        "Every run is valid (load generator under 70 % CPU, no unexpected drops, quiet machine)."
    ]


def targets(runs: list[Row]) -> list[str]:
    lines = []
    for label, key, n, limit, kind in TARGETS:
        ours, theirs = _pair(runs, n)
        if ours is None:
            continue
        value = ours.get(key)
        if kind == "ratio":
            value = ratio(value, theirs.get(key) if theirs else None)
        if value is None:
            lines.append(f"target at N={n}: {label}: no figure")
            continue
        shown = f"{value:.2f}×" if kind == "ratio" else f"{value:,.1f}"
        verdict = "met" if value <= limit else "MISSED"
        lines.append(f"target at N={n}: {label}: {shown} ({verdict})")
    return lines


def payloads(runs: list[Row]) -> list[str]:
    """Mean event sizes at the largest N: the two servers must send the same payloads."""
    sizes = sorted({r["clients"] for r in runs})
    ours, theirs = _pair(runs, sizes[-1]) if sizes else (None, None)
    if not ours or not theirs or "event_bytes" not in ours or "event_bytes" not in theirs:
        return []
    a, b = ours["event_bytes"], theirs["event_bytes"]
    shown = ", ".join(f"{t} {a[t]:,}/{b.get(t, 0):,}" for t in sorted(a))
    return [f"Event sizes at N={sizes[-1]} (bytes of JSON, Roundtable/reference): {shown}"]


def markdown(runs: list[Row], header: str) -> str:
    parts = [header, "", table(runs), "", *validity(runs), "", *targets(runs), "",
             *payloads(runs)]  # fmt: skip
    return "\n".join(parts).rstrip() + "\n"
