"""nginx in front of two processes sharing one Redis, all real (deploy/cluster.py): the config
nginx runs, static files from disk, pages over WebSocket and over long-polling alone (whose
requests must stay on the process of their handshake), and one truth behind every process."""

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from http.cookies import SimpleCookie
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Browser, Page, Request, Response, WebSocket, expect

from deploy.cluster import Cluster
from tests.browser.pages import HUB_LAPTOP, SocketDriver, hub_session, open_page, run_async
from tests.support.fault_proxy import FaultProxy
from tests.support.live_server import operator_header
from tests.support.session_client import Client

LIMA = {
    "name": "Lima hub",
    "city": "Lima",
    "country": "Peru",
    "timezone": "America/Lima",
    "expected_head_count": 9,
}
STATIC = ["/static/js/join.js", "/static/css/roundtable.css", "/vendor/socket.io.min.js"]
POLLS = 6  # by chance alone, six requests would all land on the right one of two 1 time in 64
BROADCASTS = 3
QUIET_SECS = 1.5  # between broadcasts: the page sits on an open long-poll meanwhile
RECONNECT_SECS = 20.0  # socket.io's retries back off to 5 s (connection.js); a few of them
UPGRADE_TRIED_SECS = 10.0

T = TypeVar("T")


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes

    def node_cookie(self) -> str | None:
        for header in self.headers.get_all("set-cookie") or []:
            morsel = SimpleCookie(header).get("rt_node")
            if morsel is not None:
                return morsel.value
        return None


