"""One Chromium and, where a module shares it, one server per test module."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.support.live_server import LiveServer

from .pages import launch


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server shared by a module's tests; each test makes its own session on it."""
    live = LiveServer(Path(tmp_path_factory.mktemp("browser")) / "roundtable.db").start()
    try:
        yield live
    finally:
        live.stop()
