"""Several processes on one Redis are one server to the pages: any process takes any token or
code, every page sees the same log in the same order wherever its socket landed, and a command
retried on another process is applied once."""

import asyncio
from typing import Any

from tests.support.session_builder import Person, draft_and_points, token_of
from tests.support.session_client import Client, eventually

from .conftest import Processes

PEOPLE = [Person(f"Person {n}", ["Civil society", "Government"][n % 2]) for n in range(6)]


async def configured(processes: Processes, groups: int = 2) -> tuple[dict[str, Any], Client]:
    created = processes.servers[0].create_session("Shared truth")
    moderator = await Client.open(processes.urls[0], token=created["moderator_token"])
    draft, points = draft_and_points(2)
    await moderator.send_ok(
        "ConfigureSession", title="Shared truth", draft=draft, points=points, group_count=groups
    )
    return created, moderator


async def test_every_page_sees_the_same_log_in_the_same_order_on_any_process(
    shared: Processes,
) -> None:
    # Given a session made through process 0, and its join code used on processes 1 and 2,
    created, moderator = await configured(shared)
    people: list[Client] = []
    for n, person in enumerate(PEOPLE):
        client = await Client.open(shared.urls[1 + n % 2], code=created["code"])
        await client.join(**person.join_fields())
        people.append(client)
    # and the screen's link, made by process 0, opened on process 2,
    links = await moderator.call("links", {})
    screen = await Client.open(shared.urls[2], token=token_of(links["screen"]))
    try:
        # When the moderator assigns groups and starts, and everyone takes a position at once
        # through whichever process they are on,
        await moderator.send_ok("AssignGroups", seed=3)
        await moderator.send_ok("StartRotation")
        log = (await moderator.sync(0))["events"]
        started = next(e["event"] for e in log if e["event"]["type"] == "RotationStarted")
        groups = {
            m: g["group_id"]
            for e in log
            if e["event"]["type"] == "GroupsAssigned"
            for g in e["event"]["groups"]
            for m in g["members"]
        }
        order = started["group_order"]

        async def take(client: Client) -> None:
            point = started["plan"][0][order.index(groups[client.participant_id])]
            await client.send_ok("TakePosition", point_id=point, choice="a")

        await asyncio.gather(*(take(c) for c in people))
        await moderator.send_ok("Broadcast", text="All positions in")
        head = await moderator.head()

        # Then the watchers on processes 0 and 2 hold the very same log with no gap (events
        # committed through two processes at one moment may arrive swapped: pages put them
        # back in order by the gap rule, docs/protocol.md section 8),
        async def complete(client: Client) -> bool:
            return len(client.events) >= head

        for watcher in (moderator, screen):
            await eventually(lambda w=watcher: complete(w), 5, "a watcher to reach the head")
            assert sorted(e["seq"] for e in watcher.events) == list(range(1, head + 1))

        def in_order(client: Client) -> list[dict[str, object]]:
            return [e["event"] for e in sorted(client.events, key=lambda e: e["seq"])]

        assert in_order(screen) == in_order(moderator)
        # and each participant, on process 1 or 2, has the public events and its own, in order.
        for client in people:
            await client.wait_for_event("MessageBroadcast", text="All positions in")
            seqs = [e["seq"] for e in client.events]
            assert len(seqs) == len(set(seqs))
            mine = [e for e in client.of_type("PositionTaken")]
            assert [e["event"]["participant_id"] for e in mine] == [client.participant_id]
    finally:
        for client in [moderator, screen, *people]:
            await client.close()


async def test_a_command_retried_on_another_process_is_applied_once(shared: Processes) -> None:
    # Given a session, and the moderator's token used on two processes,
    created, first = await configured(shared)
    second = await Client.open(shared.urls[1], token=created["moderator_token"])
    try:
        # When one command is sent through process 0, then retried through process 1,
        ack = await first.send_ok("Broadcast", command_id="retry-across-0001", text="Once")
        retried = await second.send_ok("Broadcast", command_id="retry-across-0001", text="Once")
        # and both at once through processes 1 and 2,
        third = await Client.open(shared.urls[2], token=created["moderator_token"])
        both = await asyncio.gather(
            second.send("Broadcast", command_id="retry-across-0002", text="Twice?"),
            third.send("Broadcast", command_id="retry-across-0002", text="Twice?"),
        )
        await third.close()
        # Then each is in the log once, and every answer names the same seq.
        assert retried["duplicate"] is True and retried["seq"] == ack["seq"]
        assert all(a["ok"] for a in both), both
        assert sorted(a["duplicate"] for a in both) == [False, True]
        assert both[0]["seq"] == both[1]["seq"]
        log = (await second.sync(0))["events"]
        texts = [e["event"]["text"] for e in log if "text" in e["event"]]
        assert texts.count("Once") == 1 and texts.count("Twice?") == 1
    finally:
        await first.close()
        await second.close()
