"""Several real server processes sharing one real Redis (its own port and data directory,
append-only file fsynced on every write), as `ROUNDTABLE_STORE=redis://…` runs them."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.live_server import LiveServer
from tests.support.redis_server import RedisServer


@dataclass
class Processes:
    redis: RedisServer
    servers: list[LiveServer]

    @property
    def urls(self) -> list[str]:
        return [s.url for s in self.servers]


def start_processes(directory: Path, count: int) -> Processes:
    redis = RedisServer(directory / "redis").start()
    servers: list[LiveServer] = []
    try:
        for n in range(count):
            server = LiveServer(directory / f"process-{n}.db", env={"ROUNDTABLE_STORE": redis.url})
            servers.append(server.start())
    except BaseException:
        stop_processes(Processes(redis, servers))
        raise
    return Processes(redis, servers)


def stop_processes(processes: Processes) -> None:
    for server in processes.servers:
        server.stop()
    processes.redis.stop()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Processes]:
    """Three processes for a module whose tests each use their own session."""
    processes = start_processes(tmp_path_factory.mktemp("cluster"), 3)
    try:
        yield processes
    finally:
        stop_processes(processes)


@pytest.fixture
def own(tmp_path: Path) -> Iterator[Processes]:
    """Three processes for one test that kills one of them, or Redis."""
    processes = start_processes(tmp_path, 3)
    try:
        yield processes
    finally:
        stop_processes(processes)
