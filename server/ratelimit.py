"""Rate limits per role token, never per address: a room or a hub behind one address must
never be locked out because its people share it."""

from dataclasses import dataclass, field

COMMAND_BURST = 40  # a facilitator flushing a queue of 20 offline entries, twice over
COMMANDS_PER_SEC = 10.0  # far above what a person taps, far below what a runaway loop sends


@dataclass
class Bucket:
    tokens: float
    at_ms: int


@dataclass
class RateLimiter:
    burst: int = COMMAND_BURST
    per_sec: float = COMMANDS_PER_SEC
    buckets: dict[str, Bucket] = field(default_factory=dict)

    def allow(self, holder: str, now_ms: int) -> bool:
        bucket = self.buckets.get(holder) or Bucket(float(self.burst), now_ms)
        refilled = bucket.tokens + (now_ms - bucket.at_ms) / 1000 * self.per_sec
        tokens = min(float(self.burst), refilled)
        if tokens < 1:
            self.buckets[holder] = Bucket(tokens, now_ms)
            return False
        self.buckets[holder] = Bucket(tokens - 1, now_ms)
        return True
