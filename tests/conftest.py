from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live_server import LiveServer


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path / "roundtable.db").start()
    try:
        yield server
    finally:
        server.stop()
