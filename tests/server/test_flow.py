"""A breakout from set-up to the last round, driven as the pages drive it, on a real server."""

import time
from typing import Any

from facilitation.events import EVENTS
from facilitation.state import replay
from tests.support.servers import Server
from tests.support.session_builder import ROOM_AND_REMOTE, Person, open_session
from tests.support.session_client import Client, Envelope, eventually

ROUND_SECS = 2
SLACK_SECS = 5  # start-up of a round and fan-out, on a loaded two-core machine


def types(log: list[Envelope]) -> list[str]:
    return [e["event"]["type"] for e in log]


def only(log: list[Envelope], event_type: str) -> list[dict[str, Any]]:
    return [e["event"] for e in log if e["event"]["type"] == event_type]


async def server_now(client: Client) -> int:
    return int((await client.call("clock", {"t": time.time() * 1000}))["now"])


async def test_a_breakout_runs_from_set_up_to_the_last_round_on_the_servers_timer(
    server: Server,
) -> None:
    # Given a session with three points and two-second rounds, joined by code by six people
    # of mixed stakeholder groups, one remote and one at a hub,
    async with open_session(
        server, people=ROOM_AND_REMOTE, points=3, round_secs=ROUND_SECS, group_count=2
    ) as session:
        moderator = session.moderator
        # and groups assigned by the moderator, who then reads the links,
        await moderator.send_ok("AssignGroups")
        links = await session.links()
        assert links["code"] == session.code
        group_ids = [f["group_id"] for f in links["facilitators"]]
        assert len(group_ids) == 3  # two room groups, one for the remote people
        group_of = {p.participant_id: await session.group_of(p) for p in session.people}
        first_group = group_of[session.people[0].participant_id]
        facilitator = await session.facilitator(first_group)

        # When the moderator starts the rotation,
        await moderator.send_ok("StartRotation")
        group_order, plan = await session.plan()
        # participants take positions on their group's point of round 1,
        chosen: dict[str, tuple[str, str]] = {}
        for index, person in enumerate(session.people):
            point_id = plan[0][group_order.index(group_of[person.participant_id])]
            choice = "a" if index % 2 == 0 else "b"
            await person.client.send_ok("TakePosition", point_id=point_id, choice=choice)
            chosen[person.participant_id] = (point_id, choice)
        # a facilitator records their group's outcome for its current point,
        first_point = plan[0][group_order.index(first_group)]
        await facilitator.send_ok(
            "RecordOutcome",
            group_id=first_group,
            point_id=first_point,
            choice="a",
            strength="rough_consensus",
            hands={"in_favour": 5, "against": 1, "abstain": 0},
            notes="One voice against.",
        )
        # and nobody ends a round: the server's timer does, round after round,
        await moderator.wait_for_event(
            "RotationFinished", within=len(plan) * ROUND_SECS + SLACK_SECS
        )

        # Then the log, as the moderator syncs it from the start, is numbered 1..head with no gap,
        synced = await moderator.sync(0)
        log = synced["events"]
        assert [e["seq"] for e in log] == list(range(1, synced["head"] + 1))
        # and the moderator received every event once, in order: the first through its sync
        # on connecting, every later one live,
        assert [e["seq"] for e in moderator.events] == list(range(1, synced["head"] + 1))
        assert sorted(moderator.arrived_at) == list(range(2, synced["head"] + 1))
        # every group considered every point exactly once, one round per point,
        all_points = ["p1", "p2", "p3"]
        assert len(plan) == len(all_points)
        assert sorted(group_order) == sorted(group_ids)
        for column in range(len(group_order)):
            assert sorted(row[column] for row in plan) == all_points
        assert [e["round"] for e in only(log, "RoundStarted")] == [1, 2, 3]
        # every round ended by the timer, not before its time, and the rotation then finished,
        ends_at = {e["round"]: e["ends_at_ms"] for e in only(log, "RoundStarted")}
        ended = only(log, "RoundEnded")
        assert [e["round"] for e in ended] == [1, 2, 3]
        assert all(not e["early"] for e in ended)
        assert all(e["ended_at_ms"] >= ends_at[e["round"]] for e in ended)
        assert types(log)[-1] == "RotationFinished"
        # and the state folded from that log holds the outcome and every position.
        state = replay(EVENTS.validate_python(e["event"]) for e in log)
        assert state.phase == "finished"
        for group_id in group_order:
            assert sorted(state.considered_points(group_id)) == all_points
        outcome = state.outcomes[(first_group, first_point)]
        assert (outcome.choice, outcome.strength, outcome.recorded_by) == (
            "a",
            "rough_consensus",
            "facilitator",
        )
        assert outcome.round == 1 and outcome.hands.in_favour == 5
        for participant_id, (point_id, choice) in chosen.items():
            position = state.positions[point_id][participant_id]
            assert (position.choice, position.round) == (choice, 1)
            assert position.group_id == group_of[participant_id]


