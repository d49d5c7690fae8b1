"""The event log on Redis, shared by several server processes: each append is one Lua script
run by EVALSHA (one round trip, atomic, gap-free among all writers), durable on return only
because the server must fsync its append-only file on every write (checked at open).

Every driver error that means "Redis cannot answer or cannot write now" becomes one
StoreUnavailable; short socket timeouts make a command fail within about a second when Redis
is down or hung, and redis-py reconnects by itself once it is back."""

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from redis import exceptions as driver
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from . import redis_scripts as lua
from . import rules
from .protocol import (
    Batch,
    ConcurrencyError,
    DuplicateCommand,
    FencedOut,
    Snapshot,
    StoredEvent,
    StoreUnavailable,
)
from .redis_durability import check_durable

CONNECT_TIMEOUT_SECS = 0.5  # a Redis on the same network accepts in milliseconds
COMMAND_TIMEOUT_SECS = 1.0  # an append with its fsync takes milliseconds: past this, Redis is stuck
RETRIES_ON_DROPPED_CONNECTION = 1  # a pooled connection Redis dropped (restart) gets one redo
SCAN_BATCH = 1000  # keys per SCAN step when listing sessions, only at start-up
SECRET_KEY = b"rt:secret"
ALARMS_KEY = "rt:alarms"
SECRET_BYTES = 32  # 256 bits of key for the role tokens' HMAC
# Replies that mean Redis is up but refuses writes for now (disk, memory, replicas, a script
# running too long); other errors are bugs and surface as themselves.
_CANNOT_WRITE_NOW = ("MISCONF", "NOREPLICAS", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN")


def _key(session_id: str, part: str) -> str:
    return f"rt:{{{session_id}}}:{part}"


def _raw(reply: bytes | str | None) -> bytes:
    """A reply as the bytes it is (decode_responses=False; redis-py's types allow str too)."""
    if reply is None:
        raise ValueError("Redis replied nil where a value was expected")
    return reply if isinstance(reply, bytes) else reply.encode()


def _range(stored: bytes | str) -> tuple[int, int]:
    first, last = _raw(stored).split(b":")
    return int(first), int(last)


class RedisStore:
    def __init__(self, client: Redis, url: str, where: str) -> None:
        self._redis = client
        self._url = url
        self._where = where
        # Registered once: each call is an EVALSHA, loaded again by redis-py after a restart.
        self._append = client.register_script(lua.APPEND)
        self._acquire = client.register_script(lua.ACQUIRE_LEASE)
        self._renew = client.register_script(lua.RENEW_LEASE)
        self._delete_if_equal = client.register_script(lua.DELETE_IF_EQUAL)
        self._claim = client.register_script(lua.CLAIM)
        self._save_snapshot = client.register_script(lua.SAVE_SNAPSHOT)
        self._clear_alarm = client.register_script(lua.CLEAR_ALARM)
        self._secret: bytes | None = None

    @classmethod
    async def open(cls, url: str, allow_unsafe: bool = False) -> "RedisStore":
        """Refuses (StoreNotDurable) a Redis that would lose acknowledged writes, unless
        `allow_unsafe`; StoreUnavailable when it does not answer."""
        client = Redis.from_url(
            url,
            decode_responses=False,  # payloads are bytes end to end
            socket_connect_timeout=CONNECT_TIMEOUT_SECS,
            socket_timeout=COMMAND_TIMEOUT_SECS,
            # Only a dropped connection is redone, at once: a timeout is not (Redis is stuck,
            # and the caller should hear within a second), and no backoff makes anyone wait.
            retry=Retry(NoBackoff(), RETRIES_ON_DROPPED_CONNECTION, (driver.ConnectionError,)),
        )
        kwargs = client.connection_pool.connection_kwargs
        where = f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"
        store = cls(client, url, where)
        try:
            with store._translated():
                await check_durable(client, where, allow_unsafe)
        except BaseException:
            await client.aclose()
            raise
        return store

    @property
    def redis_url(self) -> str:
        """The URL it was opened with: python-socketio's AsyncRedisManager can use it too."""
        return self._url

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except driver.AuthenticationError as error:
            raise StoreUnavailable(
                f"Redis at {self._where} refuses the user or password in the store URL: {error}"
            ) from error
        except (driver.TimeoutError, driver.ConnectionError) as error:  # also: loading its data
            raise StoreUnavailable(f"Redis at {self._where} is not answering: {error}") from error
        except (driver.OutOfMemoryError, driver.ReadOnlyError) as error:
            raise StoreUnavailable(f"Redis at {self._where} cannot write now: {error}") from error
        except driver.ResponseError as error:
            if not str(error).startswith(_CANNOT_WRITE_NOW):
                raise
            raise StoreUnavailable(f"Redis at {self._where} cannot write now: {error}") from error

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
        rules.command_ranges(expected_version, batch)  # refuses an id twice, as elsewhere
        args: list[Any] = [expected_version, "" if fence is None else fence]
        for command_id, payloads in batch:
            args += [command_id, len(payloads), *payloads]
        keys = [_key(session_id, "log"), _key(session_id, "cmds"), _key(session_id, "epoch")]
        with self._translated():
            outcome, value = await self._append(keys=keys, args=args)
        match outcome:
            case b"ok":
                return int(value)
            case b"duplicate":
                raise DuplicateCommand(*_range(value))
            case b"fenced":
                assert fence is not None  # the script checks the epoch only against a fence
                raise FencedOut(session_id, fence, int(value))
            case b"conflict":
                raise ConcurrencyError(f"{session_id} is at {value}, not {expected_version}")
        raise RuntimeError(f"the append script answered {outcome!r}")

    async def read(
        self, session_id: str, after: int = 0, limit: int | None = None
    ) -> list[StoredEvent]:
        rules.check_read(after, limit)
        if limit == 0:
            return []  # LRANGE after..after-1 would mean "to the end" when after is 0
        end = -1 if limit is None else after + limit - 1
        with self._translated():
            payloads = await self._redis.lrange(_key(session_id, "log"), after, end)
        return [StoredEvent(after + n, _raw(p)) for n, p in enumerate(payloads, start=1)]

    async def command(self, session_id: str, command_id: str) -> tuple[int, int] | None:
        with self._translated():
            stored = await self._redis.hget(_key(session_id, "cmds"), command_id)
        return None if stored is None else _range(stored)

    async def commands(self, session_id: str) -> dict[str, tuple[int, int]]:
        with self._translated():
            stored = await self._redis.hgetall(_key(session_id, "cmds"))
        return {_raw(command_id).decode(): _range(seqs) for command_id, seqs in stored.items()}

    async def session_ids(self) -> list[str]:
        # A scan rather than a set of ids beside the logs: an append then touches only its
        # own session's slot, and the list cannot disagree with the logs. Only start-up asks.
        prefix, suffix = b"rt:{", b"}:log"
        found: set[str] = set()  # SCAN may return a key twice
        with self._translated():
            async for key in self._redis.scan_iter(match="rt:{*}:log", count=SCAN_BATCH):
                found.add(key.removeprefix(prefix).removesuffix(suffix).decode())
        return sorted(found)

    async def claim_code(self, code: str, session_id: str) -> bool:
        rules.check_code(code)
        with self._translated():
            return bool(await self._claim(keys=[f"rt:code:{code}"], args=[session_id]))

    async def session_for_code(self, code: str) -> str | None:
        with self._translated():
            held = await self._redis.get(f"rt:code:{code}")
        return None if held is None else _raw(held).decode()

    async def release_code(self, code: str, session_id: str) -> None:
        with self._translated():
            await self._delete_if_equal(keys=[f"rt:code:{code}"], args=[session_id])

    async def save_snapshot(
        self, session_id: str, version: int, schema: int, payload: bytes
    ) -> None:
        with self._translated():
            await self._save_snapshot(
                keys=[_key(session_id, "snap")], args=[version, schema, payload]
            )

    async def load_snapshot(self, session_id: str) -> Snapshot | None:
        with self._translated():
            version, schema, payload = await self._redis.hmget(
                _key(session_id, "snap"), ["version", "schema", "payload"]
            )
        if version is None:
            return None
        return Snapshot(int(_raw(version)), int(_raw(schema)), _raw(payload))

    async def acquire_lease(self, session_id: str, holder: str, ttl_ms: int) -> int | None:
        rules.check_ttl(ttl_ms)
        keys = [_key(session_id, "lease"), _key(session_id, "epoch")]
        with self._translated():
            epoch = await self._acquire(keys=keys, args=[holder, ttl_ms])
        return None if epoch is None else int(epoch)

    async def renew_lease(self, session_id: str, holder: str, ttl_ms: int) -> bool:
        rules.check_ttl(ttl_ms)
        with self._translated():
            return bool(await self._renew(keys=[_key(session_id, "lease")], args=[holder, ttl_ms]))

    async def release_lease(self, session_id: str, holder: str) -> None:
        with self._translated():
            await self._delete_if_equal(keys=[_key(session_id, "lease")], args=[holder])

    async def set_alarm(self, session_id: str, at_ms: int) -> None:
        with self._translated():
            await self._redis.zadd(ALARMS_KEY, {session_id: at_ms})

    async def clear_alarm(self, session_id: str, at_ms: int) -> None:
        with self._translated():
            await self._clear_alarm(keys=[ALARMS_KEY], args=[session_id, at_ms])

    async def alarms(self) -> dict[str, int]:
        with self._translated():
            due = await self._redis.zrange(ALARMS_KEY, 0, -1, withscores=True)
        return {_raw(pair[0]).decode(): int(pair[1]) for pair in due if isinstance(pair, tuple)}

    async def secret(self) -> bytes:
        if self._secret is None:
            with self._translated():
                # SET NX: the first process ever makes it, every other one reads that one.
                await self._redis.set(SECRET_KEY, secrets.token_bytes(SECRET_BYTES), nx=True)
                made = await self._redis.get(SECRET_KEY)
            self._secret = _raw(made)
        return self._secret

    async def close(self) -> None:
        await self._redis.aclose()
