"""Registered remote hubs against a real server: 25 hubs take part as blocks through a whole
rotation and every block lands in its group's tally; registration, placement, head count, a
raised hand, messages, the broadcast, who is connected, and rate limits per token."""

import asyncio
import random
from collections import Counter
from typing import Any

import socketio

from facilitation.events import EVENTS
from facilitation.state import SessionState, replay
from facilitation.tally import group_tally
from tests.support.servers import Server
from tests.support.session_builder import Person, Session, open_session, token_of
from tests.support.session_client import Client, eventually

HUBS = 25
ZONES = ("Africa/Nairobi", "America/Lima", "Asia/Kolkata", "Europe/Berlin", "Pacific/Fiji")


def hub_fields(n: int, placement: str = "remote", head_count: int = 12) -> dict[str, Any]:
    return {
        "name": f"Hub {n:02d}",
        "city": f"City {n}",
        "country": "Somewhere",
        "timezone": ZONES[n % len(ZONES)],
        "expected_head_count": head_count,
        "placement": placement,
    }


async def state_of(session: Session) -> SessionState:
    """The session's state, folded by the core from the log the moderator syncs."""
    return replay(EVENTS.validate_python(e["event"]) for e in await session.log())


async def hub_clients(session: Session) -> dict[str, Client]:
    links = await session.links()
    return {h["hub_id"]: await session.connect(token=token_of(h["link"])) for h in links["hubs"]}


