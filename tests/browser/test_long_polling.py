"""A hub whose network refuses WebSocket (a corporate proxy, a captive portal): the console works
over HTTP long-polling alone, live events included."""

import time

from playwright.sync_api import Browser, expect

from tests.support.fault_proxy import FaultProxy
from tests.support.live_server import LiveServer

from .pages import PHONE, hub_session, open_page, screenshot

LIMA = {
    "name": "Lima hub",
    "city": "Lima",
    "country": "Peru",
    "timezone": "America/Lima",
    "expected_head_count": 9,
}
UPGRADE_TRIED_SECS = 10.0


def test_the_hub_console_works_over_long_polling(server: LiveServer, browser: Browser) -> None:
    # Given a hub in a running round, whose network drops every WebSocket upgrade
    session, moderator = hub_session(server.url, title="Polling", hubs=[LIMA])
    try:
        with (
            FaultProxy(server.port, latency_ms=50, refuse_websocket=True) as proxy,
            open_page(browser, PHONE, mobile=True) as hub,
        ):
            # When the operator opens the console (on a phone)
            polls: list[str] = []
            hub.on(
                "request",
                lambda r: polls.append(r.url) if "transport=polling" in r.url else None,
            )
            hub.goto(f"{proxy.url}{session.hub_links['h1']}")
            # Then it connects, and shows the hub's group and its point
            expect(hub.get_by_test_id("connection")).to_have_text("Connected")
            state = moderator.state()
            group = state.groups[state.hub_group["h1"]]
            expect(hub.get_by_test_id("hub-group")).to_have_text(f"Group {group.number}, remote")
            point = state.point(state.current_point(group.group_id) or "")
            assert point is not None
            expect(hub.get_by_test_id("question")).to_have_text(point.question)
            # And the WebSocket upgrade was tried, refused, and the socket stayed on long-polling
            deadline = time.monotonic() + UPGRADE_TRIED_SECS
            while proxy.stats.refused_upgrades == 0 and time.monotonic() < deadline:
                hub.wait_for_timeout(100)
            assert proxy.stats.refused_upgrades >= 1, proxy.stats

            # When the operator counts hands and saves the hub's positions
            for _ in range(3):
                hub.get_by_test_id("count-a-plus").click()
            hub.get_by_test_id("count-undecided-plus").click()
            expect(hub.get_by_test_id("positions-sentence")).to_have_text(
                "3 of 9 here back option A, 1 undecided"
            )
            hub.get_by_test_id("positions-save").click()
            # Then they are saved, once, for the hub's group
            expect(hub.get_by_test_id("positions-status")).to_have_text("Saved")
            blocks = [
                e["event"] for e in moderator.log() if e["event"]["type"] == "HubPositionsSet"
            ]
            assert [(b["hub_id"], b["group_id"], b["counts"]) for b in blocks] == [
                ("h1", group.group_id, {"a": 3, "undecided": 1})
            ]
            # And live events still arrive, pushed over long-polling: the page keeps polling
            # (on a WebSocket it would have stopped)
            before = len(polls)
            moderator.send_ok("Broadcast", text="Lunch is served in the lobby")
            expect(hub.get_by_test_id("broadcast-text")).to_have_text(
                "Lunch is served in the lobby"
            )
            assert len(polls) > before
            expect(hub.get_by_test_id("connection")).to_have_text("Connected")
            screenshot(hub, "hub-console-390")
    finally:
        moderator.close()
