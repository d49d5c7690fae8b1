"""A server killed outright (SIGKILL: no shutdown hook runs) and started again on the same
SQLite file loses no acknowledged event, honours the links it gave, and runs the round on."""

import signal
from pathlib import Path

from tests.support.servers import Server
from tests.support.session_builder import Person, open_session

ROUND_SECS = 3  # long enough to kill and restart the server inside round 1
SLACK_SECS = 5


async def test_a_killed_server_restarts_with_every_acknowledged_event_and_its_timer(
    tmp_path: Path,
) -> None:
    server = Server(tmp_path / "roundtable.db").start()
    try:
        # Given a running round 1 in which a position and an outcome were acknowledged,
        async with open_session(
            server,
            people=[Person("Ana"), Person("Eli", "Government", mode="remote")],
            points=2,
            round_secs=ROUND_SECS,
            start=True,
        ) as session:
            moderator = session.moderator
            ana = session.people[0]
            group_id = await session.group_of(ana)
            point_id = await session.point_of(group_id, 1)
            facilitator = await session.facilitator(group_id)
            position = await ana.client.send_ok("TakePosition", point_id=point_id, choice="a")
            outcome = await facilitator.send_ok(
                "RecordOutcome",
                group_id=group_id,
                point_id=point_id,
                choice="a",
                strength="consensus",
            )
            before = await session.log()
            assert before[-1]["seq"] == outcome["seq"] > position["seq"]
            round_one = next(e["event"] for e in before if e["event"]["type"] == "RoundStarted")

            # When the server is killed mid-round and started again on the same file and port,
            server.kill()
            assert server.process is not None and server.process.returncode == -signal.SIGKILL
            server.start()

            # Then the moderator's link still works and every acknowledged event is there as it was,
            await moderator.wait_disconnected()
            await moderator.connect(token=moderator.token)
            after = (await moderator.sync(0))["events"]
            assert after[: len(before)] == before
            # the participant's and the facilitator's tokens still work, and so does the join code,
            phone = await session.connect(token=ana.token)
            me = (await phone.sync(0))["me"]
            assert (me["role"], me["participant_id"], me["group_id"]) == (
                "participant",
                ana.participant_id,
                group_id,
            )
            tablet = await session.connect(token=facilitator.token)
            assert (await tablet.sync(0))["me"]["group_id"] == group_id
            guest = await session.connect(code=session.code)
            assert (await guest.sync(0))["me"]["role"] == "guest"
            # and the timer was re-armed: round 1 ends by itself, on time, and round 2 starts.
            await moderator.catch_up()
            started = await moderator.wait_for_event(
                "RoundStarted", round=2, within=ROUND_SECS + SLACK_SECS
            )
            ended = await moderator.wait_for_event("RoundEnded", round=1)
            assert ended["event"]["early"] is False
            assert ended["event"]["ended_at_ms"] >= round_one["ends_at_ms"]
            assert started["seq"] == ended["seq"] + 1 == outcome["seq"] + 2
    finally:
        server.stop()
