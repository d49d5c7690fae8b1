"""Argument checks and numbering every backend applies the same way before touching storage,
so that a caller's mistake is one ValueError everywhere, never a driver's error."""

from dataclasses import dataclass, replace

from .protocol import Batch


def command_ranges(expected_version: int, batch: Batch) -> list[tuple[str, int, int]]:
    """Each command id with the first and last seq its events get (first > last: none)."""
    ranges = []
    seen: set[str] = set()
    version = expected_version
    for command_id, payloads in batch:
        if command_id in seen:
            raise ValueError(f"command id {command_id!r} is twice in one batch")
        seen.add(command_id)
        ranges.append((command_id, version + 1, version + len(payloads)))
        version += len(payloads)
    return ranges


def check_read(after: int, limit: int | None) -> None:
    if after < 0:
        raise ValueError(f"read after {after}: seqs start at 1, so after is 0 or more")
    if limit is not None and limit < 0:
        raise ValueError(f"read limit {limit}: give 0 or more, or None for all")


def check_ttl(ttl_ms: int) -> None:
    if ttl_ms <= 0:
        raise ValueError(f"lease ttl {ttl_ms} ms: a lease must last a while")


def check_code(code: str) -> None:
    if not code:
        raise ValueError("a join code is a short non-empty string")


@dataclass(frozen=True)
class Lease:
    """A session's lease as the one-process backends keep it; Redis keeps the same rules in
    Lua. `expires_ms` is on whatever millisecond clock the backend reads."""

    holder: str | None = None
    expires_ms: int = 0
    epoch: int = 0

    def held_by(self, holder: str, now_ms: int) -> bool:
        return self.holder == holder and now_ms < self.expires_ms

    def acquired(self, holder: str, now_ms: int, ttl_ms: int) -> "Lease | None":
        """The lease once `holder` asks for it, or None while someone else holds it. Only a
        new holding raises the epoch: a renewal by the holder keeps its fence valid."""
        check_ttl(ttl_ms)
        if self.held_by(holder, now_ms):
            return replace(self, expires_ms=now_ms + ttl_ms)
        if self.holder is not None and now_ms < self.expires_ms:
            return None
        return Lease(holder, now_ms + ttl_ms, self.epoch + 1)

    def renewed(self, holder: str, now_ms: int, ttl_ms: int) -> "Lease | None":
        """The lease extended, or None when `holder` does not hold it (any more)."""
        check_ttl(ttl_ms)
        return replace(self, expires_ms=now_ms + ttl_ms) if self.held_by(holder, now_ms) else None

    def released(self, holder: str, now_ms: int) -> "Lease":
        return replace(self, holder=None, expires_ms=0) if self.held_by(holder, now_ms) else self
