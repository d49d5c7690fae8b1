"""The benchmark's GC diagnostics: off by default, and when on, every collection is timed."""

import gc

import pytest

from server import diagnostics


def test_no_route_and_no_callback_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a server started without ROUNDTABLE_DIAGNOSTICS
    monkeypatch.delenv(diagnostics.ENABLED_ENV, raising=False)
    before = list(gc.callbacks)
    # When its routes are built, Then there is no metrics route and nothing is installed
    assert diagnostics.routes() == []
    assert gc.callbacks == before


def test_every_collection_is_counted_with_its_generation() -> None:
    # Given a timer installed as a gc callback
    timer = diagnostics.GcTimer()
    gc.callbacks.append(timer)
    try:
        # When two full collections run
        gc.collect()
        gc.collect()
    finally:
        gc.callbacks.remove(timer)
    # Then both are counted, under generation 2, with a pause time
    report = timer.as_json()
    assert report["count"] >= 2
    assert report["by_kind"]["gen2"]["count"] >= 2
    assert report["max_ms"] >= 0
    # and with its CPU time, which is never more than the collection's wall time (a little
    # slack for two clocks read one after the other)
    assert report["cpu"]["count"] == report["count"]
    assert report["cpu"]["max_ms"] <= report["max_ms"] + 1
    assert set(report) == {"count", "max_ms", "total_ms", "over_20ms", "cpu", "by_kind"}
