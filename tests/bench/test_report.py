"""How the meeting benchmark judges and shows a run: the validity rule and the ratio table."""

from typing import Any

from bench import report
from bench.meeting import invalid_reasons


def _run(server: str, **figures: Any) -> dict[str, Any]:
    base = {
        "server": server,
        "clients": 500,
        "generator_cpu_pct": 30.0,
        "unexpected_drops": 0,
        "checkin_failed": 0,
        "server_core_other_pct": 2.0,
        "write_all_p99_ms": 40.0,
    }
    run = {**base, **figures}
    run["invalid_reasons"] = invalid_reasons(run, 500)
    run["valid"] = not run["invalid_reasons"]
    return run


def test_a_quiet_run_with_an_idle_generator_is_valid() -> None:
    assert _run("roundtable")["valid"]


def test_a_busy_generator_drops_or_a_busy_machine_make_a_run_invalid() -> None:
    # Given runs spoiled each in one way, Then each says why
    def why(**figures: Any) -> str:
        return "; ".join(_run("roundtable", **figures)["invalid_reasons"])

    assert "load generator at 85 %" in why(generator_cpu_pct=85.0)
    assert "dropped unexpectedly" in why(unexpected_drops=3)
    assert "not quiet" in why(server_core_other_pct=40.0)


def test_the_table_puts_both_servers_and_their_ratio_side_by_side() -> None:
    # Given Roundtable at twice the reference's p99, and an invalid reference run
    runs = [
        _run("roundtable", write_all_p99_ms=80.0),
        _run("reference", write_all_p99_ms=40.0, unexpected_drops=1),
    ]
    # When the table is drawn
    text = report.markdown(runs, "## Bench")
    # Then the row shows both figures and the ratio, and the invalid run is flagged twice
    assert "| write to every subscriber p99 (ms) | 80.0 | 40.0 | 2.00× |" in text
    assert "N=500 reference (INVALID)" in text
    assert "INVALID RUN: reference at N=500: 1 connections dropped unexpectedly" in text
