"""The round timer. Exactly one process fires a running session's timer at a time: the holder
of the session's lease in the store, renewed while it holds it. The alarm itself is computed
by the core from the state, and the store keeps an index of the sessions that have one, so
that when a holder dies, a survivor finds its sessions there and takes them over once the lease
has expired. Every timer command is appended under the lease's epoch (a fence): a stale
holder's late EndRound is refused by the store, never applied twice."""

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Coroutine
from contextlib import suppress
from typing import Any

from facilitation.context import Actor
from facilitation.errors import DomainError
from facilitation.rotation_timer import Alarm, next_alarm
from facilitation.state import SessionState

from .clock import Clock
from .sessions import SessionService
from .store import EventStore, FencedOut, StoreError

log = logging.getLogger(__name__)
SYSTEM = Actor("system")
LEASE_MS = 5_000  # a dead holder's timers are taken over within this plus one scan
SCAN_SECS = 1.0  # how often each process renews its leases and looks for orphaned timers


def holder_name() -> str:
    """This process, as the lease records it: unique even across restarts on one host."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class TimerOwner:
    def __init__(
        self, service: SessionService, store: EventStore, clock: Clock, holder: str
    ) -> None:
        self._service = service
        self._store = store
        self._clock = clock
        self._holder = holder
        self._held: dict[str, int] = {}
        """session id -> the lease epoch this process holds it under."""
        self._armed: dict[str, tuple[Alarm, asyncio.Task[None]]] = {}
        self._noted: dict[str, int] = {}
        """session id -> the alarm time this process last put in the store's index."""
        self._tasks: set[asyncio.Task[None]] = set()
        self._scanner: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._scanner = asyncio.create_task(self._scan_forever())

    def changed(self, state: SessionState) -> None:
        """After every commit here: note the session's alarm for the other processes, and if
        this process holds (or can take) the lease, arm it at once."""
        alarm = next_alarm(state)
        if alarm is None:
            if state.session_id in self._held:
                self._arm(state.session_id, None)
            return
        if self._noted.get(state.session_id) != alarm.at_ms:
            self._noted[state.session_id] = alarm.at_ms
            self._spawn(self._note(state.session_id, alarm.at_ms))
        if state.session_id in self._held:
            self._arm(state.session_id, alarm)
        else:
            self._spawn(self._take(state.session_id))

    async def _note(self, session_id: str, at_ms: int) -> None:
        try:
            await self._store.set_alarm(session_id, at_ms)
        except StoreError as error:  # the next commit or scan notes it again
            self._noted.pop(session_id, None)
            log.warning("alarm of %s not noted: %s", session_id, error)

    async def _take(self, session_id: str) -> None:
        """Try for the lease; if this process gets it, arm from the caught-up state."""
        try:
            epoch = await self._store.acquire_lease(session_id, self._holder, LEASE_MS)
        except StoreError as error:
            log.warning("lease of %s not taken: %s", session_id, error)
            return
        if epoch is None:
            return  # another process holds it, and fires it
        if session_id not in self._held:
            self._service.projections.pin(session_id)
        self._held[session_id] = epoch
        await self._reconcile(session_id)

    async def _reconcile(self, session_id: str, noted_at: int | None = None) -> None:
        """Arm a held session from its caught-up state. `noted_at`: its alarm in the store's
        index, None when the index has none (then it is noted again if there is one)."""
        journal = await self._service.open(session_id)
        alarm = next_alarm(journal.state) if journal is not None else None
        if alarm is None:
            # Nothing to fire: leave the index (unless someone noted a new alarm meanwhile)
            # and the lease, so that whoever next starts a round here takes it.
            if noted_at is not None:
                await self._store.clear_alarm(session_id, noted_at)
            await self._release(session_id)
            return
        if noted_at is None:
            self._noted[session_id] = alarm.at_ms
            await self._note(session_id, alarm.at_ms)
        self._arm(session_id, alarm)

    def _arm(self, session_id: str, alarm: Alarm | None) -> None:
        current = self._armed.get(session_id)
        if current is not None and current[0] == alarm and not current[1].done():
            return
        if current is not None:
            current[1].cancel()
            del self._armed[session_id]
        if alarm is not None:
            task = asyncio.create_task(self._fire(session_id, alarm))
            self._armed[session_id] = (alarm, task)

    async def _fire(self, session_id: str, alarm: Alarm) -> None:
        try:
            # Sleep in steps until the clock agrees: the event loop's timer and the wall clock
            # may disagree by a millisecond, and the core refuses an end that is not yet due.
            delay_ms = alarm.at_ms - self._clock.now_ms()
            while delay_ms > 0:
                await asyncio.sleep(max(delay_ms, 1) / 1000)
                delay_ms = alarm.at_ms - self._clock.now_ms()
            epoch = self._held.get(session_id)
            if epoch is None:
                return
            self._armed.pop(session_id, None)
            await self._service.fire(session_id, alarm.command, SYSTEM, epoch)
        except asyncio.CancelledError:
            raise
        except DomainError as refused:  # another process's change came first (a pause)
            log.info("timer for %s: %s", session_id, refused.message)
            self._spawn(self._reconcile(session_id))
        except FencedOut:
            log.warning("timer for %s: another process holds its lease now", session_id)
            await self._release(session_id, keep_lease=True)
        except StoreError as error:  # unavailable: the next scan arms it again
            log.warning("timer for %s could not fire: %s", session_id, error)
        except Exception:  # a task boundary: logged, the next scan arms it again
            log.exception("timer for %s failed", session_id)

    async def _release(self, session_id: str, keep_lease: bool = False) -> None:
        self._arm(session_id, None)
        if self._held.pop(session_id, None) is not None:
            self._service.projections.unpin(session_id)
            if not keep_lease:
                with suppress(StoreError):
                    await self._store.release_lease(session_id, self._holder)

    async def _scan_forever(self) -> None:
        while True:
            try:
                await self.scan()
            except asyncio.CancelledError:
                raise
            except StoreError as error:  # the store is down: try again at the next scan
                log.warning("timer scan: %s", error)
            except Exception:  # a task boundary: one bad scan must not stop the timers
                log.exception("timer scan failed")
            await asyncio.sleep(SCAN_SECS)

    async def scan(self) -> None:
        """Renew what this process holds, take what nobody holds, drop what has no alarm."""
        alarms = await self._store.alarms()
        for session_id in [s for s in self._held if s not in alarms]:
            await self._reconcile(session_id)
        for session_id, at_ms in alarms.items():
            if session_id in self._held:
                renewed = await self._store.renew_lease(session_id, self._holder, LEASE_MS)
                if not renewed:
                    await self._release(session_id, keep_lease=True)
                    continue
            else:
                epoch = await self._store.acquire_lease(session_id, self._holder, LEASE_MS)
                if epoch is None:
                    continue
                self._service.projections.pin(session_id)
                self._held[session_id] = epoch
            await self._reconcile(session_id, noted_at=at_ms)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        tasks = [task for _, task in self._armed.values()]
        tasks += [*self._tasks, *([self._scanner] if self._scanner else [])]
        self._armed.clear()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError):
                await task
        for session_id in list(self._held):
            with suppress(StoreError):
                await self._store.release_lease(session_id, self._holder)
        self._held.clear()
