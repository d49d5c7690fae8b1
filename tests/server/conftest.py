from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import Server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One real server per test module: its tests use separate sessions, so they cannot
    interfere, and the suite pays for one start-up per module instead of one per test."""
    directory: Path = tmp_path_factory.mktemp("server")
    live = Server(directory / "roundtable.db").start()
    try:
        yield live
    finally:
        live.stop()
