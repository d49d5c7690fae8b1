"""The sessions this process holds in memory, and only those: a session is loaded when a page,
a command, an export or the timer needs it (from its snapshot plus the events after it),
caught up with what other processes appended when the store is shared, and dropped once
nothing has used it for a while. Start-up loads nothing."""

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress

from facilitation.events import Event, SessionCreated
from facilitation.state import SessionState

from .codec import event_of, recorded
from .journal import Committed, Journal
from .record.chain import last_hash
from .snapshots import SCHEMA, SNAPSHOT_EVERY_EVENTS, decode_state, encode_state
from .store import EventStore, StoreError

log = logging.getLogger(__name__)
CaughtUp = Callable[[Journal, list[Committed]], object]
IDLE_SECS = 600.0  # a session nobody touched for ten minutes leaves memory (reloads on demand)
SWEEP_SECS = 60.0


class Projections:
    def __init__(self, store: EventStore, shared: bool) -> None:
        self._store = store
        self._shared = shared
        """Other processes append to the same store: catch up before answering from memory."""
        self._journals: dict[str, Journal] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._pins: Counter[str] = Counter()
        self._used: dict[str, float] = {}
        self._refreshed: dict[str, float] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._sweeper: asyncio.Task[None] | None = None
        self._caught_up: list[CaughtUp] = []

    def on_caught_up(self, callback: "CaughtUp") -> None:
        """Told of the events another process appended, as this one learns of them."""
        self._caught_up.append(callback)

    @property
    def shared(self) -> bool:
        return self._shared

    def start(self) -> None:
        self._sweeper = asyncio.create_task(self._sweep())

    async def close(self) -> None:
        tasks = [*self._tasks, *([self._sweeper] if self._sweeper else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError):
                await task

    def lock(self, session_id: str) -> asyncio.Lock:
        """Held while a session is loaded, caught up or committed to: never two at once."""
        return self._locks.setdefault(session_id, asyncio.Lock())

    def get(self, session_id: str) -> Journal | None:
        """The session if this process holds it now (no store access)."""
        journal = self._journals.get(session_id)
        if journal is not None:
            self._used[session_id] = time.monotonic()
        return journal

    async def open(self, session_id: str) -> Journal | None:
        """The session, loaded if need be and, on a shared store, caught up; None if the
        store has no such session."""
        journal = self.get(session_id)
        if journal is not None and not self._shared:
            return journal
        async with self.lock(session_id):
            return await self.catch_up(session_id)

    async def refresh(self, session_id: str, max_age_secs: float) -> None:
        """On a shared store, catch up if the last catch-up is older than `max_age_secs`: how
        a process learns of another's events often enough for heartbeats to name a head that
        reveals a lost broadcast, without a store read per heartbeat."""
        if not self._shared:
            return
        now = time.monotonic()
        if now - self._refreshed.get(session_id, 0.0) < max_age_secs:
            return
        self._refreshed[session_id] = now
        async with self.lock(session_id):
            await self.catch_up(session_id)

    async def catch_up(self, session_id: str) -> Journal | None:
        """Fold in what the store has beyond what this process holds. Hold the lock."""
        journal = self.get(session_id)
        if journal is None:
            return await self._load(session_id)
        stored = await self._store.read(session_id, journal.version)
        entries = [recorded(s.payload) for s in stored]
        # Only the newest hash is needed (what this process's next event links to): one hash
        # per catch-up, not one per event, keeps the window between read and append short.
        head = last_hash([(e.link, e.wire) for e in entries], journal.head) if entries else None
        added = [journal.add(event_of(e.wire)) for e in entries]
        if head is not None:
            journal.chained = (journal.version, head)
        # Appended by another process, which has sent them: a page here had them live.
        journal.published = journal.version
        if added:
            for callback in self._caught_up:
                callback(journal, added)
        return journal

    async def _load(self, session_id: str) -> Journal | None:
        stored = await self._store.read(session_id)
        if not stored:
            return None
        snapshot = await self._store.load_snapshot(session_id)
        folded = None
        if snapshot is not None and snapshot.schema == SCHEMA:
            folded = decode_state(snapshot.payload)
        entries = [recorded(s.payload) for s in stored]
        events: list[Event] = [event_of(e.wire) for e in entries]
        head = last_hash([(e.link, e.wire) for e in entries])
        journal = Journal.load(events, folded, head)
        journal.commands = await self._store.commands(session_id)
        self._journals[session_id] = journal
        self._used[session_id] = time.monotonic()
        if folded is None:
            self.committed(journal)  # a first snapshot, or one of the current schema
        return journal

    def remember(self, created: SessionCreated, digest: str) -> Journal:
        """A session this process has just created (its first event stored, with this chain
        hash)."""
        journal = Journal.start(created, digest)
        self._journals[created.session_id] = journal
        self._used[created.session_id] = time.monotonic()
        return journal

    def committed(self, journal: Journal) -> None:
        """After events were added: keep a snapshot every so many events."""
        if journal.version - journal.snapshot_at < SNAPSHOT_EVERY_EVENTS:
            return
        journal.snapshot_at = journal.version
        state = journal.state  # immutable: safe to encode after later commits
        task = asyncio.create_task(self._snapshot(state.session_id, state.version, state))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _snapshot(self, session_id: str, version: int, state: SessionState) -> None:
        try:
            payload = encode_state(state)
            await self._store.save_snapshot(session_id, version, SCHEMA, payload)
        except StoreError as error:  # the next one will do: a snapshot only saves time
            log.warning("snapshot of %s at %d not saved: %s", session_id, version, error)

    def pin(self, session_id: str) -> None:
        """Kept in memory while pinned (a page attached, a timer held)."""
        self._pins[session_id] += 1

    def unpin(self, session_id: str) -> None:
        self._pins[session_id] -= 1
        if self._pins[session_id] <= 0:
            del self._pins[session_id]
            self._used[session_id] = time.monotonic()

    def evict_idle(self, now: float) -> list[str]:
        idle = [
            s
            for s, used in self._used.items()
            if now - used >= IDLE_SECS and s not in self._pins and not self.lock(s).locked()
        ]
        for session_id in idle:
            self._journals.pop(session_id, None)
            self._used.pop(session_id, None)
            self._refreshed.pop(session_id, None)
            self._locks.pop(session_id, None)
        return idle

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_SECS)
            dropped = self.evict_idle(time.monotonic())
            if dropped:
                log.info("%d idle session(s) left memory", len(dropped))
