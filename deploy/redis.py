"""The Redis `make run-cluster` shares between its nodes: the one already answering on the
port, or one started here, durable (an AOF fsynced on every write, as RedisStore demands),
with its data in a directory of its own, so sessions survive a restart of the cluster."""

import shutil
import socket
from pathlib import Path

from .processes import LOOPBACK, Child, wait_until

START_TIMEOUT_SECS = 30.0  # an empty Redis starts in milliseconds; replaying a large AOF, longer
PING_TIMEOUT_SECS = 0.5


class LocalRedis:
    def __init__(self, port: int, directory: Path) -> None:
        self.port = port
        self.directory = directory.resolve()
        self.child: Child | None = None

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    @property
    def started_here(self) -> bool:
        return self.child is not None

    def ping(self) -> bool:
        """True once a Redis answers PONG on the port (not while it is loading its AOF)."""
        try:
            with socket.create_connection((LOOPBACK, self.port), PING_TIMEOUT_SECS) as link:
                link.sendall(b"PING\r\n")
                return link.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def ensure(self) -> "LocalRedis":
        """Start one unless a Redis already answers on the port (then it is left as it is:
        a node refuses to start on one that does not fsync every write, and says why)."""
        if self.ping():
            return self
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("redis-server is not installed: `make system` installs it")
        self.directory.mkdir(parents=True, exist_ok=True)
        settings = {
            "port": str(self.port),
            "bind": LOOPBACK,
            "dir": str(self.directory),
            "appendonly": "yes",
            "appendfsync": "always",
            "save": "",  # no RDB snapshots on top: the AOF is the data
            "daemonize": "no",
        }
        arguments = [part for name, value in settings.items() for part in (f"--{name}", value)]
        self.child = Child("redis", [executable, *arguments], self.directory / "redis.log")
        self.child.start()
        wait_until(self.ping, self.child, START_TIMEOUT_SECS)
        return self

    def stop(self) -> None:
        """Stop it if it was started here (SIGTERM: Redis fsyncs its AOF and exits)."""
        if self.child is not None:
            self.child.stop()
