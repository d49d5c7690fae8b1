"""Group commit in the session service: many commands at once share transactions, and each
still gets its own ack, once its events are durable."""

import asyncio
import itertools

from facilitation import commands as cmd
from facilitation.context import Actor
from facilitation.errors import DomainError
from server.sessions import SessionService
from server.store.memory import MemoryStore
from server.store.protocol import Batch

MODERATOR = Actor("moderator")


class SlowCountingStore(MemoryStore):
    """A store whose commit takes a while, as an fsync does, and that counts commits."""

    def __init__(self) -> None:
        super().__init__()
        self.commits: list[int] = []

    async def append_batch(
        self, session_id: str, expected_version: int, batch: Batch, fence: int | None = None
    ) -> int:
        await asyncio.sleep(0.02)
        self.commits.append(len(batch))
        return await super().append_batch(session_id, expected_version, batch, fence)


class FixedClock:
    def now_ms(self) -> int:
        return 1_000_000


async def _service(store: SlowCountingStore) -> tuple[SessionService, str]:
    ids = (f"id{n}" for n in itertools.count())
    seeds = itertools.count(7)
    service = SessionService(store, FixedClock(), b"k" * 32, lambda: next(ids), lambda: next(seeds))
    created = await service.create(cmd.CreateSession(command_id="create-0001", title="Batch"))
    session_id = created.events[0].event.session_id  # type: ignore[attr-defined]
    await service.dispatch(
        session_id,
        cmd.ConfigureSession(
            command_id="configure-01",
            title="Batch",
            draft="One.\n\nTwo.",
            points=(cmd.PointSpec(paragraph=1, question="Q?", options=("x", "y")),),
        ),
        MODERATOR,
    )
    return service, session_id


def _join(n: int) -> cmd.Join:
    return cmd.Join(
        command_id=f"join-{n:06d}",
        name=f"Person {n}",
        stakeholder_group="Civil society",
        region="Africa",
        mode="room",
    )


async def test_a_crowd_joining_at_once_shares_commits_and_each_gets_its_own_ack() -> None:
    # Given a session whose store takes 20 ms per commit,
    store = SlowCountingStore()
    service, session_id = await _service(store)
    before = len(store.commits)

    # When 60 people join at the same moment,
    acks = await asyncio.gather(
        *(service.dispatch(session_id, _join(n), Actor("guest")) for n in range(60))
    )

    # Then far fewer commits than commands were made,
    commits = store.commits[before:]
    assert sum(commits) == 60 and len(commits) < 10
    # each ack names the event its own command produced, gap-free across the crowd,
    seqs = sorted(a.seq for a in acks)
    assert seqs == list(range(seqs[0], seqs[0] + 60))
    names = {a.events[0].event.participant.name for a in acks}  # type: ignore[attr-defined]
    assert names == {f"Person {n}" for n in range(60)}
    # and the log on the store is what the service holds.
    journal = service.journal(session_id)
    assert journal is not None and len(await store.read(session_id)) == journal.version
    await service.close()


async def test_in_a_batch_a_refusal_and_a_retry_are_answered_and_change_nothing() -> None:
    # Given a session at rest,
    store = SlowCountingStore()
    service, session_id = await _service(store)
    journal = service.journal(session_id)
    assert journal is not None

    # When a join, its retry, and a refused command arrive together,
    results = await asyncio.gather(
        service.dispatch(session_id, _join(1), Actor("guest")),
        service.dispatch(session_id, _join(1), Actor("guest")),
        service.dispatch(session_id, cmd.StartRotation(command_id="start-0001"), MODERATOR),
        return_exceptions=True,
    )

    # Then the join lands once, its retry is a duplicate with the same seq, the refusal is a
    # DomainError, and the log grew by the join's one event only.
    first, retry, refused = results
    assert not isinstance(first, BaseException) and not isinstance(retry, BaseException)
    assert (first.duplicate, retry.duplicate) == (False, True)
    assert retry.seq == first.seq
    assert isinstance(refused, DomainError) and refused.code == "wrong_phase"
    assert len(await store.read(session_id)) == journal.version == first.seq
    await service.close()


class RacingStore(SlowCountingStore):
    """A store shared with another process that gets one append in first, between this
    process's catch-up and its own append (as two servers on one store can)."""

    def __init__(self) -> None:
        super().__init__()
        self.race: list[object] = []

    async def append_batch(
        self, session_id: str, expected_version: int, batch: Batch, fence: int | None = None
    ) -> int:
        if self.race:
            other = self.race.pop()
            assert callable(other)
            await other()
        return await super().append_batch(session_id, expected_version, batch, fence)


async def test_a_command_refused_on_a_stale_state_is_answered_by_what_the_log_holds() -> None:
    # Given two processes on one store, and a session whose stakeholder groups another
    # process widens (to take in "Youth") between this process's catch-up and its append,
    store = RacingStore()
    here, session_id = await _service(store)
    ids = (f"other{n}" for n in itertools.count())
    other = SessionService(store, FixedClock(), b"k" * 32, lambda: next(ids), lambda: 1)
    widened = cmd.ConfigureSession(
        command_id="configure-02",
        title="Batch",
        draft="One.\n\nTwo.",
        points=(cmd.PointSpec(paragraph=1, question="Q?", options=("x", "y")),),
        stakeholder_groups=("Civil society", "Youth"),
    )

    async def widen() -> None:
        await other.dispatch(session_id, widened, MODERATOR)

    store.race.append(widen)

    # When, in one batch here, a join as "Youth" (refused by the stale state) arrives beside a
    # command the stale state accepts,
    youth = cmd.Join(
        command_id="join-youth", name="Yu", stakeholder_group="Youth", region="Asia", mode="room"
    )
    relabel = cmd.ConfigureSession(
        command_id="configure-03",
        title="Batch, renamed",
        draft="One.\n\nTwo.",
        points=(cmd.PointSpec(paragraph=1, question="Q?", options=("x", "y")),),
        stakeholder_groups=("Civil society", "Youth"),
    )
    joined, _ = await asyncio.gather(
        here.dispatch(session_id, youth, Actor("guest")),
        here.dispatch(session_id, relabel, MODERATOR),
        return_exceptions=True,
    )

    # Then the answer the joiner gets is what the log holds: here the retry, decided on the
    # caught-up state, accepted the join, so the joiner is told so (not told it was refused).
    stored = [e.payload for e in await store.read(session_id)]
    in_log = any(b"ParticipantJoined" in p and b"Yu" in p for p in stored)
    assert in_log
    assert not isinstance(joined, BaseException), joined
    assert joined.events[0].event.participant.name == "Yu"  # type: ignore[attr-defined]
    await here.close()
    await other.close()
