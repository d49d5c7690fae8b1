"""The server under test: where to reach it, which processes to account for, how to open a
session. One Roundtable process or the Node reference today; a later `--cluster N` (several
uvicorn processes behind nginx, sharing Redis) is another builder returning the same thing."""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / "bench" / "node"
SERVER_CORE = 0  # the server(s) under test; the load generator gets the other core
GENERATOR_CORE = 1
PRIORITY_NICE = -10  # both servers and the generator alike: about 10x a default process's share
START_TIMEOUT_SECS = 30
METRICS_TIMEOUT_SECS = 120  # an overloaded server answers plain HTTP late, behind its backlog
STOP_TIMEOUT_SECS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pinning() -> bool:
    """Whether the server and the generator each get a core of their own (taskset, 2+ cores)."""
    return bool(shutil.which("taskset")) and (os.cpu_count() or 1) > GENERATOR_CORE


def pinned(command: Sequence[str], core: int) -> list[str]:
    """`taskset -c CORE command` where pinning() holds; as root also at a raised priority, so
    that whatever else runs on the machine (tests of other checkouts) takes less of the core."""
    prefix = ["nice", "-n", str(PRIORITY_NICE)] if os.geteuid() == 0 else []
    return [*prefix, "taskset", "-c", str(core), *command] if pinning() else list(command)


@dataclass(frozen=True)
class Session:
    code: str
    moderator_token: str


@dataclass
class Process:
    """One server process, started pinned, its output in a log file."""

    command: list[str]
    env: dict[str, str]
    log_path: Path
    popen: "subprocess.Popen[bytes] | None" = None

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(
                pinned(self.command, SERVER_CORE),
                cwd=ROOT,
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=STOP_TIMEOUT_SECS)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=STOP_TIMEOUT_SECS)


@dataclass
class ServerUnderTest:
    name: str
    url: str
    processes: list[Process]
    metrics_urls: list[str] = field(default_factory=list)
    operator_key: str | None = None
    """What creating a session takes (`Authorization: Bearer`), when the server asks for one."""

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def log_bytes(self) -> int:
        """What the processes wrote to their own logs: not traffic, so taken out of `wchar`."""
        return sum(p.log_path.stat().st_size for p in self.processes if p.log_path.exists())

    def start(self) -> "ServerUnderTest":
        for process in self.processes:
            process.start()
        deadline = time.monotonic() + START_TIMEOUT_SECS
        while time.monotonic() < deadline:
            if not all(p.alive() for p in self.processes):
                break
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        logs = "\n".join(p.log_path.read_text(errors="replace")[-2000:] for p in self.processes)
        raise RuntimeError(f"{self.name} did not start:\n{logs}")

    def stop(self) -> None:
        for process in self.processes:
            process.stop()

    def open_session(self, title: str) -> Session:
        """`POST /api/sessions`, the public API the moderator page uses."""
        headers = {"Content-Type": "application/json"}
        key = self.operator_key
        if key:
            headers["Authorization"] = f"Bearer {key}"
        request = urllib.request.Request(
            f"{self.url}/api/sessions",
            data=json.dumps({"title": title}).encode(),
            headers=headers,
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            body: dict[str, Any] = json.loads(answer.read())
        return Session(code=body["code"], moderator_token=body["moderator_token"])

    def metrics(self) -> list[dict[str, Any]]:
        """Each process's `/debug/metrics` (its GC pauses)."""
        answers = []
        for url in self.metrics_urls:
            with urllib.request.urlopen(url, timeout=METRICS_TIMEOUT_SECS) as answer:
                answers.append(json.loads(answer.read()))
        return answers


def roundtable(workdir: Path) -> ServerUnderTest:
    """One Roundtable process on the embedded SQLite store, diagnostics on."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    key = secrets.token_urlsafe(24)
    env = {
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "ROUNDTABLE_STORE": f"sqlite:///{workdir / 'roundtable.db'}",
        "ROUNDTABLE_DIAGNOSTICS": "1",
        "ROUNDTABLE_OPERATOR_KEY": key,
    }
    process = Process([sys.executable, "-m", "server"], env, workdir / "roundtable.log")
    return ServerUnderTest("roundtable", url, [process], [f"{url}/debug/metrics"], key)


def reference(workdir: Path) -> ServerUnderTest:
    """The minimal Node socket.io server of bench/node/reference."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"HOST": "127.0.0.1", "PORT": str(port), "REFERENCE_DATA_DIR": str(workdir)}
    command = ["node", str(NODE_DIR / "reference" / "main.js")]
    process = Process(command, env, workdir / "reference.log")
    return ServerUnderTest("reference", url, [process], [f"{url}/debug/metrics"])


BUILDERS = {"roundtable": roundtable, "reference": reference}
