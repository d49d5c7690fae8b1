"""An in-memory log for tests of the shell; same contract as the durable backends."""

import secrets
from collections.abc import Sequence

from .protocol import Batch, ConcurrencyError, DuplicateCommand, StoredEvent


class MemoryStore:
    def __init__(self) -> None:
        self._logs: dict[str, list[bytes]] = {}
        self._commands: dict[str, dict[str, tuple[int, int]]] = {}
        self._secret = secrets.token_bytes(32)

    async def append(
        self, session_id: str, expected_version: int, payloads: Sequence[bytes], command_id: str
    ) -> int:
        return await self.append_batch(session_id, expected_version, [(command_id, payloads)])

    async def append_batch(self, session_id: str, expected_version: int, batch: Batch) -> int:
        log = self._logs.get(session_id, [])
        done = self._commands.get(session_id, {})
        for command_id, _ in batch:
            if command_id in done:
                raise DuplicateCommand(*done[command_id])
        if len(log) != expected_version:
            raise ConcurrencyError(f"{session_id} is at {len(log)}, not {expected_version}")
        version = expected_version
        added: dict[str, tuple[int, int]] = {}
        for command_id, payloads in batch:
            added[command_id] = (version + 1, version + len(payloads))
            version += len(payloads)
        self._logs[session_id] = [*log, *(p for _, payloads in batch for p in payloads)]
        self._commands[session_id] = {**done, **added}
        return version

    async def read(self, session_id: str, after: int = 0) -> list[StoredEvent]:
        log = self._logs.get(session_id, [])
        return [StoredEvent(seq, log[seq - 1]) for seq in range(after + 1, len(log) + 1)]

    async def commands(self, session_id: str) -> dict[str, tuple[int, int]]:
        return dict(self._commands.get(session_id, {}))

    async def session_ids(self) -> list[str]:
        return list(self._logs)

    async def secret(self) -> bytes:
        return self._secret

    async def close(self) -> None:
        return None
