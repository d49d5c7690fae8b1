"""Group commit: commands to one session queue up while a commit is in flight, and the next
commit takes them all, so a crowd tapping at once costs one fsync per batch, not one each.
One writer task per busy session owns the queue; the service owns the writers."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
MAX_BATCH = 500  # commands per transaction: bounds the latency of the last one in a batch

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Pending(Generic[T, R]):
    item: T
    done: "asyncio.Future[R]" = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    def resolve(self, result: R | BaseException) -> None:
        """A caller that gave up waiting (its client left) must not break the batch."""
        if self.done.done():
            return
        if isinstance(result, BaseException):
            self.done.set_exception(result)
        else:
            self.done.set_result(result)


Commit = Callable[[str, list[Pending[T, R]]], Awaitable[None]]


class BatchWriter(Generic[T, R]):
    def __init__(self, commit: Commit[T, R]) -> None:
        self._commit = commit
        self._queues: dict[str, list[Pending[T, R]]] = {}
        self._writers: dict[str, asyncio.Task[None]] = {}

    async def submit(self, key: str, item: T) -> R:
        pending: Pending[T, R] = Pending(item)
        self._queues.setdefault(key, []).append(pending)
        if key not in self._writers:
            self._writers[key] = asyncio.create_task(self._drain(key))
        return await pending.done

    async def _drain(self, key: str) -> None:
        queue = self._queues[key]
        try:
            while queue:
                batch = queue[:MAX_BATCH]
                del queue[: len(batch)]
                try:
                    await self._commit(key, batch)
                except asyncio.CancelledError:
                    raise
                except Exception as error:  # a task boundary: fail the batch, keep the writer
                    log.exception("commit to %s failed", key)
                    for pending in batch:
                        pending.resolve(error)
        finally:
            # No await stands between the empty check and this: a new submit either saw the
            # writer and its item was drained, or sees no writer and starts one.
            del self._writers[key]

    async def close(self) -> None:
        writers = list(self._writers.values())
        for writer in writers:
            writer.cancel()
        for writer in writers:
            with suppress(asyncio.CancelledError):
                await writer
