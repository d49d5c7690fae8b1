"""The one thin path through the shell: load state, decide, append, fan out, acknowledge."""

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass

from facilitation import decide as core
from facilitation.commands import Command, CreateSession
from facilitation.context import Actor, Context
from facilitation.draft import normalise_code
from facilitation.errors import DomainError
from facilitation.events import Event, SessionCreated
from facilitation.state import SessionState, evolve, initial

from .batches import BatchWriter, Pending
from .clock import Clock
from .codec import decode, encode
from .journal import Committed, Journal
from .store import ConcurrencyError, DuplicateCommand, EventStore

log = logging.getLogger(__name__)

Submitted = tuple[Command, Actor]
Publish = Callable[[Journal, list[Committed]], "asyncio.Future[None]"]
Changed = Callable[[SessionState], None]
CONCURRENCY_RETRIES = 3  # another process appended first: catch up and decide again
CODE_ATTEMPTS = 8  # join codes are 30 bits: a clash is rare, two in a row rarer still


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
    ) -> None:
        self._store = store
        self._clock = clock
        self._secret = secret
        self._new_id = new_id
        self._new_seed = new_seed
        self._journals: dict[str, Journal] = {}
        self._codes: dict[str, str] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._publish: list[Publish] = []
        self._changed: list[Changed] = []
        self._writer: BatchWriter[Submitted, Ack] = BatchWriter(self._commit)

    async def close(self) -> None:
        await self._writer.close()

    def on_commit(self, publish: Publish) -> None:
        self._publish.append(publish)

    def on_change(self, changed: Changed) -> None:
        self._changed.append(changed)

    async def load_all(self) -> list[SessionState]:
        for session_id in await self._store.session_ids():
            await self._catch_up(session_id)
        return [j.state for j in self._journals.values()]

    def journal(self, session_id: str) -> Journal | None:
        return self._journals.get(session_id)

    def session_for_code(self, code: str) -> str | None:
        return self._codes.get(normalise_code(code))

    def create_id(self, command_id: str) -> str:
        return hmac.new(self._secret, command_id.encode(), hashlib.sha256).hexdigest()[:20]

    async def create(self, command: CreateSession) -> Ack:
        # The session id follows from the client's command id, so a retried create finds the
        # session it made the first time instead of making a second one.
        session_id = self.create_id(command.command_id)
        async with self._lock(session_id):
            journal = await self._catch_up(session_id)
            if journal is not None:
                return Ack(1, True, journal.between(1, 1))
            for _ in range(CODE_ATTEMPTS):
                created = core.create(command, self._context(Actor("guest"), session_id))[0]
                assert isinstance(created, SessionCreated)
                if created.code not in self._codes:
                    break
            assert isinstance(created, SessionCreated)
            await self._store.append(session_id, 0, [encode(created)], command.command_id)
            journal = self._remember(created)
        self._committed(journal, journal.events)
        return Ack(1, False, journal.events[:1])

    async def restore(self, events: list[Event], command_id: str) -> Journal:
        """Bring back a whole session from an archive of its log, under its own id.
        Raises SessionExists when this server already has that session or its join code."""
        first = events[0] if events else None
        if not isinstance(first, SessionCreated):
            raise ValueError("an archive's log opens with SessionCreated")
        session_id = first.session_id
        async with self._lock(session_id):
            if await self._catch_up(session_id) is not None or first.code in self._codes:
                raise SessionExists(session_id)
            await self._store.append(session_id, 0, [encode(e) for e in events], command_id)
            journal = self._remember(first)
            added = [journal.add(e) for e in events[1:]]
            committed = [journal.events[0], *added]
            self._committed(journal, committed)
        return journal

    async def dispatch(self, session_id: str, command: Command, actor: Actor) -> Ack:
        """Decide and commit; raises DomainError on refusal (nothing changes then). The ack
        comes once the command's events are durable, together with those queued beside it."""
        return await self._writer.submit(session_id, (command, actor))

    async def _commit(self, session_id: str, batch: list[Pending[Submitted, Ack]]) -> None:
        async with self._lock(session_id):
            for _ in range(CONCURRENCY_RETRIES):
                journal = await self._catch_up(session_id)
                if journal is None:
                    raise KeyError(session_id)
                plan, refusals = self._decide_all(journal, batch)
                # Commands that change nothing are recorded too, so that a retry after the
                # round moved on is acknowledged as a duplicate, not refused as stale.
                entries = [(p.item[0].command_id, [encode(e) for e, _ in evs]) for p, evs in plan]
                try:
                    if entries:
                        await self._store.append_batch(session_id, journal.version, entries)
                except (ConcurrencyError, DuplicateCommand):
                    continue  # the catch-up at the top of the loop sees what was appended
                break
            else:
                raise ConcurrencyError(f"{session_id}: too many concurrent writers")
            # Refusals are answered only now: decided against a state another process had
            # already moved on from, a command refused then may be accepted on the retry.
            for pending, refused in refusals:
                pending.resolve(refused)
            committed: list[Committed] = []
            answers: list[tuple[Pending[Submitted, Ack], Ack]] = []
            for pending, events in plan:
                first = journal.version + 1
                mine = [journal.add(event, after) for event, after in events]
                journal.commands[pending.item[0].command_id] = (first, journal.version)
                committed += mine
                answers.append((pending, Ack(journal.version, False, mine)))
            _answer_once_sent(self._committed(journal, committed), answers)
        answered = {id(p) for p, _ in answers} | {id(p) for p, _ in refusals}
        for pending in batch:  # duplicates, answered once the batch is durable
            if id(pending) not in answered and pending.item[0].command_id in journal.commands:
                first, last = journal.commands[pending.item[0].command_id]
                pending.resolve(Ack(last, True, journal.between(first, last)))

    def _decide_all(self, journal: Journal, batch: list[Pending[Submitted, Ack]]) -> tuple[
        list[tuple[Pending[Submitted, Ack], list[tuple[Event, SessionState]]]],
        list[tuple[Pending[Submitted, Ack], DomainError]],
    ]:
        """Each command decided against the state its predecessors in the batch left."""
        state = journal.state
        plan = []
        refusals = []
        taken: set[str] = set()
        for pending in batch:
            command, actor = pending.item
            if command.command_id in journal.commands or command.command_id in taken:
                continue  # acknowledged as a duplicate once the batch is durable
            try:
                events = core.decide(state, command, self._context(actor))
            except DomainError as refused:
                refusals.append((pending, refused))
                continue
            folded = []
            for event in events:
                state = evolve(state, event)
                folded.append((event, state))
            taken.add(command.command_id)
            plan.append((pending, folded))
        return plan, refusals

    def _context(self, actor: Actor, new_id: str | None = None) -> Context:
        return Context(actor, self._clock.now_ms(), new_id or self._new_id(), self._new_seed())

    def _lock(self, session_id: str) -> asyncio.Lock:
        return self._locks.setdefault(session_id, asyncio.Lock())

    def _remember(self, created: SessionCreated) -> Journal:
        journal = Journal.start(created, initial(created))
        self._journals[created.session_id] = journal
        self._codes[created.code] = created.session_id
        return journal

    async def _catch_up(self, session_id: str) -> Journal | None:
        """Fold in what the store has beyond what this process has seen."""
        journal = self._journals.get(session_id)
        after = journal.version if journal else 0
        stored = await self._store.read(session_id, after)
        if not stored:
            return journal
        events = [decode(s.payload) for s in stored]
        if journal is None:
            first = events.pop(0)
            if not isinstance(first, SessionCreated):
                raise ValueError(f"the log of {session_id} does not open with SessionCreated")
            journal = self._remember(first)
        for event in events:
            journal.add(event)
        # Loaded, not made here: whoever committed them has sent them (or they are old).
        journal.published = journal.version
        journal.commands = await self._store.commands(session_id)
        return journal

    def _committed(
        self, journal: Journal, committed: list[Committed]
    ) -> "list[asyncio.Future[None]]":
        sent = [publish(journal, committed) for publish in self._publish] if committed else []
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
        return
    asyncio.gather(*sent).add_done_callback(answer)
