"""An in-memory log for tests of the shell; same contract as the durable backends."""

import secrets
from collections.abc import Sequence

from .protocol import ConcurrencyError, DuplicateCommand, StoredEvent


class MemoryStore:
    def __init__(self) -> None:
        self._logs: dict[str, list[bytes]] = {}
        self._commands: dict[str, dict[str, tuple[int, int]]] = {}
        self._secret = secrets.token_bytes(32)

    async def append(
        self, session_id: str, expected_version: int, payloads: Sequence[bytes], command_id: str
    ) -> int:
        log = self._logs.get(session_id, [])
        done = self._commands.get(session_id, {})
        if command_id in done:
            raise DuplicateCommand(*done[command_id])
        if len(log) != expected_version:
            raise ConcurrencyError(f"{session_id} is at {len(log)}, not {expected_version}")
        self._logs[session_id] = [*log, *payloads]
        self._commands[session_id] = {
            **done,
            command_id: (expected_version + 1, expected_version + len(payloads)),
        }
        return expected_version + len(payloads)

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
