"""A child process the cluster owns: started in a session of its own, with its output in a log
file, stopped (SIGTERM, then SIGKILL to its whole process group) or killed."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

LOOPBACK = "127.0.0.1"
STOP_TIMEOUT_SECS = 10.0  # uvicorn closes its sockets, Redis fsyncs its AOF: well under this
POLL_SECS = 0.05
PROBE_TIMEOUT_SECS = 1.0


def free_port() -> int:
    """A loopback port nobody listens on now (the OS's pick)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


class Child:
    def __init__(
        self,
        name: str,
        command: Sequence[str],
        log_path: Path,
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.name = name
        self.command = list(command)
        self.log_path = log_path
        self.env = dict(env) if env is not None else None
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError(f"{self.name} was never started")
        return self.process.pid

    def start(self) -> "Child":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own arguments, no shell)
                self.command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.cwd,
                # Its own session: a terminal's Ctrl-C reaches only our CLI, which then stops
                # the children in order (nginx, the nodes, Redis last), and a process group to
                # kill whole (nginx's workers) if one does not stop.
                start_new_session=True,
            )
        return self

    def exited(self) -> int | None:
        """Its exit status once it has exited; None while it runs (or before it started)."""
        return None if self.process is None else self.process.poll()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group: no shutdown runs, as when a machine loses power."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=STOP_TIMEOUT_SECS)

    def stop(self) -> None:
        """SIGTERM, and SIGKILL if it has not exited within STOP_TIMEOUT_SECS."""
        self.terminate()
        self.wait_or_kill()

    def terminate(self) -> None:
        """SIGTERM, without waiting: stop several at once, then `wait_or_kill` each."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def wait_or_kill(self) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=STOP_TIMEOUT_SECS)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_tail(self, lines: int = 20) -> str:
        if not self.log_path.exists():
            return "(no output)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def wait_until(ready: Callable[[], bool], child: Child, timeout_secs: float) -> None:
    """Until `ready()`; RuntimeError (with the child's output) if it exits or time runs out."""
    deadline = time.monotonic() + timeout_secs
    while time.monotonic() < deadline:
        if child.exited() is not None:
            raise RuntimeError(f"{child.name} exited at start-up:\n{child.log_tail()}")
        if ready():
            return
        time.sleep(POLL_SECS)
    raise RuntimeError(f"{child.name} did not start in {timeout_secs:.0f} s:\n{child.log_tail()}")


def answers(url: str) -> bool:
    """True once `url` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=PROBE_TIMEOUT_SECS) as response:  # noqa: S310
            return bool(response.status == 200)
    except OSError:
        return False
