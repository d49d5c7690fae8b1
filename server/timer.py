"""The round timer's owner: one task per running session, sleeping until the next alarm that
the core computes from the state. A restart re-arms every session from its state."""

import asyncio
import logging
from contextlib import suppress

from facilitation.context import Actor
from facilitation.errors import DomainError
from facilitation.rotation_timer import Alarm, next_alarm
from facilitation.state import SessionState

from .clock import Clock
from .sessions import SessionService

log = logging.getLogger(__name__)
SYSTEM = Actor("system")


class TimerOwner:
    def __init__(self, service: SessionService, clock: Clock) -> None:
        self._service = service
        self._clock = clock
        self._tasks: dict[str, tuple[Alarm, asyncio.Task[None]]] = {}

    def arm(self, state: SessionState) -> None:
        """Called after every change: keep the task whose alarm is still the right one."""
        alarm = next_alarm(state)
        current = self._tasks.get(state.session_id)
        if current is not None and current[0] == alarm and not current[1].done():
            return
        if current is not None:
            current[1].cancel()
            del self._tasks[state.session_id]
        if alarm is not None:
            task = asyncio.create_task(self._fire(state.session_id, alarm))
            self._tasks[state.session_id] = (alarm, task)

    async def _fire(self, session_id: str, alarm: Alarm) -> None:
        try:
            # Sleep in steps until the clock agrees: the event loop's timer and the wall clock
            # may disagree by a millisecond, and the core refuses an end that is not yet due.
            delay_ms = alarm.at_ms - self._clock.now_ms()
            while delay_ms > 0:
                await asyncio.sleep(max(delay_ms, 1) / 1000)
                delay_ms = alarm.at_ms - self._clock.now_ms()
            self._tasks.pop(session_id, None)
            await self._service.dispatch(session_id, alarm.command, SYSTEM)
        except asyncio.CancelledError:
            raise
        except DomainError as refused:
            log.info("timer for %s: %s", session_id, refused.message)
        except Exception:
            log.exception("timer for %s failed", session_id)

    async def close(self) -> None:
        tasks = [task for _, task in self._tasks.values()]
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError):
                await task
