"""One Redis, one cluster (nginx in front of two processes sharing that Redis) and one Chromium
per test module; each test makes its own sessions."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from deploy.cluster import Cluster
from tests.browser.pages import launch
from tests.support.live_server import OPERATOR_KEY
from tests.support.redis_server import RedisServer

PROCESSES = 2


@pytest.fixture(scope="module")
def redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def cluster(redis: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    directory = tmp_path_factory.mktemp("cluster")
    env = {"ROUNDTABLE_OPERATOR_KEY": OPERATOR_KEY}
    with Cluster(directory, redis.url, env=env).start(PROCESSES) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()
