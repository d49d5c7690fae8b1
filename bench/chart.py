"""The benchmark's chart: p99 latencies and server CPU against N, for both servers."""

from pathlib import Path
from typing import Any

SERIES = [
    ("write_all_p99_ms", "write to every subscriber p99"),
    ("public_all_p99_ms", "public change to all p99"),
]
COLOURS = {"roundtable": "tab:red", "reference": "tab:blue"}


def draw(runs: list[dict[str, Any]], path: Path) -> None:
    import matplotlib  # the `bench` extra: only `make bench` draws

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (latency, cpu) = plt.subplots(1, 2, figsize=(11, 4.5))
    for server, colour in COLOURS.items():
        mine = sorted((r for r in runs if r["server"] == server), key=lambda r: r["clients"])
        sizes = [r["clients"] for r in mine]
        for (key, label), style in zip(SERIES, ("-o", "--s"), strict=True):
            values = [r.get(key) for r in mine]
            latency.plot(sizes, values, style, color=colour, label=f"{server}: {label}")
        cpu.plot(sizes, [r.get("server_cpu_pct") for r in mine], "-o", color=colour, label=server)
    latency.set(title="Latency p99", xlabel="participants (N)", ylabel="ms", yscale="log")
    cpu.set(title="Server CPU in steady state", xlabel="participants (N)", ylabel="% of one core")
    for axes in (latency, cpu):
        axes.grid(True, alpha=0.3)
        axes.legend(fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="svg")
    plt.close(figure)