async def test_25_hubs_blocks_land_in_their_groups_tally_through_a_whole_rotation(
    server: Server,
) -> None:
    # Given 4 groups (2 in the room, 2 remote) and 4 points; 25 hubs, 13 joining room groups and
    # 12 with the other hubs in remote groups; and people in the room and remote on their own
    people = [Person(f"Room {n}", ("Government", "Civil society")[n % 2]) for n in range(6)]
    people += [Person(f"Remote {n}", "Private sector", mode="remote") for n in range(6)]
    async with open_session(server, people=people, points=4, round_secs=120) as session:
        draft = "\n\n".join(f"Paragraph {n}." for n in range(1, 5))
        await session.moderator.send_ok(
            "ConfigureSession",
            title="Hubs",
            draft=draft,
            points=[
                {"paragraph": n, "question": f"Q{n}?", "options": ["Yes", "No", "Later"]}
                for n in range(1, 5)
            ],
            round_secs=120,
            group_count=2,
            remote_groups=2,
        )
        for n in range(HUBS):
            placement = "breakout" if n < 13 else "remote"
            await session.moderator.send_ok(
                "RegisterHub", **hub_fields(n, placement, head_count=8 + n % 9)
            )
        await session.moderator.send_ok("AssignGroups", seed=11)
        hubs = await hub_clients(session)
        assert len(hubs) == HUBS
        state = await state_of(session)
        assert sorted(g.kind for g in state.groups.values()) == ["remote", "remote", "room", "room"]
        assert all(g.members and g.hubs for g in state.groups.values()), state.groups
        for hub_id, client in hubs.items():
            placed = state.groups[state.hub_group[hub_id]]
            assert placed.kind == (
                "room" if state.remote.hubs[hub_id].placement == "breakout" else "remote"
            )
            assert (await client.sync(10**9))["me"]["group_id"] == placed.group_id
        await session.moderator.send_ok("StartRotation")
        group_order, plan = await session.plan()

        # When, in every round, each hub sends its block for its group's current point (some twice,
        # the second time changed), people take positions, and the moderator ends the round
        sent: dict[tuple[str, str], Counter[str]] = {}
        rng = random.Random(4)
        for round_number in range(1, len(plan) + 1):
            latest: dict[str, tuple[str, str, dict[str, int]]] = {}

            async def send_block(
                hub_id: str, client: Client, row: list[str], latest: dict[str, Any]
            ) -> None:
                group_id = state.hub_group[hub_id]
                point_id = row[group_order.index(group_id)]
                head = state.remote.hubs[hub_id].head_count
                for _ in range(1 + hub_id.endswith("3")):  # some hubs change their counts
                    counts = {c: rng.randint(0, head // 4) for c in ("a", "b", "c", "compromise")}
                    counts["undecided"] = max(0, head - sum(counts.values()) - rng.randint(0, 1))
                    ack = await client.send_ok("SetHubPositions", point_id=point_id, counts=counts)
                    assert ack["duplicate"] is False
                latest[hub_id] = (group_id, point_id, counts)

            row = plan[round_number - 1]
            await asyncio.gather(*(send_block(h, c, row, latest) for h, c in hubs.items()))
            for group_id, point_id, counts in latest.values():
                sent.setdefault((group_id, point_id), Counter()).update(
                    {k: v for k, v in counts.items() if v}
                )
            for joined in session.people:
                group_id = state.group_of[joined.participant_id]
                point_id = plan[round_number - 1][group_order.index(group_id)]
                choice = rng.choice(["a", "b", "compromise", "undecided"])
                await joined.client.send_ok("TakePosition", point_id=point_id, choice=choice)
                sent.setdefault((group_id, point_id), Counter())[choice] += 1
            await session.moderator.send_ok("EndRound", round=round_number)

        # Then the rotation is over, every group met every point, and each group's tally on each
        # point (the core's group_tally over the replayed log) is its people plus its hubs' blocks
        final = await state_of(session)
        assert final.phase == "finished"
        assert len(sent) == len(group_order) * len(plan)
        for (group_id, point_id), expected in sent.items():
            assert group_tally(final, group_id, point_id) == dict(expected), (group_id, point_id)
        # And each hub's blocks went to the group it sat in, one per round on the latest counts
        blocks = [
            e["event"] for e in await session.log() if e["event"]["type"] == "HubPositionsSet"
        ]
        assert len({(b["hub_id"], b["round"]) for b in blocks}) == HUBS * len(plan)
        assert all(b["group_id"] == state.hub_group[b["hub_id"]] for b in blocks)


async def test_registering_and_placing_hubs(server: Server) -> None:
    async with open_session(server, people=[Person("Ana"), Person("Ben", mode="remote")]) as s:
        # When the moderator registers a hub before the groups are drawn
        ack = await s.moderator.send_ok("RegisterHub", **hub_fields(1, head_count=14))
        registered = await s.moderator.wait_for_event("HubRegistered")
        hub = registered["event"]["hub"]
        assert hub["hub_id"] == "h1" and hub["head_count"] == 14 and ack["seq"] == registered["seq"]
        assert hub["timezone"] == ZONES[1]
        # Then a second hub of the same name is refused, next to the name field
        again = await s.moderator.send("RegisterHub", **hub_fields(1) | {"name": "HUB 01"})
        assert (again["ok"], again["code"], again["field"]) == (False, "invalid", "name")
        # And the moderator's links carry the hub's operator link, which connects as the hub
        links = await s.links()
        assert [(h["hub_id"], h["name"]) for h in links["hubs"]] == [("h1", "Hub 01")]
        assert links["hubs"][0]["link"].startswith("/hub#")
        hub_client = await s.connect(token=token_of(links["hubs"][0]["link"]))
        me = (await hub_client.sync(0))["me"]
        assert me == {
            "role": "hub",
            "session_id": s.session_id,
            "participant_id": "h1",
            "group_id": None,
        }

        # When the groups are drawn: the hub sits with the remote participant
        await s.moderator.send_ok("AssignGroups", seed=3)
        state = await state_of(s)
        remote = next(g for g in state.groups.values() if g.kind == "remote")
        room = next(g for g in state.groups.values() if g.kind == "room")
        assert state.hub_group["h1"] == remote.group_id and remote.hubs == ("h1",)
        # When the moderator moves it into the room's group
        await s.moderator.send_ok("PlaceHub", hub_id="h1", group_id=room.group_id)
        # Then its page learns its new group, and the groups' hub lists follow
        await hub_client.wait_for_event("HubPlaced", hub_id="h1", group_id=room.group_id)
        assert (await hub_client.sync(10**9))["me"]["group_id"] == room.group_id
        state = await state_of(s)
        assert (
            state.groups[room.group_id].hubs == ("h1",) and state.groups[remote.group_id].hubs == ()
        )
        # And an unknown hub or group is refused by name
        unknown = await s.moderator.send("PlaceHub", hub_id="h9", group_id=room.group_id)
        assert (unknown["code"], unknown["field"]) == ("not_found", "hub_id")
        # And only the moderator places hubs
        refused = await hub_client.send("PlaceHub", hub_id="h1", group_id=remote.group_id)
        assert refused["code"] == "forbidden"

        # When a hub registers during the rotation it is placed at once, in a group of its kind
        await s.moderator.send_ok("StartRotation")
        await s.moderator.send_ok("RegisterHub", **hub_fields(2))
        placed = await s.moderator.wait_for_event("HubPlaced", hub_id="h2")
        assert placed["event"]["group_id"] == remote.group_id


async def test_head_count_limits_and_block_positions(server: Server) -> None:
    async with open_session(server, people=[Person("Ana", mode="remote")]) as s:
        await s.moderator.send_ok("RegisterHub", **hub_fields(1, head_count=10))
        await s.moderator.send_ok("AssignGroups", seed=3)
        await s.moderator.send_ok("StartRotation")
        hub = (await hub_clients(s))["h1"]
        point = await s.point_of((await state_of(s)).hub_group["h1"], 1)
        # A head count over the limit is refused, naming the field
        over = await hub.send("SetHeadCount", head_count=10_001)
        assert (over["ok"], over["code"], over["field"]) == (False, "invalid", "head_count")
        # Counts adding up to more than the head count are refused: update the head count first
        too_many = await hub.send("SetHubPositions", point_id=point, counts={"a": 8, "b": 3})
        assert (too_many["code"], too_many["field"]) == ("invalid", "counts")
        assert "head count is 10" in too_many["message"]
        # and a head count over what was registered waits for the moderator to raise it.
        beyond = await hub.send("SetHeadCount", head_count=11)
        assert (beyond["code"], beyond["field"]) == ("invalid", "head_count")
        await s.moderator.send_ok("SetExpectedHeadCount", hub_id="h1", expected_head_count=11)
        await hub.send_ok("SetHeadCount", head_count=11)
        await hub.wait_for_event("HeadCountSet", hub_id="h1", head_count=11)
        await hub.send_ok("SetHubPositions", point_id=point, counts={"a": 8, "b": 3})
        # An unknown choice, and a point the group is not on, are refused
        odd = await hub.send("SetHubPositions", point_id=point, counts={"maybe": 1})
        assert (odd["code"], odd["field"]) == ("invalid", "counts")
        other = "p2" if point == "p1" else "p1"
        stale = await hub.send("SetHubPositions", point_id=other, counts={"a": 1})
        assert (stale["code"], stale["field"]) == ("stale", "point_id")
        state = await state_of(s)
        assert group_tally(state, state.hub_group["h1"], point) == {"a": 8, "b": 3}


async def test_hands_messages_and_the_broadcast_reach_who_they_should(server: Server) -> None:
    async with open_session(
        server, people=[Person("Ana"), Person("Ben", mode="remote")], assign=False
    ) as s:
        for n in (1, 2):
            await s.moderator.send_ok("RegisterHub", **hub_fields(n))
        hubs = await hub_clients(s)
        ana = s.people[0].client
        # When hub 1 raises its hand and writes to the moderator
        await hubs["h1"].send_ok("RaiseHand", raised=True)
        await hubs["h1"].send_ok("MessageModerator", text="  Our audio dropped  ")
        # Then the moderator receives both, live; the text is trimmed
        await s.moderator.wait_for_event("HandRaised", hub_id="h1", raised=True)
        sent = await s.moderator.wait_for_event("MessageSent", from_role="hub", from_id="h1")
        assert sent["event"]["text"] == "Our audio dropped"
        # And hub 1 sees its own, while hub 2 and the participants see neither (private events)
        await hubs["h1"].wait_for_event("MessageSent", from_id="h1")
        await s.moderator.send_ok("Broadcast", text="Back to plenary in 5 minutes")
        for client in (ana, hubs["h1"], hubs["h2"]):
            await client.wait_for_event("MessageBroadcast", text="Back to plenary in 5 minutes")
            assert not client.of_type("HandRaised") or client is hubs["h1"]
        assert not hubs["h2"].of_type("MessageSent") and not ana.of_type("MessageSent")
        # And an empty message, a broadcast from a hub, and a too long message are refused
        empty = await hubs["h1"].send("MessageModerator", text="   ")
        assert (empty["code"], empty["field"]) == ("invalid", "text")
        assert (await hubs["h2"].send("Broadcast", text="Hi"))["code"] == "forbidden"
        long = await s.moderator.send("Broadcast", text="x" * 281)
        assert (long["code"], long["field"]) == ("invalid", "text")
        # And lowering the hand reaches the moderator too
        await hubs["h1"].send_ok("RaiseHand", raised=False)
        await s.moderator.wait_for_event("HandRaised", hub_id="h1", raised=False)


async def test_the_moderator_sees_who_is_connected(server: Server) -> None:
    async with open_session(server, people=[Person("Ana", mode="remote")], assign=True) as s:
        await s.moderator.send_ok("RegisterHub", **hub_fields(1))
        # When the hub connects and reports its round trip and two unsent entries
        hub = (await hub_clients(s))["h1"]
        assert (await hub.call("heartbeat", {"seq": 1, "rtt_ms": 180, "unsent": 2}))["ok"] is True
        # Then the moderator's `presence` shows it connected, with what it reported
        links = (await s.moderator.call("presence", {}))["links"]
        link = next(x for x in links if x["role"] == "hub" and x["key"] == "h1")
        assert (link["connected"], link["rtt_ms"], link["unsent"]) == (True, 180, 2)
        # When it goes away, the moderator is told (a `presence` push) and sees since when
        pushed: list[Any] = []
        s.moderator.sio.on("presence", pushed.append)
        await hub.close()

        async def gone() -> bool:
            return any(x["key"] == "h1" and not x["connected"] for p in pushed for x in p["links"])

        await eventually(gone, 5, "a presence push saying the hub went away")
        # And only the moderator may ask
        ana = s.people[0].client
        assert (await ana.call("presence", {}))["code"] == "forbidden"


async def test_rate_limits_are_per_token_not_per_address(server: Server) -> None:
    async with open_session(server, people=[Person("Ana", mode="remote")]) as s:
        for n in (1, 2):
            await s.moderator.send_ok("RegisterHub", **hub_fields(n))
        hubs = await hub_clients(s)  # both from 127.0.0.1, as a hub's people behind one router
        # When hub 1 sends a burst far over the limit (a runaway loop)
        acks = await asyncio.gather(
            *(hubs["h1"].send("SetHeadCount", head_count=12) for _ in range(80))
        )
        # Then part of it is refused as rate_limited, for that token only
        codes = Counter(a.get("code", "ok") if not a["ok"] else "ok" for a in acks)
        assert codes["rate_limited"] >= 20 and codes["ok"] >= 30, codes
        # And hub 2, from the same address, is not limited at all
        for _ in range(10):
            await hubs["h2"].send_ok("SetHeadCount", head_count=12)
        # And hub 1 gets through again once its bucket refills
        await asyncio.sleep(0.3)
        await hubs["h1"].send_ok("SetHeadCount", head_count=12)


async def test_a_remote_group_of_hubs_alone_takes_part_in_the_rotation(server: Server) -> None:
    # Given people in the room and two hubs that sit together in the remote group, nobody
    # remote on their own
    async with open_session(server, people=[Person("Ana"), Person("Ben")]) as s:
        for n in (1, 2):
            await s.moderator.send_ok("RegisterHub", **hub_fields(n))
        await s.moderator.send_ok("AssignGroups", seed=3)
        state = await state_of(s)
        remote = next(g for g in state.groups.values() if g.kind == "remote")
        assert remote.members == () and remote.hubs == ("h1", "h2")
        # When the rotation starts
        await s.moderator.send_ok("StartRotation")
        # Then the hubs' group works on a point like every other group
        group_order, plan = await s.plan()
        assert remote.group_id in group_order
        point = plan[0][group_order.index(remote.group_id)]
        await (await hub_clients(s))["h1"].send_ok(
            "SetHubPositions", point_id=point, counts={"a": 5}
        )


async def test_a_hub_on_long_polling_receives_broadcasts_beside_websocket_pages(
    server: Server,
) -> None:
    # Given the moderator on WebSocket, and a hub whose network allows long-polling only
    async with open_session(server, people=[Person("Ana", mode="remote")], assign=True) as s:
        await s.moderator.send_ok("RegisterHub", **hub_fields(1))
        link = (await s.links())["hubs"][0]["link"]
        hub = socketio.AsyncClient(reconnection=False)
        received: list[Any] = []
        hub.on("events", received.extend)
        await hub.connect(server.url, auth={"token": token_of(link)}, transports=["polling"])
        try:
            # When the moderator broadcasts a few times
            for n in range(5):
                await s.moderator.send_ok("Broadcast", text=f"Notice {n}")

                async def arrived(n: int = n) -> bool:
                    return any(e["event"].get("text") == f"Notice {n}" for e in received)

                # Then each reaches the hub live, and its connection stays up
                await eventually(arrived, 3, f"notice {n} at the polling hub")
                assert hub.connected
        finally:
            await hub.disconnect()
