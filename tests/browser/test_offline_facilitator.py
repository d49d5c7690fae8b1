"""A facilitator's tablet that loses the venue Wi-Fi keeps every flip-chart outcome entered
meanwhile, across reloads, shows how many are not yet sent, and sends each exactly once and in
order when the link returns."""

import re
from typing import Any

from playwright.sync_api import Browser, CDPSession, Page, expect

from tests.support.fault_proxy import FaultProxy
from tests.support.live_server import LiveServer

from .pages import TABLET, hub_session, open_page, screenshot

ENTRIES = 20
BACK_ONLINE_MS = 30_000  # reconnection backs off up to 5 s, then 20 acks one after the other
SLOW_LINK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 64_000,
    "uploadThroughput": 32_000,
}
NO_LINK = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
FULL_LINK = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}


def network(cdp: CDPSession, conditions: dict[str, Any]) -> None:
    cdp.send("Network.emulateNetworkConditions", conditions)


def enter_outcome(page: Page, n: int) -> None:
    page.get_by_test_id("outcome-choice-a").check()
    page.get_by_test_id("strength-majority").check()
    page.get_by_test_id("notes").fill(f"entry {n}")
    page.get_by_test_id("save-outcome").click()


def test_twenty_outcomes_entered_offline_arrive_once_in_order(
    server: LiveServer, browser: Browser
) -> None:
    # Given a running round, and the group's facilitator on a tablet, online
    session, moderator = hub_session(
        server.url, title="Offline tablet", hubs=[], people=(("Ana", "room"), ("Ben", "room"))
    )
    try:
        group_id, link = next(iter(session.facilitator_links.items()))
        point_id = moderator.state().current_point(group_id)
        with (
            FaultProxy(server.port, one_request_per_connection=True) as proxy,
            open_page(browser, TABLET) as page,
        ):
            page.goto(f"{proxy.url}{link}")
            expect(page.get_by_test_id("question")).to_have_text("Question 1?")
            expect(page.get_by_test_id("connection")).to_have_text("Connected")
            expect(page.get_by_test_id("unsent")).to_have_attribute("data-count", "0")
            unsent = page.get_by_test_id("unsent")

            # When the tablet loses the server. How this stays true across reloads: the tablet
            # reaches the server through a proxy (tests/support/fault_proxy.py) that now refuses
            # every socket.io request, long-polling and WebSocket handshakes alike, as a network
            # error; pages, scripts and styles still pass, so the tab can be reloaded. The socket
            # already open is cut by Chromium's own offline mode (CDP), which also keeps the tab
            # entirely off the network while entering. For each reload the network comes back,
            # but socket.io stays blocked: the server is never reached until the end.
            proxy.block("/socket.io/")
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            network(cdp, NO_LINK)
            expect(page.get_by_test_id("connection")).to_have_text("Reconnecting…")

            # And the facilitator enters ten outcomes (the same point, different notes)
            for n in range(1, 11):
                enter_outcome(page, n)
                # Then each is kept and counted, and the form never says "saved"
                expect(unsent).to_have_attribute("data-count", str(n))
                expect(unsent).to_have_text(f"{n} not yet sent")
                expect(page.get_by_test_id("save-status")).to_have_text(re.compile("^Not yet sent"))

            # When the tab is reloaded, still unable to reach the server
            network(cdp, FULL_LINK)
            page.reload()
            # Then the count is unchanged, and the point and form are back (from the saved state)
            expect(unsent).to_have_attribute("data-count", "10")
            expect(page.get_by_test_id("question")).to_have_text("Question 1?")
            expect(page.get_by_test_id("queued")).to_have_count(10)
            expect(page.get_by_test_id("connection")).not_to_have_text("Connected")

            # When ten more are entered offline, and the tab is reloaded again
            network(cdp, NO_LINK)
            for n in range(11, ENTRIES + 1):
                enter_outcome(page, n)
                expect(unsent).to_have_attribute("data-count", str(n))
            network(cdp, FULL_LINK)
            page.reload()
            expect(unsent).to_have_attribute("data-count", str(ENTRIES))
            expect(page.get_by_test_id("queued").first).to_contain_text("“entry 1”")
            expect(page.get_by_test_id("queued").last).to_contain_text("“entry 20”")
            screenshot(page, "facilitator-unsent-1024")
            # Nothing reached the server meanwhile, though the tab kept trying
            assert not [e for e in moderator.log() if e["event"]["type"] == "OutcomeRecorded"]
            assert proxy.stats.blocked_requests > 0

            # When the link comes back, slow
            network(cdp, SLOW_LINK)
            proxy.block()

            # Then the queue drains to zero and the form shows the last revision saved
            expect(page.get_by_test_id("connection")).to_have_text("Connected", timeout=10_000)
            expect(unsent).to_have_attribute("data-count", "0", timeout=BACK_ONLINE_MS)
            expect(unsent).to_have_text("All sent")
            expect(page.get_by_test_id("queue")).to_be_hidden()
            expect(page.get_by_test_id("save-status")).to_have_text("Saved (revision 20)")

            # And a message to the moderator goes through the same outbox
            page.get_by_text("Message the moderator").click()
            page.get_by_test_id("message-text").fill("We need five more minutes")
            page.get_by_test_id("message-send").click()
            expect(page.get_by_test_id("message-status")).to_have_text("Sent")

        # And the server has all twenty, exactly once each, in the order they were entered
        recorded = [
            e["event"]["outcome"]
            for e in moderator.log()
            if e["event"]["type"] == "OutcomeRecorded"
            and e["event"]["outcome"]["group_id"] == group_id
            and e["event"]["outcome"]["point_id"] == point_id
        ]
        assert [o["revision"] for o in recorded] == list(range(1, ENTRIES + 1))
        assert [o["notes"] for o in recorded] == [f"entry {n}" for n in range(1, ENTRIES + 1)]
        assert {o["recorded_by"] for o in recorded} == {"facilitator"}
        sent = [e["event"] for e in moderator.log() if e["event"]["type"] == "MessageSent"]
        assert [(m["from_role"], m["from_id"], m["text"]) for m in sent] == [
            ("facilitator", group_id, "We need five more minutes")
        ]
    finally:
        moderator.close()