async def test_the_moderator_pauses_resumes_extends_and_ends_a_round(server: Server) -> None:
    # Given a running rotation of two points with two-second rounds,
    async with open_session(
        server, people=[Person("Ana")], points=2, round_secs=ROUND_SECS, start=True
    ) as session:
        moderator = session.moderator
        first_end = int(only(await session.log(), "RoundStarted")[0]["ends_at_ms"])

        # When the moderator pauses round 1,
        paused = await moderator.send_ok("PauseRound")
        # Then the pause keeps the time that was left,
        event = (await moderator.wait_for_event("RoundPaused", round=1))["event"]
        assert 0 < event["remaining_ms"] <= ROUND_SECS * 1000
        assert paused["seq"] == (await moderator.wait_for_event("RoundPaused"))["seq"]
        remaining = event["remaining_ms"]

        # and the round does not end while paused, even once its end time has passed.
        async def end_time_passed() -> bool:
            return await server_now(moderator) >= first_end + 300

        await eventually(end_time_passed, ROUND_SECS + SLACK_SECS, "the server's clock to pass")
        assert "RoundEnded" not in types(await session.log())

        # When the moderator extends the paused round by a minute,
        await moderator.send_ok("ExtendRound", minutes=1)
        # Then only the time left moves,
        extended = (await moderator.wait_for_event("RoundExtended", round=1))["event"]
        assert extended["remaining_ms"] == remaining + 60_000
        assert extended["ends_at_ms"] is None

        # When the moderator resumes it,
        await moderator.send_ok("ResumeRound")
        # Then it ends after the time that was left from now on,
        resumed = (await moderator.wait_for_event("RoundResumed", round=1))["event"]
        assert resumed["ends_at_ms"] > first_end + 60_000

        # When the moderator extends the running round by a minute,
        await moderator.send_ok("ExtendRound", minutes=1)
        # Then its end moves a minute later,
        running = (
            await moderator.wait_for(
                lambda e: (
                    e["event"]["type"] == "RoundExtended" and e["event"]["ends_at_ms"] is not None
                )
            )
        )["event"]
        assert running["ends_at_ms"] == resumed["ends_at_ms"] + 60_000

        # When the moderator ends round 1 to move on,
        await moderator.send_ok("EndRound", round=1)
        # Then round 1 ends early and round 2 starts at once,
        assert (await moderator.wait_for_event("RoundEnded", round=1))["event"]["early"] is True
        await moderator.wait_for_event("RoundStarted", round=2)
        # and round 2, left alone, ends by the server's timer and finishes the rotation.
        ended = await moderator.wait_for_event(
            "RoundEnded", round=2, within=ROUND_SECS + SLACK_SECS
        )
        assert ended["event"]["early"] is False
        await moderator.wait_for_event("RotationFinished")
        assert types(await session.log())[-3:] == ["RoundStarted", "RoundEnded", "RotationFinished"]


async def test_a_position_from_a_phone_reaches_the_screen_within_a_second(
    server: Server,
) -> None:
    # Given a running round and the room's screen connected with the link from `links`,
    async with open_session(server, people=[Person("Ana")], start=True) as session:
        screen = await session.screen()
        ana = session.people[0]
        point_id = await session.point_of(await session.group_of(ana), 1)

        # When Ana takes a position on her phone,
        sent_at = time.monotonic()
        ack = await ana.client.send_ok("TakePosition", point_id=point_id, choice="b")

        # Then the screen's `event` handler has it within a second, numbered as acknowledged.
        shown = await screen.wait_for_event(
            "PositionTaken", within=1.0, participant_id=ana.participant_id, choice="b"
        )
        assert screen.arrived_at[shown["seq"]] - sent_at < 1.0
        assert shown["seq"] == ack["seq"]
        assert shown["event"]["point_id"] == point_id
