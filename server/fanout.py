"""Committed events to the pages that may see them, one message per audience per short tick.

At 100 positions a second, sending each event on its own costs every watcher (moderator,
screen, 20 tablets) 100 messages a second; events committed within one tick go out together
as one `events` message per audience instead. The first event after a quiet spell leaves at
once, so a lone change is never held back by the tick.

Audiences: watchers (moderator, screen, facilitators) get every event of the tick in one
message. Everyone else (participants, hubs, guests, endorsers) gets public events through the
session room and their own private events through their own room, in sequence order: runs of
public events and of private events are sent one after another, so no page ever receives an
event before one that precedes it in its own view of the log."""

import asyncio
import logging
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Protocol

from facilitation.events import WATCHERS_ONLY

from .journal import Committed, Journal
from .rooms import participant_room, session_room, watch_room

log = logging.getLogger(__name__)
TICK_SECS = 0.015
"""Long enough to gather a busy moment's events into one message, short enough to be far
below what a person notices on the projector (the target for a write to reach every
watcher is 40 ms at 500 people)."""


@dataclass
class _Queued:
    journal: Journal
    committed: list[Committed] = field(default_factory=list)
    sent: list["asyncio.Future[None]"] = field(default_factory=list)


class Emitter(Protocol):
    async def emit(self, event: str, data: Any = None, to: Any = None) -> None: ...


class Fanout:
    def __init__(self, sio: Emitter, tick_secs: float = TICK_SECS) -> None:
        self._sio = sio
        self._tick_secs = tick_secs
        self._pending: dict[str, _Queued] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._waiters: list[tuple[Journal, int, asyncio.Future[None]]] = []

    def sent(self, journal: Journal, seq: int) -> "asyncio.Future[None]":
        """Done once events up to `seq` are in every recipient's send queue: what must happen
        after the pages have them (closing a removed person's socket) waits for it."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if journal.published >= seq:
            done.set_result(None)
        else:
            self._waiters.append((journal, seq, done))
        return done

    def publish(self, journal: Journal, committed: list[Committed]) -> "asyncio.Future[None]":
        """Queue committed events for the next tick; never waits (the writer must not). The
        future is done once they are in every recipient's send queue: acks wait for it, so a
        page receives its own command's events before its ack, and a sync after an ack
        includes them."""
        sent: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        session_id = journal.state.session_id
        queued = self._pending.setdefault(session_id, _Queued(journal))
        queued.committed.extend(committed)
        queued.sent.append(sent)
        self._wake.set()
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        return sent

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            pending, self._pending = self._pending, {}
            for queued in pending.values():
                try:
                    await self._send(queued.journal, queued.committed)
                except Exception:  # a task boundary: one session's failure must not stop all
                    log.exception("fan-out to %s failed", queued.journal.state.session_id)
                finally:
                    for sent in queued.sent:
                        if not sent.done():
                            sent.set_result(None)
            self._wake_waiters()
            await asyncio.sleep(self._tick_secs)

    def _wake_waiters(self) -> None:
        waiting = []
        for journal, seq, done in self._waiters:
            if journal.published >= seq or done.done():
                if not done.done():
                    done.set_result(None)
            else:
                waiting.append((journal, seq, done))
        self._waiters = waiting

    async def _send(self, journal: Journal, committed: list[Committed]) -> None:
        if not committed:
            return
        session_id = journal.state.session_id
        await self._sio.emit("events", [c.wire for c in committed], to=watch_room(session_id))
        for room, run in _runs(session_id, committed):
            await self._sio.emit("events", [c.wire for c in run], to=room)
        journal.published = max(journal.published, committed[-1].seq)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task


def _runs(session_id: str, committed: list[Committed]) -> Iterator[tuple[str, list[Committed]]]:
    """(room, events) for pages other than watchers, in an order that keeps each page's view
    in sequence: a run of public events to the session room, then each participant's private
    events of the next run to their own room, and so on."""
    public: list[Committed] = []
    private: dict[str, list[Committed]] = {}
    for c in committed:
        owner = c.participant_id
        if owner is None:
            if private:
                yield from _private(session_id, private)
                private = {}
            public.append(c)
        elif owner != WATCHERS_ONLY:
            if public:
                yield session_room(session_id), public
                public = []
            private.setdefault(owner, []).append(c)
    if public:
        yield session_room(session_id), public
    yield from _private(session_id, private)


def _private(
    session_id: str, private: dict[str, list[Committed]]
) -> Iterator[tuple[str, list[Committed]]]:
    for owner, run in private.items():
        yield participant_room(session_id, owner), run
