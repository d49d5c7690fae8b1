"""A remote hub's operator console on a bad link: 300 ms each way, then the link cut for ten
seconds while the session moves on and the operator keeps entering. After the cut the console
shows exactly what the server has, and what was entered during the cut landed once. The moderator
sees the hub go offline and come back. And the console stays light on a first visit."""

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from facilitation.state import SessionState
from tests.support.fault_proxy import FaultProxy
from tests.support.live_server import LiveServer

from .pages import (
    ARTIFACTS,
    HUB_LAPTOP,
    LAPTOP,
    PHONE,
    hub_session,
    open_page,
    page_weight,
    screenshot,
)

LATENCY_MS = 300
CUT_SECS = 10
CAUGHT_UP_MS = 20_000  # after the cut: reconnection backs off up to 5 s, then sync and the queue
PAGE_BUDGET_BYTES = 150_000  # the issue: under 150 KB transferred on a first visit
BODIES_TRIPWIRE_BYTES = 175_000  # 163 KB of files today (57 KB on the wire), half of it socket.io
NAIROBI = {
    "name": "Nairobi hub",
    "city": "Nairobi",
    "country": "Kenya",
    "timezone": "Africa/Nairobi",
    "expected_head_count": 20,
    "placement": "remote",
}


def group_title(state: SessionState, group_id: str) -> str:
    group = state.groups[group_id]
    return f"Group {group.number}, {group.label}" if group.label else f"Group {group.number}"


def assert_console_shows(page: Page, state: SessionState, hub_id: str) -> None:
    """Every value the console shows equals the server's (the core's fold of the log)."""
    hub = state.remote.hubs[hub_id]
    group_id = state.hub_group[hub_id]
    point = state.point(state.current_point(group_id) or "")
    assert point is not None and state.clock is not None
    ends = datetime.fromtimestamp(state.clock.ends_at_ms / 1000, ZoneInfo(hub.timezone))
    expect(page.get_by_test_id("hub-group")).to_have_text(group_title(state, group_id))
    expect(page.get_by_test_id("round")).to_have_text(
        f"Round {state.clock.number} of {len(state.plan)}"
    )
    expect(page.get_by_test_id("ends-local")).to_have_text(f"ends {ends:%H:%M} in {hub.city}")
    expect(page.get_by_test_id("question")).to_have_text(point.question)
    expect(page.get_by_test_id("head-count")).to_have_value(str(hub.head_count))
    block = state.remote.blocks.get(point.point_id, {}).get(hub_id)
    counts = dict(block.counts) if block and block.group_id == group_id else {}
    for choice in [o.option_id for o in point.options] + ["compromise", "undecided"]:
        expect(page.get_by_test_id(f"count-{choice}")).to_have_value(str(counts.get(choice, 0)))
    expect(page.get_by_test_id("hand")).to_have_attribute(
        "aria-pressed", str(hub_id in state.remote.hands).lower()
    )
    if state.remote.broadcast is not None:
        expect(page.get_by_test_id("broadcast-text")).to_have_text(state.remote.broadcast.text)


def of_type(log: list[dict[str, Any]], event_type: str, **fields: Any) -> list[dict[str, Any]]:
    return [
        e["event"]
        for e in log
        if e["event"]["type"] == event_type
        and all(e["event"].get(k) == v for k, v in fields.items())
    ]


def test_the_hub_console_is_light_on_a_first_visit(server: LiveServer, browser: Browser) -> None:
    # Given a hub's operator link and a participant's join link
    session, moderator = hub_session(server.url, title="Weight", hubs=[NAIROBI])
    moderator.close()
    # When each is opened on a fresh device, until it is usable
    with open_page(browser, HUB_LAPTOP) as hub:
        hub_body, hub_wire = page_weight(
            hub, f"{server.url}{session.hub_links['h1']}", ready="question"
        )
    with open_page(browser, PHONE, mobile=True) as phone:
        join_body, join_wire = page_weight(phone, f"{server.url}/join?code={session.code}", "name")
    print(f"\n/hub#token: {hub_body} B of bodies, {hub_wire} B on the wire")
    print(f"/join: {join_body} B of bodies, {join_wire} B on the wire")
    # Then both stay under 150 KB transferred (the server gzips)
    assert hub_wire < PAGE_BUDGET_BYTES and join_wire < PAGE_BUDGET_BYTES
    # And a tripwire before compression, so that growth is noticed long before the budget
    assert hub_body < BODIES_TRIPWIRE_BYTES, hub_body


