"""Run the Node load generator (bench/node/loadgen) pinned to its own core, and take part in
its handshake: at each phase mark it waits until we have sampled the server."""

import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable
from typing import IO, Any

from .targets import GENERATOR_CORE, NODE_DIR, pinned

Marked = Callable[[str], None]
Line = Callable[[dict[str, Any]], None]
IDLE_SECS = 1.0  # how often `idle` runs while the generator works (the soak samples RSS there)


class GeneratorFailed(RuntimeError):
    pass


def _pump(stream: IO[bytes], lines: "queue.Queue[bytes | None]") -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def run_generator(
    config: dict[str, Any],
    on_mark: Marked,
    on_line: Line | None = None,
    idle: Callable[[], None] | None = None,
    timeout_secs: float = 1800,
) -> dict[str, Any]:
    """Drive one meeting; returns the generator's result. Progress goes to our stderr."""
    command = pinned(["node", str(NODE_DIR / "loadgen" / "main.js"), json.dumps(config)],
                     GENERATOR_CORE)  # fmt: skip
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdin is not None and process.stdout is not None
    lines: queue.Queue[bytes | None] = queue.Queue()
    pump = threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True)
    pump.start()
    deadline = time.monotonic() + timeout_secs
    result: dict[str, Any] | None = None
    error = "the generator ended without a result"
    try:
        while time.monotonic() < deadline:
            try:
                raw = lines.get(timeout=IDLE_SECS)
            except queue.Empty:
                if idle:
                    idle()
                continue
            if raw is None:
                break
            message = json.loads(raw)
            if "mark" in message:
                on_mark(message["mark"])
                process.stdin.write(b"go\n")
                process.stdin.flush()
            elif "result" in message:
                result = message["result"]
            elif "error" in message:
                error = message["error"]
            elif on_line:
                on_line(message)
        else:
            error = f"the generator did not finish in {timeout_secs:.0f} s"
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        pump.join(timeout=5)  # it reads to the end of the pipe, which the exit closed
        process.stdin.close()
        process.stdout.close()
    if result is None:
        raise GeneratorFailed(error)
    result["generator_pid"] = process.pid
    return result
