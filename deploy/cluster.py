"""Several Roundtable processes ("nodes") sharing one Redis, behind nginx, on this machine:
what `make run-cluster` starts, and what the tests and the benchmarks start the same way.

    with Cluster(directory, redis_url).start(processes=2) as cluster:
        ...  # browse cluster.url; cluster.node_urls reach each node directly

Redis is the caller's (deploy/redis.py starts one for `make run-cluster`, the tests their own):
it is the one thing the nodes share, and it must outlive them."""

import os
import sys
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from types import TracebackType

from .nginx import Nginx, Node, render, worker_user
from .processes import LOOPBACK, Child, answers, free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_SECS = 30.0  # cold starts of several nodes share the cores: seconds each


class Cluster:
    def __init__(
        self,
        directory: Path,
        redis_url: str,
        *,
        host: str = LOOPBACK,
        port: int | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        """Nodes' logs go to `directory`/cluster, nginx's prefix is `directory`/nginx. nginx
        listens on `host`:`port` (a free port by default); `env` is added to the nodes'."""
        self.directory = directory.resolve()
        self.redis_url = redis_url
        self.host = host
        self.port = port or free_port()
        self.env = dict(env or {})
        self.nginx = Nginx(self.directory / "nginx")
        self.nodes: list[Child] = []
        self.node_ports: list[int] = []

    @property
    def url(self) -> str:
        """Through nginx, as a browser would come."""
        return f"http://{self.host}:{self.port}"

    @property
    def node_urls(self) -> list[str]:
        """Each node directly, bypassing nginx; node n is at index n - 1."""
        return [f"http://{LOOPBACK}:{port}" for port in self.node_ports]

    @property
    def pids(self) -> list[int]:
        """The nodes' process ids; node n at index n - 1."""
        return [node.pid for node in self.nodes]

    def start(self, processes: int = 2) -> "Cluster":
        """Start `processes` nodes, then nginx in front; return once nginx answers through to
        a node. Anything started is stopped again if one part fails to start."""
        if processes < 1:
            raise ValueError("a cluster needs at least one process")
        try:
            for number in range(1, processes + 1):
                self._start_node(number)
            for node, url in zip(self.nodes, self.node_urls, strict=True):
                wait_until(partial(answers, f"{url}/healthz"), node, START_TIMEOUT_SECS)
            self._start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_node(self, number: int) -> None:
        port = free_port()
        env = {
            **os.environ,
            **self.env,
            "HOST": LOOPBACK,
            "PORT": str(port),
            "ROUNDTABLE_STORE": self.redis_url,
            "ROUNDTABLE_NODE": str(number),
        }
        log = self.directory / "cluster" / f"node-{number}.log"
        node = Child(f"node {number}", [sys.executable, "-m", "server"], log, env=env, cwd=ROOT)
        self.nodes.append(node.start())
        self.node_ports.append(port)

    def _start_nginx(self) -> None:
        nodes = [
            Node(str(number), f"{LOOPBACK}:{port}")
            for number, port in enumerate(self.node_ports, start=1)
        ]
        self.nginx.write(render(nodes, f"{self.host}:{self.port}", user=worker_user()))
        self.nginx.test()
        self.nginx.child.start()
        probe = f"http://{self._probe_host()}:{self.port}/healthz"
        wait_until(partial(answers, probe), self.nginx.child, START_TIMEOUT_SECS)

    def _probe_host(self) -> str:
        return LOOPBACK if self.host in ("0.0.0.0", "") else self.host  # noqa: S104

    def kill(self, number: int) -> None:
        """SIGKILL node `number` (1-based, its ROUNDTABLE_NODE): no shutdown hook runs."""
        self.nodes[number - 1].kill()

    def restart(self, number: int) -> None:
        """Start node `number` again, on its port, after `kill` or a crash; return once it
        answers. nginx sends it its browsers again once it has seen it answer."""
        node = self.nodes[number - 1]
        node.stop()
        node.start()
        url = self.node_urls[number - 1]
        wait_until(partial(answers, f"{url}/healthz"), node, START_TIMEOUT_SECS)

    def exited(self) -> list[str]:
        """The parts (nginx, node n) that have exited, whoever stopped them."""
        parts = [self.nginx.child, *self.nodes]
        return [part.name for part in parts if part.process and part.exited() is not None]

    def stop(self) -> None:
        """nginx first (no new requests reach a stopping node), then every node at once."""
        self.nginx.child.stop()
        for node in self.nodes:
            node.terminate()
        for node in self.nodes:
            node.wait_or_kill()

    def __enter__(self) -> "Cluster":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