def fetch(url: str, body: bytes | None = None, cookie: str | None = None) -> Answer:
    """One plain request, no cookie jar: the test decides which cookie goes with it."""
    headers = {"Content-Type": "text/plain;charset=UTF-8"}
    if cookie:
        headers["Cookie"] = f"rt_node={cookie}"
    request = urllib.request.Request(url, body, headers, method="POST" if body else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


def test_nginx_accepts_the_configuration_it_runs(cluster: Cluster) -> None:
    report = cluster.nginx.test()
    assert "syntax is ok" in report and "test is successful" in report


@pytest.mark.parametrize("path", STATIC)
def test_static_files_come_from_nginx_with_the_apps_headers(cluster: Cluster, path: str) -> None:
    # When a browser asks nginx for a static file, and a process directly for the same file
    via_nginx = fetch(f"{cluster.url}{path}")
    direct = fetch(f"{cluster.node_urls[0]}{path}")
    # Then nginx served it from disk (no process answered, so none set its cookie)
    assert via_nginx.status == 200
    assert via_nginx.headers["X-Served-By"] == "nginx"
    assert via_nginx.node_cookie() is None
    # And it is the app's file with the app's caching and type
    assert via_nginx.body == direct.body
    for header in ("Cache-Control", "Content-Type"):
        assert via_nginx.headers[header] == direct.headers[header], header


def test_pages_and_the_api_are_passed_to_a_process(cluster: Cluster) -> None:
    page = fetch(f"{cluster.url}/join")
    assert page.status == 200
    assert page.headers["X-Served-By"] is None
    assert page.headers["Cache-Control"] == "no-cache"  # the app's header for pages
    assert page.node_cookie() in ("1", "2")


def test_polling_requests_stay_on_the_process_of_their_handshake(cluster: Cluster) -> None:
    # Given an engine.io handshake through nginx, from a client without a cookie
    handshake = fetch(f"{cluster.url}/socket.io/?EIO=4&transport=polling")
    assert handshake.status == 200, handshake
    node = handshake.node_cookie()
    assert node in ("1", "2")
    sid = json.loads(handshake.body.decode()[1:])["sid"]  # "0{...}": engine.io's OPEN packet
    poll = f"{cluster.url}/socket.io/?EIO=4&transport=polling&sid={sid}"
    try:
        # When it sends its long-polling requests with the cookie it was given (PONG packets)
        answers = [fetch(poll, b"3", cookie=node).status for _ in range(POLLS)]
        # Then every one reaches the process that holds the engine.io session
        assert answers == [200] * POLLS
        # And without the cookie they would not: round-robin gives some to the other process,
        # which does not know the session
        assert 400 in [fetch(poll, b"3").status for _ in range(POLLS)]
    finally:
        fetch(poll, b"1", cookie=node)  # CLOSE


def test_the_hub_console_works_through_nginx_over_websocket(
    cluster: Cluster, browser: Browser
) -> None:
    # Given a hub in a running round, its session made through nginx
    session, moderator = hub_session(cluster.url, title="Through nginx", hubs=[LIMA])
    try:
        with open_page(browser, HUB_LAPTOP) as hub:
            sockets: list[WebSocket] = []
            hub.on("websocket", lambda socket: sockets.append(socket))
            # When the operator opens the console through nginx
            hub.goto(f"{cluster.url}{session.hub_links['h1']}")
            # Then it connects, and moves to a WebSocket through nginx (the upgrade carries the
            # polling handshake's sid: the cookie took it to the same process)
            expect(hub.get_by_test_id("connection")).to_have_text("Connected")
            expect(hub.get_by_test_id("hub-title")).to_contain_text("Lima hub")
            upgraded = _eventually(hub, lambda: _open_socket(sockets), UPGRADE_TRIED_SECS)
            # And a live event pushed from the moderator's process arrives on it
            moderator.send_ok("Broadcast", text="Coffee in the lobby")
            expect(hub.get_by_test_id("broadcast-text")).to_have_text("Coffee in the lobby")
            assert not upgraded.is_closed()
            expect(hub.get_by_test_id("connection")).to_have_text("Connected")
    finally:
        moderator.close()


def test_the_hub_console_works_through_nginx_over_long_polling_alone(
    cluster: Cluster, browser: Browser
) -> None:
    # Given a hub in a running round whose network drops every WebSocket upgrade on the way
    # to nginx
    session, moderator = hub_session(cluster.url, title="Polling via nginx", hubs=[LIMA])
    try:
        with (
            FaultProxy(cluster.port, refuse_websocket=True) as proxy,
            open_page(browser, HUB_LAPTOP) as hub,
        ):
            answered: list[Response] = []
            failed: list[Request] = []
            hub.on("response", lambda r: answered.append(r) if _is_poll(r.request) else None)
            hub.on("requestfailed", lambda r: failed.append(r) if _is_poll(r) else None)
            # When the operator opens the console
            hub.goto(f"{proxy.url}{session.hub_links['h1']}")
            expect(hub.get_by_test_id("connection")).to_have_text("Connected")
            _eventually(hub, lambda: proxy.stats.refused_upgrades or None, UPGRADE_TRIED_SECS)
            # Then, for several seconds of live events, it stays connected on long-polling
            for n in range(BROADCASTS):
                hub.wait_for_timeout(QUIET_SECS * 1000)
                moderator.send_ok("Broadcast", text=f"Notice {n}")
                expect(hub.get_by_test_id("broadcast-text")).to_have_text(f"Notice {n}")
                expect(hub.get_by_test_id("connection")).to_have_text("Connected")
            # And every polling request went with one process's cookie, and that process
            # answered every one (another would have answered 400: unknown session)
            assert len(answered) > 2 * BROADCASTS, len(answered)
            nodes = {_cookie_of(r.request) for r in answered}
            assert len(nodes) == 1 and nodes <= {"1", "2"}, nodes
            assert [r.status for r in answered] == [200] * len(answered)
            assert failed == []
    finally:
        moderator.close()


def test_a_session_made_through_nginx_is_one_session_on_every_process(cluster: Cluster) -> None:
    # Given a session made through nginx, on whichever process nginx picked
    created = _create_session(cluster.url, "One truth")
    # When its moderator connects to each process directly, bypassing nginx
    # Then each accepts the token, a command on either reaches the other live, and both read
    # the same log (the socket.io clients run on a loop of their own: Playwright owns this one)
    run_async(_moderate_on_both(cluster.node_urls, created["moderator_token"]))


async def _moderate_on_both(urls: list[str], token: str) -> None:
    first = await Client.open(urls[0], token=token)
    second = await Client.open(urls[1], token=token)
    try:
        await first.send_ok("Broadcast", text="From the first process")
        await second.wait_for_event("MessageBroadcast", text="From the first process")
        await second.send_ok("Broadcast", text="From the second process")
        await first.wait_for_event("MessageBroadcast", text="From the second process")
        assert (await first.sync(0))["events"] == (await second.sync(0))["events"]
    finally:
        await first.close()
        await second.close()


def test_when_a_process_dies_its_browsers_carry_on_through_another(
    cluster: Cluster, browser: Browser
) -> None:
    # Given a hub console connected through nginx to one of the two processes
    session, moderator = hub_session(cluster.url, title="Fail-over", hubs=[LIMA])
    moderator.close()  # its socket may be on the process about to die
    with open_page(browser, HUB_LAPTOP) as hub:
        hub.goto(f"{cluster.url}{session.hub_links['h1']}")
        connection = hub.get_by_test_id("connection")
        expect(connection).to_have_text("Connected")
        node = next(c["value"] for c in hub.context.cookies() if c["name"] == "rt_node")
        try:
            # When that process dies (SIGKILL: nothing is said to anyone)
            cluster.kill(int(node))
            # Then the console notices, and reconnects through nginx to the other process
            expect(connection).not_to_have_text("Connected")
            expect(connection).to_have_text("Connected", timeout=RECONNECT_SECS * 1000)
            # And live events reach it there
            survivor = SocketDriver(cluster.url, session.moderator_token)
            try:
                survivor.send_ok("Broadcast", text="Still here")
                expect(hub.get_by_test_id("broadcast-text")).to_have_text("Still here")
            finally:
                survivor.close()
        finally:
            cluster.restart(int(node))


def _create_session(url: str, title: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{url}/api/sessions",
        json.dumps({"title": title}).encode(),
        {"Content-Type": "application/json", **operator_header()},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        created: dict[str, Any] = json.loads(response.read())
    return created


def _is_poll(request: Request) -> bool:
    return "/socket.io/" in request.url and "transport=polling" in request.url


def _cookie_of(request: Request) -> str | None:
    morsel = SimpleCookie(request.header_value("cookie") or "").get("rt_node")
    return morsel.value if morsel else None


def _open_socket(sockets: list[WebSocket]) -> WebSocket | None:
    for socket in sockets:
        if "/socket.io/" in socket.url and not socket.is_closed():
            return socket
    return None


def _eventually(page: Page, check: Callable[[], T | None], within_secs: float) -> T:
    """Until `check()` gives something; waiting on the page, so that its events still arrive
    (the sync API delivers them only while Playwright has control)."""
    deadline = time.monotonic() + within_secs
    while (found := check()) is None:
        assert time.monotonic() < deadline, f"not within {within_secs} s"
        page.wait_for_timeout(100)
    return found
