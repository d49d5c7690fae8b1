"""A process or Redis dies in the middle of a session: nothing acknowledged is lost or applied
twice, the round still ends exactly once, and pages find their way back."""

import asyncio
import time

from tests.support.live_server import LiveServer
from tests.support.session_client import Client, eventually

from .conftest import Processes
from .outcomes import Writer, notes_in_log, open_writers, writers_session

LEASE_SECS = 5.0  # server/timer.py LEASE_MS
SCAN_SECS = 1.0  # server/timer.py SCAN_SECS
SLACK_SECS = 1.5  # a loaded two-core machine's scheduling, on top of what the design allows


def _acked(writers: list[Writer]) -> int:
    return sum(len(w.acked) for w in writers)


def lease_holder(processes: Processes, session_id: str) -> LiveServer:
    """The process that holds the session's timer lease (its pid is in the holder's name)."""
    holder = processes.redis.client().get(f"rt:{{{session_id}}}:lease")
    assert holder is not None, "nobody holds the timer lease"
    pid = int(holder.decode().split(":")[1])
    return next(s for s in processes.servers if s.process and s.process.pid == pid)


async def test_the_round_ends_once_on_time_when_its_timer_owner_is_killed(own: Processes) -> None:
    # Given a session whose 4-second rounds run, watched from every process,
    created = own.servers[0].create_session("Timer owner")
    moderator = await Client.open(own.urls[0], token=created["moderator_token"])
    await moderator.send_ok(
        "ConfigureSession", title="Timer owner", draft="One.\n\nTwo.",
        points=[{"paragraph": n, "question": "Q?", "options": ["a", "b"]} for n in (1, 2)],
        round_secs=4, group_count=2,
    )  # fmt: skip
    for n in range(4):
        guest = await Client.open(own.urls[n % 3], code=created["code"])
        await guest.join(name=f"P{n}", stakeholder_group="Civil society", region="Africa",
                         mode="room")  # fmt: skip
        await guest.close()
    await moderator.send_ok("AssignGroups", seed=1)
    await moderator.send_ok("StartRotation")
    owner = lease_holder(own, created["session_id"])
    survivors = [s for s in own.servers if s is not owner]
    watcher = await Client.open(survivors[0].url, token=created["moderator_token"])
    try:
        started = (await watcher.wait_for_event("RoundStarted", round=1))["event"]
        # When the process that holds the round's timer is killed a second into the round,
        await asyncio.sleep(1.0)
        owner.kill()
        killed_ms = time.time() * 1000
        # Then a survivor ends the round by itself: at its end, or within the lease plus one
        # scan of the kill if that is later,
        due_ms = max(started["ends_at_ms"], killed_ms + (LEASE_SECS + SCAN_SECS) * 1000)
        ended = await watcher.wait_for_event("RoundEnded", round=1, within=15)
        assert ended["event"]["early"] is False
        arrived_ms = time.time() * 1000 - (time.monotonic() - watcher.arrived_at[ended["seq"]])
        assert arrived_ms <= due_ms + SLACK_SECS * 1000, (arrived_ms - due_ms) / 1000
        # the next round starts,
        await watcher.wait_for_event("RoundStarted", round=2, within=5)
        # and round 1 ended exactly once.
        log = (await watcher.sync(0))["events"]
        ends = [e for e in log if e["event"]["type"] == "RoundEnded" and e["event"]["round"] == 1]
        assert len(ends) == 1
    finally:
        await watcher.close()
        await moderator.close()


async def test_no_write_is_lost_or_doubled_when_a_process_is_killed_under_them(
    own: Processes,
) -> None:
    # Given 20 tablets, half of them on the process that will die,
    moderator, links = await writers_session(own.urls[0], 20)
    doomed = own.servers[1]
    writers = await open_writers(moderator, links, [doomed.url, own.urls[2]])
    try:
        # When they write 500 outcomes at once and that process is killed in the middle,
        # each tablet retrying the same command on another process, as the outbox does,
        async def write_all(n: int) -> None:
            for k in range(25):
                await writers[n].write(f"t{n}-o{k}", f"kill{n:02d}-outcome{k:03d}", own.urls)
                await asyncio.sleep(0.02)

        async def kill_midway() -> None:
            async def enough() -> bool:
                return _acked(writers) >= 150

            await eventually(enough, 30, "150 outcomes before the kill", interval=0.005)
            doomed.kill()

        await asyncio.gather(kill_midway(), *(write_all(n) for n in range(20)))
        assert _acked(writers) == 500 and sum(w.moves for w in writers) >= 5  # it did hit them

        # Then every one of the 500 acknowledged outcomes is in the log once, none twice,
        log = (await moderator.sync(0))["events"]
        acked = [notes for w in writers for notes in w.acked]
        assert len(acked) == 500
        assert notes_in_log(log) == {notes: 1 for notes in acked}
        # and the log has no gap.
        assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    finally:
        for writer in writers:
            await writer.client.close()
        await moderator.close()


async def test_while_redis_restarts_writes_are_refused_at_once_and_nothing_is_lost(
    own: Processes,
) -> None:
    # Given tablets on two processes writing, and a screen on the third,
    moderator, links = await writers_session(own.urls[0], 4)
    writers = await open_writers(moderator, links[:4], own.urls[:2])
    screen_link = (await moderator.call("links", {}))["screen"]
    screen = await Client.open(own.urls[2], token=screen_link.split("#", 1)[1])
    try:
        for n, writer in enumerate(writers):
            await writer.write(f"before-{n}", f"before-{n:04d}", own.urls)
        # When Redis is killed (its append-only file fsynced on every write)
        own.redis.kill()
        # Then a write gets `unavailable` within a couple of seconds, never a hang,
        started = time.monotonic()
        ack = await writers[0].client.send(
            "RecordOutcome", group_id=writers[0].group_id, point_id=writers[0].point_id,
            choice="a", strength="majority", notes="while-down",
        )  # fmt: skip
        assert ack["ok"] is False and ack["code"] == "unavailable", ack
        assert time.monotonic() - started < 2.5
        # and once Redis is back, writes go through again and every acknowledged one is kept,
        own.redis.restart()
        for n, writer in enumerate(writers):
            await writer.write(f"after-{n}", f"after-{n:04d}", own.urls)
        log = (await moderator.sync(0))["events"]
        acked = [notes for w in writers for notes in w.acked]
        assert len(acked) == 8 and notes_in_log(log) == {notes: 1 for notes in acked}
        # and every page catches up: its heartbeat names the head, a sync brings the rest.
        head = log[-1]["seq"]
        for client in [screen, *(w.client for w in writers)]:

            async def in_sync(c: Client = client) -> bool:
                beat = await c.call("heartbeat", {"seq": c.last_seq})
                if beat["head"] > c.last_seq:
                    await c.catch_up()
                return c.last_seq >= head

            await eventually(in_sync, 10, "a page to catch up after Redis came back")
        assert [e["seq"] for e in screen.events] == list(range(1, head + 1))
    finally:
        await screen.close()
        for writer in writers:
            await writer.client.close()
        await moderator.close()
