"""How many commands one session commits per second on the embedded SQLite store, fsync on
every transaction: a 2,000-person room joining, then taking positions, all at once."""

import asyncio
import itertools
import tempfile
import time
from pathlib import Path

from facilitation import commands as cmd
from facilitation.context import Actor
from server.clock import SystemClock
from server.sessions import SessionService
from server.store.sqlite import SQLiteStore

PEOPLE = 2_000  # the largest session the product is designed for, on one core
MODERATOR = Actor("moderator")


async def _session(service: SessionService) -> str:
    created = await service.create(cmd.CreateSession(command_id="bench-create", title="Bench"))
    session_id: str = created.events[0].event.session_id  # type: ignore[attr-defined]
    await service.dispatch(
        session_id,
        cmd.ConfigureSession(
            command_id="bench-configure",
            title="Bench",
            draft="One.\n\nTwo.\n\nThree.\n\nFour.",
            points=tuple(
                cmd.PointSpec(paragraph=n, question=f"Question {n}?", options=("Yes", "No"))
                for n in range(1, 5)
            ),
            target_group_size=8,
        ),
        MODERATOR,
    )
    return session_id


async def measure() -> list[tuple[str, float, int]]:
    with tempfile.TemporaryDirectory() as directory:
        store = await SQLiteStore.open(str(Path(directory) / "bench.db"))
        ids = (f"p{n}" for n in itertools.count())
        seeds = itertools.count(1)
        service = SessionService(
            store, SystemClock(), b"bench" * 8, lambda: next(ids), lambda: next(seeds)
        )
        session_id = await _session(service)
        results = []

        started = time.perf_counter()
        joined = await asyncio.gather(
            *(
                service.dispatch(
                    session_id,
                    cmd.Join(
                        command_id=f"join-{n:06d}",
                        name=f"Person {n}",
                        stakeholder_group="Civil society",
                        region="Africa",
                        mode="room",
                    ),
                    Actor("guest"),
                )
                for n in range(PEOPLE)
            )
        )
        results.append(("joins", time.perf_counter() - started, len(joined)))

        await service.dispatch(session_id, cmd.AssignGroups(command_id="bench-assign"), MODERATOR)
        await service.dispatch(session_id, cmd.StartRotation(command_id="bench-start"), MODERATOR)
        journal = service.journal(session_id)
        assert journal is not None
        state = journal.state
        people = [a.events[0].event.participant.participant_id for a in joined]  # type: ignore[attr-defined]

        def position(n: int, pid: str) -> cmd.TakePosition:
            point = state.current_point(state.group_of[pid]) or ""
            return cmd.TakePosition(command_id=f"pos-{n:06d}", point_id=point, choice="a")

        started = time.perf_counter()
        taken = await asyncio.gather(
            *(
                service.dispatch(session_id, position(n, pid), Actor("participant", pid))
                for n, pid in enumerate(people)
            )
        )
        results.append(("positions", time.perf_counter() - started, len(taken)))
        await service.close()
        await store.close()
    return results


def report() -> list[str]:
    lines = []
    for what, seconds, count in asyncio.run(measure()):
        lines.append(
            f"  {count} {what} at once in one session: {seconds:.2f} s, "
            f"{count / seconds:,.0f} commands/s (SQLite, fsync per commit)"
        )
    return lines
