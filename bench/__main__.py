"""`make bench`: the numbers the product's performance targets are judged by.

The meeting benchmark (Roundtable beside a minimal Node socket.io reference, N participants
driven by one load generator), then commit throughput and page weight."""

import argparse
from pathlib import Path

from . import chart, page_weight, throughput
from .meeting import Options
from .suite import OUT_DIR, SERVERS, run_suite
from .targets import ROOT


def _sizes(text: str) -> list[int]:
    return [int(n) for n in text.split(",") if n.strip()]


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--clients",
        type=_sizes,
        default=[500, 1000, 2000],
        help="participant counts, comma-separated (default 500,1000,2000)",
    )
    parser.add_argument("--seconds", type=float, default=30, help="steady state per run")
    parser.add_argument(
        "--profile",
        choices=("v1", "v2"),
        default="v2",
        help="the pages' liveness (bench/node/loadgen/profile.js)",
    )
    parser.add_argument(
        "--servers", default=",".join(SERVERS), help="roundtable,reference (default both)"
    )
    parser.add_argument("--no-storm", action="store_true", help="skip the reconnect storm")
    parser.add_argument(
        "--meeting-only", action="store_true", help="skip commit throughput and page weight"
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where latest.* are written")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    options = Options(seconds=args.seconds, profile=args.profile, storm=not args.no_storm)
    servers = tuple(s for s in args.servers.split(",") if s)
    document = run_suite(args.clients, options, servers, args.out)
    print((args.out / "latest.md").read_text(), flush=True)
    chart.draw(document["runs"], args.out / "latest.svg")
    shown = args.out.resolve()
    shown = shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown
    print(f"JSON, table and chart: {shown}/latest.json, latest.md, latest.svg\n", flush=True)
    if args.meeting_only:
        return
    print("Commit throughput")
    print("\n".join(throughput.report()), flush=True)
    print("Page weight, first visit (target: under 150 KB transferred)")
    print("\n".join(page_weight.report()), flush=True)


if __name__ == "__main__":
    main()