def test_a_hub_behind_a_bad_link_loses_nothing_in_a_cut(
    server: LiveServer, browser: Browser
) -> None:
    # Given a hub in a running round, its console behind a link with 300 ms latency each way
    session, moderator = hub_session(server.url, title="Bad link", hubs=[NAIROBI])
    with (
        FaultProxy(server.port, latency_ms=LATENCY_MS) as proxy,
        open_page(browser, HUB_LAPTOP) as hub,
        open_page(browser, LAPTOP) as mod_page,
    ):
        try:
            hub.goto(f"{proxy.url}{session.hub_links['h1']}")
            expect(hub.get_by_test_id("connection")).to_have_text("Connected", timeout=15_000)
            assert_console_shows(hub, moderator.state(), "h1")
            # And the moderator's page, which sees the hub connected with its round trip
            mod_page.goto(f"{server.url}/moderator#{session.moderator_token}")
            presence = mod_page.get_by_test_id("presence-hub-h1")
            expect(presence).to_have_attribute("data-connected", "true")
            expect(presence).to_have_attribute("data-rtt", re.compile(r"^\d+$"))
            assert int(presence.get_attribute("data-rtt") or 0) >= 2 * LATENCY_MS

            # When the link is cut for ten seconds
            proxy.cut(CUT_SECS)
            # Then the moderator sees the hub offline, and the console says it is reconnecting
            expect(presence).to_have_attribute("data-connected", "false")
            expect(presence).to_contain_text("offline since")
            expect(hub.get_by_test_id("connection")).to_have_text("Reconnecting…")

            # When, meanwhile, the moderator extends the round and broadcasts
            moderator.send_ok("ExtendRound", minutes=3)
            moderator.send_ok("Broadcast", text="Back to plenary at four")
            # And the operator updates the head count, counts hands, raises the hand and writes
            hub.get_by_test_id("head-count").fill("16")
            hub.get_by_test_id("head-count-save").click()
            hub.get_by_test_id("count-b").fill("9")
            hub.get_by_test_id("count-compromise").fill("3")
            hub.get_by_test_id("count-undecided-plus").click()
            hub.get_by_test_id("count-undecided-plus").click()
            expect(hub.get_by_test_id("positions-sentence")).to_have_text(
                "9 of 16 here back option B, 3 a compromise, 2 undecided"
            )
            hub.get_by_test_id("positions-save").click()
            hub.get_by_test_id("hand").click()
            hub.get_by_test_id("message-text").fill("Our audio dropped for a while")
            hub.get_by_test_id("message-send").click()
            # Then all four are kept, "not yet sent", none of them "saved"
            expect(hub.get_by_test_id("unsent")).to_have_text("4 not yet sent")
            expect(hub.get_by_test_id("positions-status")).to_have_text("Not yet sent")
            expect(hub.get_by_test_id("head-status")).to_have_text("Not yet sent")
            assert proxy.is_cut, "the cut ended before the entries were made: a slow machine?"
            assert not of_type(moderator.log(), "HubPositionsSet")

            # When the link returns: the console catches up by itself, within seconds
            expect(hub.get_by_test_id("unsent")).to_have_attribute(
                "data-count", "0", timeout=CAUGHT_UP_MS
            )
            expect(hub.get_by_test_id("positions-status")).to_have_text("Saved")
            expect(hub.get_by_test_id("broadcast-text")).to_have_text("Back to plenary at four")
            # Then it shows exactly the server's state
            state = moderator.state()
            assert_console_shows(hub, state, "h1")
            assert state.remote.hubs["h1"].head_count == 16 and "h1" in state.remote.hands
            # And each entry made during the cut landed exactly once
            log = moderator.log()
            assert len(of_type(log, "HeadCountSet", hub_id="h1")) == 1
            blocks = of_type(log, "HubPositionsSet", hub_id="h1")
            assert [b["counts"] for b in blocks] == [{"b": 9, "compromise": 3, "undecided": 2}]
            assert len(of_type(log, "HandRaised", hub_id="h1", raised=True)) == 1
            assert len(of_type(log, "MessageSent", text="Our audio dropped for a while")) == 1
            # And the moderator sees the hub back, with its round trip, its hand and its message
            expect(presence).to_have_attribute("data-connected", "true", timeout=CAUGHT_UP_MS)
            expect(presence).to_have_attribute("data-rtt", re.compile(r"^\d+$"))
            expect(mod_page.get_by_test_id("hand-h1")).to_contain_text("Nairobi hub (16 people")
            expect(mod_page.get_by_test_id("inbox-item").first).to_contain_text("Nairobi hub")
            # And the hub's report of entries not yet sent is back to none
            expect(presence).not_to_contain_text("not yet sent")
            screenshot(hub, "hub-console-1280")
            mod_page.get_by_test_id("remote-panel").evaluate(
                "el => el.scrollIntoView({block: 'start'})"
            )
            mod_page.screenshot(path=str(ARTIFACTS / "moderator-remote-1920.png"))
            # The broadcast shows on the moderator's page too; dismissed, it stays away until a
            # newer one comes
            banner = mod_page.get_by_test_id("broadcast-text")
            expect(banner).to_have_text("Back to plenary at four")
            mod_page.get_by_test_id("broadcast-dismiss").click()
            expect(banner).to_be_hidden()
            moderator.send_ok("Broadcast", text="Plenary starts now")
            expect(banner).to_have_text("Plenary starts now")
            expect(hub.get_by_test_id("broadcast-text")).to_have_text("Plenary starts now")

            # When the link is cut again, the operator saves new counts, and the round ends
            proxy.cut(4)
            expect(hub.get_by_test_id("connection")).to_have_text("Reconnecting…")
            hub.get_by_test_id("count-a-plus").click()
            hub.get_by_test_id("positions-save").click()
            expect(hub.get_by_test_id("unsent")).to_have_text("1 not yet sent")
            moderator.send_ok("EndRound", round=1)
            # Then, back online, the entry is refused as stale, said so, and taken off the queue
            expect(hub.get_by_test_id("refused")).to_contain_text(
                "Not saved: the round had ended.", timeout=CAUGHT_UP_MS
            )
            expect(hub.get_by_test_id("unsent")).to_have_attribute("data-count", "0")
            # And the console is on round 2's point, as the server is
            assert_console_shows(hub, moderator.state(), "h1")
            assert len(of_type(moderator.log(), "HubPositionsSet", hub_id="h1")) == 1
        finally:
            moderator.close()


