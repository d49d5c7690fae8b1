"""Opt-in runtime diagnostics for the meeting benchmark: how often and how long the garbage
collector stopped the process, served as JSON at `GET /debug/metrics`.

Off unless `ROUNDTABLE_DIAGNOSTICS=1`: then nothing is installed and no route exists, so a
production server neither pays for the callback nor exposes the endpoint. The Node reference
server of `bench/` serves the same JSON shape from its own collector's entries."""

import gc
import os
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

ENABLED_ENV = "ROUNDTABLE_DIAGNOSTICS"
SLOW_PAUSE_MS = 20.0  # the benchmark's target: no collection may stop the process longer


@dataclass
class Pauses:
    """Count, longest and total pause, and pauses over SLOW_PAUSE_MS."""

    count: int = 0
    max_ms: float = 0.0
    total_ms: float = 0.0
    over_20ms: int = 0

    def add(self, ms: float) -> None:
        self.count += 1
        self.max_ms = max(self.max_ms, ms)
        self.total_ms += ms
        self.over_20ms += ms > SLOW_PAUSE_MS

    def as_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "max_ms": round(self.max_ms, 3),
            "total_ms": round(self.total_ms, 3),
            "over_20ms": self.over_20ms,
        }


@dataclass
class GcTimer:
    """Times every collection through `gc.callbacks` (a start and a stop call for each)."""

    overall: Pauses = field(default_factory=Pauses)
    by_generation: dict[int, Pauses] = field(default_factory=dict)
    cpu: Pauses = field(default_factory=Pauses)
    """The same collections in the thread's CPU time: on a busy machine a collection's wall
    time includes whatever else ran meanwhile; its CPU time is the collector's own work."""
    started: tuple[float, float] | None = None

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self.started = (time.perf_counter(), time.thread_time())
            return
        if self.started is None:
            return
        ms = (time.perf_counter() - self.started[0]) * 1000
        cpu_ms = (time.thread_time() - self.started[1]) * 1000
        self.started = None
        self.overall.add(ms)
        self.cpu.add(cpu_ms)
        self.by_generation.setdefault(int(info.get("generation", -1)), Pauses()).add(ms)

    def as_json(self) -> dict[str, Any]:
        return {
            **self.overall.as_json(),
            "cpu": self.cpu.as_json(),
            "by_kind": {f"gen{g}": p.as_json() for g, p in sorted(self.by_generation.items())},
        }


def routes() -> list[Route]:
    """The metrics route, with its collector installed; nothing unless the variable is set."""
    if os.environ.get(ENABLED_ENV) != "1":
        return []
    timer = GcTimer()
    gc.callbacks.append(timer)

    async def metrics(_: Request) -> Response:
        return JSONResponse({"runtime": "python", "pid": os.getpid(), "gc": timer.as_json()})

    return [Route("/debug/metrics", metrics)]
