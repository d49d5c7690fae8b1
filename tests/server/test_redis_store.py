"""The Redis backend's own promises beyond the contract, against real redis-servers started
here (each on a free port, with its own directory): gap-free appends from many writers in
several store instances, acknowledged appends surviving a SIGKILL of Redis, a writer that
fails fast while Redis is away and works again by itself when it is back, and a refusal to
open on a Redis that does not fsync every write."""

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from redis.crc import key_slot

from server.store import (
    ConcurrencyError,
    EventStore,
    StoreNotDurable,
    StoreUnavailable,
    open_store,
)
from server.store.redis import RedisStore
from tests.support.redis_server import RedisServer

DOWN_DEADLINE_SECS = 1.5  # the store promises about a second (its timeouts), plus slack


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    with RedisServer(tmp_path / "redis").start() as server:
        yield server


@pytest.fixture
async def store(redis_server: RedisServer) -> AsyncIterator[EventStore]:
    opened = await open_store(redis_server.url)
    try:
        yield opened
    finally:
        await opened.close()


async def _append_until_acknowledged(
    store: EventStore, session_id: str, command_id: str, known: list[int]
) -> None:
    """Append one event as a writer would: at the version it knows, catching up and trying
    again when another writer got there first."""
    while True:
        try:
            known[0] = await store.append(session_id, known[0], [command_id.encode()], command_id)
            return
        except ConcurrencyError:
            known[0] += len(await store.read(session_id, known[0]))


async def test_many_writers_in_three_stores_leave_a_gap_free_log_with_each_append_once(
    redis_server: RedisServer,
) -> None:
    # Given three store instances on one Redis, as three server processes would have,
    stores = [await open_store(redis_server.url) for _ in range(3)]
    try:
        # When 20 writers spread over them each append 50 commands to one session at once,
        async def writer(n: int) -> list[str]:
            store, known, acknowledged = stores[n % 3], [0], []
            for k in range(50):
                command_id = f"w{n:02d}-{k:02d}"
                await _append_until_acknowledged(store, "s1", command_id, known)
                acknowledged.append(command_id)
            return acknowledged

        acknowledged = [c for done in await asyncio.gather(*map(writer, range(20))) for c in done]

        # Then the log is numbered 1..1000 without a gap, every acknowledged append is in it
        # exactly once, and each command id knows its own seq.
        log = await stores[1].read("s1")
        assert [e.seq for e in log] == list(range(1, 1001))
        assert sorted(e.payload.decode() for e in log) == sorted(acknowledged)
        assert len(set(acknowledged)) == 1000
        commands = await stores[2].commands("s1")
        assert all(commands[e.payload.decode()] == (e.seq, e.seq) for e in log)
        # and the three share one secret, made once.
        assert len({await s.secret() for s in stores}) == 1
    finally:
        for store in stores:
            await store.close()


async def test_acknowledged_appends_survive_a_kill_of_redis(
    redis_server: RedisServer, store: EventStore
) -> None:
    # Given 200 acknowledged appends on a Redis fsyncing every write (no RDB, only the AOF),
    for seq in range(1, 201):
        await store.append("s1", seq - 1, [f"event {seq}".encode()], f"c{seq}")

    # When Redis is killed with SIGKILL and restarted on the same directory,
    redis_server.kill()
    redis_server.restart()

    # Then all 200 are there, with their command ids, and the same store goes on.
    log = await store.read("s1")
    assert [e.payload for e in log] == [f"event {seq}".encode() for seq in range(1, 201)]
    assert await store.command("s1", "c200") == (200, 200)
    assert await store.append("s1", 200, [b"after the restart"], "c201") == 201


async def test_while_redis_is_down_a_write_fails_fast_and_works_again_once_it_is_back(
    redis_server: RedisServer, store: EventStore
) -> None:
    # Given a store that has written,
    await store.append("s1", 0, [b"before"], "before")

    # When Redis is killed, then an append is StoreUnavailable within about a second,
    redis_server.kill()
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as down:
        await store.append("s1", 1, [b"while down"], "while-down")
    assert time.monotonic() - started < DOWN_DEADLINE_SECS
    assert f"Redis at 127.0.0.1:{redis_server.port} is not answering" in str(down.value)
    with pytest.raises(StoreUnavailable):
        await store.read("s1")

    # and once Redis is back, the same store object writes again by itself.
    redis_server.restart()
    assert await store.append("s1", 1, [b"while down"], "while-down") == 2