def test_a_hub_registered_late_is_placed_moved_and_reacts_as_a_block(
    server: LiveServer, browser: Browser
) -> None:
    # Given a running rotation, and a hub the moderator registers late, from the browser
    session, moderator = hub_session(server.url, title="Late hub", hubs=[])
    try:
        with open_page(browser, LAPTOP) as mod_page, open_page(browser, HUB_LAPTOP) as hub:
            mod_page.goto(f"{server.url}/moderator#{session.moderator_token}")
            form = mod_page.get_by_test_id("register-hub")
            form.get_by_test_id("hub-field-name").fill("Lima hub")
            form.get_by_test_id("hub-field-city").fill("Lima")
            form.get_by_test_id("hub-field-timezone").select_option("America/Lima")
            form.get_by_test_id("hub-field-head-count").fill("9")
            form.get_by_test_id("register-hub-submit").click()
            # Then its row shows its people, its group and its operator link
            row = mod_page.get_by_test_id("hub-row-h1")
            expect(row).to_contain_text("Lima hub")
            expect(mod_page.get_by_test_id("hub-people-h1")).to_contain_text("9")
            link = mod_page.get_by_test_id("hub-link-h1")
            expect(link).to_have_attribute("href", re.compile(r"/hub#.+"))
            # And a second hub of the same name is refused next to the name field
            form.get_by_test_id("hub-field-name").fill("LIMA HUB")
            form.get_by_test_id("register-hub-submit").click()
            expect(form.get_by_test_id("field-error")).to_contain_text("already registered")
            # When the operator opens the link, the console shows the hub's group and point
            hub.goto(link.get_attribute("href") or "")
            state = moderator.state()
            assert_console_shows(hub, state, "h1")
            # When the moderator moves the hub to the room's group, the console follows
            room = next(g for g in state.groups.values() if g.kind == "room")
            mod_page.get_by_test_id("hub-move-h1").select_option(room.group_id)
            expect(hub.get_by_test_id("hub-group")).to_have_text(group_title(state, room.group_id))
            assert_console_shows(hub, moderator.state(), "h1")

            # When the rotation is over and the moderator composes paragraph 1
            moderator.send_ok("EndRound", round=1)
            moderator.send_ok("EndRound", round=2)
            moderator.send_ok("ComposeParagraph", paragraph=1, source="custom", text="New text.")
            # Then the hub reacts to it as a block: an objection needs its reason
            expect(hub.get_by_test_id("reaction-1")).to_contain_text("New text.")
            hub.get_by_test_id("react-1-object").click()
            expect(hub.get_by_test_id("reaction-status-1")).to_contain_text("Say briefly why")
            hub.get_by_test_id("reason-1").fill("Too vague for our region")
            hub.get_by_test_id("react-1-object").click()
            expect(hub.get_by_test_id("reaction-status-1")).to_have_text(
                "The hub objects (9 people)"
            )
            given = [e["event"] for e in moderator.log() if e["event"]["type"] == "ReactionGiven"]
            assert [
                (
                    r["reaction"]["participant_id"],
                    r["reaction"]["head_count"],
                    r["reaction"]["reason"],
                )
                for r in given
            ] == [("h1", 9, "Too vague for our region")]
    finally:
        moderator.close()
