"""The one thin path through the shell: load state, decide, append, fan out, acknowledge."""

import asyncio
import hashlib
import hmac
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

from facilitation import decide as core
from facilitation.commands import ChangeJoinCode, Command, CreateSession
from facilitation.context import Actor, Context
from facilitation.draft import join_code, normalise_code
from facilitation.errors import DomainError
from facilitation.events import Event, SessionCreated
from facilitation.state import SessionState, evolve

from .batches import BatchWriter, Pending
from .clock import Clock
from .codec import Wire, by_of, seal, seal_batch, seal_recorded
from .journal import Committed, Journal
from .projections import Projections
from .record.chain import GENESIS
from .senders import SYSTEM_SENDER, sender_of
from .store import ConcurrencyError, DuplicateCommand, EventStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Submitted:
    command: Command
    actor: Actor
    sender: str
    """Whose command ids these are: ids are deduplicated per sender (server/senders.py)."""
    seed: int | None = None
    """Randomness drawn ahead for this command (a join code already claimed in the store)."""

    @property
    def key(self) -> str:
        return f"{self.sender}|{self.command.command_id}"


Publish = Callable[[Journal, list[Committed]], "asyncio.Future[None]"]
Changed = Callable[[SessionState], None]
CONCURRENCY_RETRIES = 20  # another process appended first: catch up and decide again
CONTENTION_BACKOFF_SECS = 0.002
"""Per retry, at random up to this times the attempt: processes that keep colliding on one
session's log stop doing so in lockstep."""
CODE_ATTEMPTS = 8  # join codes are 30 bits: a clash is rare, two in a row rarer still
Plan = list[tuple[Pending[Submitted, "Ack"], list[tuple[Event, SessionState]]]]
Refusals = list[tuple[Pending[Submitted, "Ack"], DomainError]]


class SessionExists(Exception):
    """A restore would overwrite a session this server already has."""


@dataclass(frozen=True)
class Ack:
    seq: int
    duplicate: bool
    events: list[Committed]


