"""An in-memory log for tests of the shell; same contract as the durable backends, for one
process (leases expire on this process's monotonic clock)."""

import secrets
import time
from collections.abc import Sequence

from . import rules
from .protocol import Batch, ConcurrencyError, DuplicateCommand, FencedOut, Snapshot, StoredEvent


def _now_ms() -> int:
    return time.monotonic_ns() // 1_000_000


class MemoryStore:
    def __init__(self) -> None:
        self._logs: dict[str, list[bytes]] = {}
        self._commands: dict[str, dict[str, tuple[int, int]]] = {}
        self._codes: dict[str, str] = {}
        self._snapshots: dict[str, Snapshot] = {}
        self._leases: dict[str, rules.Lease] = {}
        self._alarms: dict[str, int] = {}
        self._secret = secrets.token_bytes(32)

    async def append(
        self,
        session_id: str,
        expected_version: int,
        payloads: Sequence[bytes],
        command_id: str,
        fence: int | None = None,
    ) -> int:
        return await self.append_batch(
            session_id, expected_version, [(command_id, payloads)], fence
        )

    async def append_batch(
        self, session_id: str, expected_version: int, batch: Batch, fence: int | None = None
    ) -> int:
        ranges = rules.command_ranges(expected_version, batch)
        log = self._logs.get(session_id, [])
        done = self._commands.get(session_id, {})
        for command_id, _ in batch:
            if command_id in done:
                raise DuplicateCommand(*done[command_id])
        epoch = self._leases.get(session_id, rules.Lease()).epoch
        if fence is not None and fence != epoch:
            raise FencedOut(session_id, fence, epoch)
        if len(log) != expected_version:
            raise ConcurrencyError(f"{session_id} is at {len(log)}, not {expected_version}")
        added = [p for _, payloads in batch for p in payloads]
        if added:  # a session exists once it has an event, as in the durable backends
            self._logs[session_id] = [*log, *added]
        self._commands[session_id] = {**done, **{c: (f, last) for c, f, last in ranges}}
        return expected_version + len(added)

    async def read(
        self, session_id: str, after: int = 0, limit: int | None = None
    ) -> list[StoredEvent]:
        rules.check_read(after, limit)
        log = self._logs.get(session_id, [])
        end = len(log) if limit is None else min(len(log), after + limit)
        return [StoredEvent(seq, log[seq - 1]) for seq in range(after + 1, end + 1)]

    async def command(self, session_id: str, command_id: str) -> tuple[int, int] | None:
        return self._commands.get(session_id, {}).get(command_id)

    async def commands(self, session_id: str) -> dict[str, tuple[int, int]]:
        return dict(self._commands.get(session_id, {}))

    async def session_ids(self) -> list[str]:
        return list(self._logs)

    async def claim_code(self, code: str, session_id: str) -> bool:
        rules.check_code(code)
        return self._codes.setdefault(code, session_id) == session_id

    async def session_for_code(self, code: str) -> str | None:
        return self._codes.get(code)

    async def release_code(self, code: str, session_id: str) -> None:
        if self._codes.get(code) == session_id:
            del self._codes[code]

    async def save_snapshot(
        self, session_id: str, version: int, schema: int, payload: bytes
    ) -> None:
        kept = self._snapshots.get(session_id)
        if kept is None or kept.version <= version:
            self._snapshots[session_id] = Snapshot(version, schema, bytes(payload))

    async def load_snapshot(self, session_id: str) -> Snapshot | None:
        return self._snapshots.get(session_id)

    async def acquire_lease(self, session_id: str, holder: str, ttl_ms: int) -> int | None:
        lease = self._leases.get(session_id, rules.Lease()).acquired(holder, _now_ms(), ttl_ms)
        if lease is None:
            return None
        self._leases[session_id] = lease
        return lease.epoch

    async def renew_lease(self, session_id: str, holder: str, ttl_ms: int) -> bool:
        lease = self._leases.get(session_id, rules.Lease()).renewed(holder, _now_ms(), ttl_ms)
        if lease is not None:
            self._leases[session_id] = lease
        return lease is not None

    async def release_lease(self, session_id: str, holder: str) -> None:
        if session_id in self._leases:
            self._leases[session_id] = self._leases[session_id].released(holder, _now_ms())

    async def set_alarm(self, session_id: str, at_ms: int) -> None:
        self._alarms[session_id] = at_ms

    async def clear_alarm(self, session_id: str, at_ms: int) -> None:
        if self._alarms.get(session_id) == at_ms:
            del self._alarms[session_id]

    async def alarms(self) -> dict[str, int]:
        return dict(self._alarms)

    async def secret(self) -> bytes:
        return self._secret

    async def close(self) -> None:
        return None
