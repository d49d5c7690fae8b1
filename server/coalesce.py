"""Run an async action for a key at most once per interval, however often it is asked for:
the first request waits the interval, later ones within it ride along. Owns its tasks."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress

log = logging.getLogger(__name__)


class Coalescer:
    def __init__(self, action: Callable[[str], Awaitable[None]], interval_secs: float) -> None:
        self._action = action
        self._interval_secs = interval_secs
        self._due: dict[str, asyncio.Task[None]] = {}

    def touch(self, key: str) -> None:
        if key not in self._due:
            self._due[key] = asyncio.create_task(self._later(key))

    async def _later(self, key: str) -> None:
        try:
            await asyncio.sleep(self._interval_secs)
            del self._due[key]  # a touch from now on schedules the next run
            await self._action(key)
        except asyncio.CancelledError:
            raise
        except Exception:  # a task boundary: log it, the next touch tries again
            log.exception("coalesced action for %s failed", key)

    async def close(self) -> None:
        tasks = list(self._due.values())
        self._due.clear()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError):
                await task
