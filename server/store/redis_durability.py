"""The check at open that a Redis keeps what it acknowledges: an append-only file fsynced on
every write, and no eviction of keys when memory runs out. A command is acknowledged once
stored, so a Redis that fsyncs once a second (its default with AOF) could lose the last
second of acknowledged commands in a crash. Refused with a message saying exactly what to
set, unless the operator accepts the risk explicitly."""

import logging

from redis import exceptions as driver
from redis.asyncio import Redis

from .protocol import StoreNotDurable

log = logging.getLogger(__name__)

OVERRIDE = "ROUNDTABLE_REDIS_UNSAFE=1 (open_store(url, allow_unsafe=True))"
FIX = "redis-server --appendonly yes --appendfsync always"


async def check_durable(client: Redis, where: str, allow_unsafe: bool) -> None:
    """Raises StoreNotDurable unless the Redis at `where` fsyncs every write, or logs a
    warning instead when `allow_unsafe`. Connection errors propagate to the caller."""
    problem = await _problem(client, where)
    if problem is None:
        return
    if allow_unsafe:
        log.warning("%s Going on anyway, as the operator asked.", problem)
        return
    raise StoreNotDurable(problem)


async def _problem(client: Redis, where: str) -> str | None:
    try:
        found = await client.config_get("appendonly", "appendfsync", "maxmemory-policy")
    except driver.ResponseError as error:  # CONFIG renamed away, or an ACL without it
        return (
            f"Redis at {where} does not let Roundtable run CONFIG GET ({error}), so it cannot "
            f"check that every write is fsynced. Make sure that Redis runs as `{FIX}`, then "
            f"start with {OVERRIDE}."
        )
    settings = {_text(k): _text(v) for k, v in found.items()}
    appendonly = settings.get("appendonly", "?")
    appendfsync = settings.get("appendfsync", "?")
    policy = settings.get("maxmemory-policy", "noeviction")
    host, _, port = where.rpartition(":")
    cli = f"redis-cli -h {host} -p {port}"
    if appendonly != "yes" or appendfsync != "always":
        return (
            f"Redis at {where} does not fsync every write (appendonly {appendonly}, "
            f"appendfsync {appendfsync}), so a crash could lose commands already acknowledged. "
            f"Start it as `{FIX}`, or on the running server: `{cli} CONFIG SET appendonly yes` "
            f"and `{cli} CONFIG SET appendfsync always` (then `{cli} CONFIG REWRITE` to keep "
            f"them). To run without it anyway, start with {OVERRIDE}."
        )
    if policy.startswith("allkeys-"):
        return (
            f"Redis at {where} evicts any key when its memory is full (maxmemory-policy "
            f"{policy}), which would drop events: `{cli} CONFIG SET maxmemory-policy "
            f"noeviction` (then `{cli} CONFIG REWRITE`), or start with {OVERRIDE}."
        )
    return None


def _text(reply: bytes | str | None) -> str:
    return reply.decode() if isinstance(reply, bytes) else str(reply)
