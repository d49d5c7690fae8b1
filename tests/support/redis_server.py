"""A real redis-server for tests: found on PATH, on a free loopback port, with its data in a
directory the test owns; started, stopped, killed (SIGKILL), paused (SIGSTOP, a server that
accepts connections but never answers) and restarted on the same directory and port. Never
the shared Redis on 6379."""

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

import redis

from .live_server import free_port

LOOPBACK = "127.0.0.1"
START_TIMEOUT_SECS = 10.0  # an empty server starts in milliseconds; replaying an AOF, longer
STOP_TIMEOUT_SECS = 10.0  # a graceful shutdown fsyncs the AOF first
PING_TIMEOUT_SECS = 0.5


class RedisServer:
    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.directory = directory
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._settings: dict[str, str] = {}

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    @property
    def log_path(self) -> Path:
        return self.directory / "redis.log"

    def start(self, appendonly: bool = True, appendfsync: str = "always") -> "RedisServer":
        """Durable by default: an append-only file fsynced on every write."""
        self._settings = {"appendonly": "yes" if appendonly else "no", "appendfsync": appendfsync}
        return self._launch()

    def restart(self) -> "RedisServer":
        """Start again on the same directory, port and options (after `kill` or `stop`)."""
        self.stop()
        return self._launch()

    def _launch(self) -> "RedisServer":
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("redis-server is not on PATH: `make system` installs it")
        self.directory.mkdir(parents=True, exist_ok=True)
        settings = {
            "port": str(self.port),
            "bind": LOOPBACK,
            "dir": str(self.directory),
            "save": "",  # no RDB snapshots: what survives a kill is what the AOF holds
            "daemonize": "no",
            "logfile": str(self.log_path),
            **self._settings,
        }
        arguments = [part for name, value in settings.items() for part in (f"--{name}", value)]
        self.process = subprocess.Popen(
            [executable, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + START_TIMEOUT_SECS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited at start-up:\n{self._log()}")
            if self.ping():
                return self
            time.sleep(0.02)
        self.kill()
        raise RuntimeError(f"redis-server did not start:\n{self._log()}")

    def ping(self) -> bool:
        """True once the server answers PONG (not while it is loading its AOF)."""
        try:
            with socket.create_connection((LOOPBACK, self.port), PING_TIMEOUT_SECS) as link:
                link.sendall(b"PING\r\n")
                return link.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def client(self) -> redis.Redis:
        """A plain synchronous client, for set-up and inspection; use it in a `with`."""
        return redis.Redis(host=LOOPBACK, port=self.port, socket_timeout=STOP_TIMEOUT_SECS)

    def flush(self) -> None:
        """Empty every database: each test starts from a blank server."""
        with self.client() as client:
            client.flushall()

    def kill(self) -> None:
        """SIGKILL: no shutdown, no final fsync; what survives is what was fsynced."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a paused server must still die
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT_SECS)

    def pause(self) -> None:
        """SIGSTOP: connections still open at the kernel, but nothing is ever answered."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGCONT)
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT_SECS)
        except subprocess.TimeoutExpired:
            self.kill()

    def _log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else "(no log)"

    def __enter__(self) -> "RedisServer":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