async def test_a_redis_that_hangs_fails_a_write_within_about_a_second(
    redis_server: RedisServer, store: EventStore
) -> None:
    # Given a store that has written, when Redis stops answering (SIGSTOP: it still holds
    # the connections open, as a stuck or partitioned server does),
    await store.append("s1", 0, [b"before"], "before")
    redis_server.pause()
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            await store.append("s1", 1, [b"while hung"], "while-hung")
        # Then the writer hears within about a second instead of hanging.
        assert time.monotonic() - started < DOWN_DEADLINE_SECS
    finally:
        redis_server.resume()

    # And when it answers again, the store works; the append either was made or can be.
    known = await store.command("s1", "while-hung")
    if known is None:
        assert await store.append("s1", 1, [b"while hung"], "while-hung") == 2
    assert [e.seq for e in await store.read("s1")] == [1, 2]


async def test_a_store_cannot_be_opened_on_a_redis_that_is_not_there(tmp_path: Path) -> None:
    server = RedisServer(tmp_path / "never-started")  # a free port nobody listens on
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="is not answering"):
        await open_store(server.url)
    assert time.monotonic() - started < DOWN_DEADLINE_SECS


@pytest.mark.parametrize(
    ("appendonly", "appendfsync"), [(False, "everysec"), (True, "everysec"), (True, "no")]
)
async def test_a_redis_that_does_not_fsync_every_write_is_refused_unless_overridden(
    tmp_path: Path, appendonly: bool, appendfsync: str
) -> None:
    # Given a Redis that would acknowledge writes it has not fsynced,
    with RedisServer(tmp_path / "redis").start(appendonly, appendfsync) as server:
        # When a store is opened on it, then it is refused, saying what to set,
        with pytest.raises(StoreNotDurable) as refused:
            await open_store(server.url)
        message = str(refused.value)
        assert "redis-server --appendonly yes --appendfsync always" in message
        assert f"redis-cli -h 127.0.0.1 -p {server.port} CONFIG SET appendfsync always" in message
        assert "ROUNDTABLE_REDIS_UNSAFE=1" in message

        # and with the operator's explicit override it opens and works.
        store = await open_store(server.url, allow_unsafe=True)
        try:
            assert await store.append("s1", 0, [b"a"], "c1") == 1
        finally:
            await store.close()


async def test_a_redis_that_evicts_any_key_when_full_is_refused(
    redis_server: RedisServer,
) -> None:
    with redis_server.client() as client:
        client.config_set("maxmemory-policy", "allkeys-lru")
    with pytest.raises(StoreNotDurable, match="maxmemory-policy noeviction"):
        await open_store(redis_server.url)


async def test_a_redis_that_hides_config_is_refused_unless_overridden(
    redis_server: RedisServer,
) -> None:
    # Given a Redis user allowed everything but CONFIG (as on managed Redis services),
    with redis_server.client() as client:
        client.acl_setuser(
            "app",
            enabled=True,
            passwords=["+app-secret"],
            keys=["*"],
            commands=["+@all", "-config"],
        )
    url = f"redis://app:app-secret@127.0.0.1:{redis_server.port}/0"

    # When a store is opened as that user, then it says it cannot check, and needs the
    # override, with which it opens.
    with pytest.raises(StoreNotDurable, match="does not let Roundtable run CONFIG GET"):
        await open_store(url)
    store = await open_store(url, allow_unsafe=True)
    await store.close()
    # A wrong password is said to be one.
    wrong = f"redis://app:not-it@127.0.0.1:{redis_server.port}/0"
    with pytest.raises(StoreUnavailable, match="refuses the user or password"):
        await open_store(wrong, allow_unsafe=True)


async def test_a_session_keys_share_one_cluster_slot(
    redis_server: RedisServer, store: EventStore
) -> None:
    # Given a session with events, a lease and a snapshot,
    await store.append("s1", 0, [b"a"], "c1")
    await store.acquire_lease("s1", "timer", 10_000)
    await store.save_snapshot("s1", 1, 1, b"state")

    # Then all its keys carry its hash tag, so a Redis Cluster would keep them on one slot.
    with redis_server.client() as client:
        keys = [k for k in client.keys("rt:*") if b"s1" in k]
    parts = ["cmds", "epoch", "lease", "log", "snap"]
    assert sorted(keys) == [f"rt:{{s1}}:{part}".encode() for part in parts]
    assert len({key_slot(k) for k in keys}) == 1


async def test_one_command_of_many_events_is_appended_whole(store: EventStore) -> None:
    # Given a restore of a long archive: one command with more events than Lua can unpack
    # at once (past ~8,000),
    payloads = [f"event {n}".encode() for n in range(1, 20_001)]

    # When it is appended, then every event is there, in order.
    assert await store.append("s1", 0, payloads, "restore") == 20_000
    assert [e.payload for e in await store.read("s1", 19_990)] == payloads[19_990:]
    assert await store.command("s1", "restore") == (1, 20_000)


async def test_the_store_names_its_redis_url(redis_server: RedisServer) -> None:
    store = await open_store(redis_server.url)
    try:
        assert isinstance(store, RedisStore) and store.redis_url == redis_server.url
    finally:
        await store.close()