class SessionService:
    def __init__(
        self,
        store: EventStore,
        clock: Clock,
        secret: bytes,
        new_id: Callable[[], str],
        new_seed: Callable[[], int],
        shared: bool = False,
    ) -> None:
        self._store = store
        self._clock = clock
        self._secret = secret
        self._new_id = new_id
        self._new_seed = new_seed
        self.projections = Projections(store, shared)
        self._publish: list[Publish] = []
        self._changed: list[Changed] = []
        self._writer: BatchWriter[Submitted, Ack] = BatchWriter(self._commit)

    def start(self) -> None:
        self.projections.start()

    async def close(self) -> None:
        await self._writer.close()
        await self.projections.close()

    def on_commit(self, publish: Publish) -> None:
        self._publish.append(publish)

    def on_change(self, changed: Changed) -> None:
        self._changed.append(changed)

    def journal(self, session_id: str) -> Journal | None:
        """The session if this process holds it now; `open` loads it."""
        return self.projections.get(session_id)

    async def open(self, session_id: str) -> Journal | None:
        return await self.projections.open(session_id)

    async def session_for_code(self, code: str) -> str | None:
        return await self._store.session_for_code(normalise_code(code))

    def create_id(self, command_id: str) -> str:
        return hmac.new(self._secret, command_id.encode(), hashlib.sha256).hexdigest()[:20]

    async def create(self, command: CreateSession) -> Ack:
        # The session id follows from the client's command id, so a retried create finds the
        # session it made the first time instead of making a second one.
        session_id = self.create_id(command.command_id)
        async with self.projections.lock(session_id):
            journal = await self.projections.catch_up(session_id)
            if journal is not None:
                return Ack(1, True, journal.between(1, 1))
            for _ in range(CODE_ATTEMPTS):
                created = core.create(command, self._context(Actor("guest"), session_id))[0]
                assert isinstance(created, SessionCreated)
                if await self._store.claim_code(created.code, session_id):
                    break
            else:
                raise RuntimeError("no free join code after several draws")
            payloads, digests = seal(GENESIS, [created], {"role": "operator"})
            await self._store.append(session_id, 0, payloads, command.command_id)
            journal = self.projections.remember(created, digests[0])
            journal.commands[command.command_id] = (1, 1)
            journal.published = 1  # no page can be attached to a session not made yet
        self._committed(journal, journal.events)
        return Ack(1, False, journal.events[:1])

    async def restore(
        self, events: list[Event], command_id: str, recorded: list[Wire] | None = None
    ) -> Journal:
        """Bring back a whole session from an archive of its log, under its own id, stored as
        `recorded` (the archive's own form of each event, which its chain hashes) when given.
        Raises SessionExists when the store already has that session or its join code."""
        first = events[0] if events else None
        if not isinstance(first, SessionCreated):
            raise ValueError("an archive's log opens with SessionCreated")
        session_id = first.session_id
        async with self.projections.lock(session_id):
            if await self.projections.catch_up(session_id) is not None:
                raise SessionExists(session_id)
            if not await self._store.claim_code(first.code, session_id):
                raise SessionExists(session_id)
            wires = recorded or [event.model_dump(mode="json") for event in events]
            payloads, digests = seal_recorded(GENESIS, wires)
            await self._store.append(session_id, 0, payloads, command_id)
            journal = self.projections.remember(first, digests[0])
            added = zip(events[1:], digests[1:], strict=True)
            committed = [journal.events[0], *(journal.add(e, digest=d) for e, d in added)]
            journal.published = journal.version  # nobody is attached yet: a first sync has it
            self._committed(journal, committed)
        return journal

    async def dispatch(
        self, session_id: str, command: Command, actor: Actor, sender: str | None = None
    ) -> Ack:
        """Decide and commit; raises DomainError on refusal (nothing changes then). The ack
        comes once the command's events are durable, together with those queued beside it.
        `sender` scopes the command id (a guest's device; by default the actor's token)."""
        sender = sender or sender_of(actor)
        if isinstance(command, ChangeJoinCode):
            return await self._change_code(session_id, command, actor, sender)
        return await self._writer.submit(session_id, Submitted(command, actor, sender))

    async def _change_code(
        self, session_id: str, command: ChangeJoinCode, actor: Actor, sender: str
    ) -> Ack:
        """A new code is claimed in the store before the command is decided with it, so two
        sessions never share one; whichever of the two codes ends up unused is let go."""
        journal = await self.projections.open(session_id)
        old = journal.state.code if journal is not None else None
        for _ in range(CODE_ATTEMPTS):
            seed = self._new_seed()
            if await self._store.claim_code(join_code(seed), session_id):
                break
        else:
            raise RuntimeError("no free join code after several draws")
        new = join_code(seed)
        try:
            ack = await self._writer.submit(session_id, Submitted(command, actor, sender, seed))
        except BaseException:
            await self._store.release_code(new, session_id)
            raise
        if ack.duplicate or not ack.events:
            await self._store.release_code(new, session_id)
        elif old is not None:
            await self._store.release_code(old, session_id)
        return ack

    async def fire(self, session_id: str, command: Command, actor: Actor, fence: int) -> Ack:
        """The timer's command, alone in its commit, appended only while `fence` is still the
        session's lease epoch: a stale owner's late EndRound is refused (FencedOut)."""
        pending: Pending[Submitted, Ack] = Pending(Submitted(command, actor, SYSTEM_SENDER))
        await self._commit(session_id, [pending], fence)
        return await pending.done

    async def _commit(
        self, session_id: str, batch: list[Pending[Submitted, Ack]], fence: int | None = None
    ) -> None:
        async with self.projections.lock(session_id):
            for attempt in range(CONCURRENCY_RETRIES):
                if attempt:
                    await asyncio.sleep(random.uniform(0, CONTENTION_BACKOFF_SECS * attempt))  # noqa: S311
                journal = await self.projections.catch_up(session_id)
                if journal is None:
                    raise KeyError(session_id)
                plan, refusals = self._decide_all(journal, batch)
                # Commands that change nothing are recorded too, so that a retry after the
                # round moved on is acknowledged as a duplicate, not refused as stale.
                commands = [
                    (p.item.key, [e for e, _ in evs], by_of(p.item.actor)) for p, evs in plan
                ]
                entries, digests = seal_batch(journal.head, commands)
                try:
                    if entries:
                        await self._store.append_batch(session_id, journal.version, entries, fence)
                except ConcurrencyError:
                    continue  # the catch-up at the top of the loop sees what was appended
                except DuplicateCommand:
                    await self._learn_commands(session_id, journal, [p for p, _ in plan])
                    continue
                break
            else:
                raise ConcurrencyError(f"{session_id}: too many concurrent writers")
            # Refusals are answered only now: decided against a state another process had
            # already moved on from, a command refused then may be accepted on the retry.
            for pending, refused in refusals:
                pending.resolve(refused)
            answers = self._apply(journal, plan, digests)
            committed = [c for _, ack in answers for c in ack.events]
            _answer_once_sent(self._committed(journal, committed), answers)
        answered = {id(p) for p, _ in answers} | {id(p) for p, _ in refusals}
        for pending in batch:  # duplicates, answered once the batch is durable
            if id(pending) not in answered and pending.item.key in journal.commands:
                first, last = journal.commands[pending.item.key]
                pending.resolve(Ack(last, True, journal.between(first, last)))

    async def _learn_commands(
        self, session_id: str, journal: Journal, pendings: list[Pending[Submitted, Ack]]
    ) -> None:
        """Another process stored one of these command ids: find out which, and where."""
        for pending in pendings:
            key = pending.item.key
            stored = await self._store.command(session_id, key)
            if stored is not None:
                journal.commands[key] = stored

    def _apply(
        self, journal: Journal, plan: Plan, digests: list[str]
    ) -> list[tuple[Pending[Submitted, Ack], Ack]]:
        answers = []
        chained = iter(digests)
        for pending, events in plan:
            first = journal.version + 1
            mine = [journal.add(event, after, digest=next(chained)) for event, after in events]
            journal.commands[pending.item.key] = (first, journal.version)
            answers.append((pending, Ack(journal.version, False, mine)))
        return answers

    def _decide_all(
        self, journal: Journal, batch: list[Pending[Submitted, Ack]]
    ) -> tuple[Plan, Refusals]:
        """Each command decided against the state its predecessors in the batch left."""
        state = journal.state
        plan: Plan = []
        refusals: Refusals = []
        taken: set[str] = set()
        for pending in batch:
            submitted = pending.item
            if submitted.key in journal.commands or submitted.key in taken:
                continue  # acknowledged as a duplicate once the batch is durable
            try:
                events = core.decide(
                    state, submitted.command, self._context(submitted.actor, seed=submitted.seed)
                )
            except DomainError as refused:
                refusals.append((pending, refused))
                continue
            folded = []
            for event in events:
                state = evolve(state, event)
                folded.append((event, state))
            taken.add(submitted.key)
            plan.append((pending, folded))
        return plan, refusals

    def _context(self, actor: Actor, new_id: str | None = None, seed: int | None = None) -> Context:
        return Context(
            actor,
            self._clock.now_ms(),
            new_id or self._new_id(),
            seed if seed is not None else self._new_seed(),
        )

    def _committed(
        self, journal: Journal, committed: list[Committed]
    ) -> "list[asyncio.Future[None]]":
        if not committed:
            return []
        self.projections.committed(journal)
        sent = [publish(journal, committed) for publish in self._publish]
        for changed in self._changed:
            changed(journal.state)
        return sent


def _answer_once_sent(
    sent: "list[asyncio.Future[None]]", answers: list[tuple[Pending[Submitted, Ack], Ack]]
) -> None:
    """Acks leave once the events are on their way to every page (see Fanout.publish)."""

    def answer(_: object = None) -> None:
        for pending, ack in answers:
            pending.resolve(ack)

    if not sent:
        answer()
    elif len(sent) == 1:
        sent[0].add_done_callback(answer)
    else:
        asyncio.gather(*sent).add_done_callback(answer)
