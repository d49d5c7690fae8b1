"""One contract for every event-log backend, picked by URL as the app picks it. A new backend
joins by adding an entry to `BACKENDS`; every test below then runs against it. Redis is a real
redis-server started once for this module (AOF, fsync on every write), emptied before each
test."""

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitation.events import SessionCreated
from server.codec import decode, encode
from server.record.chain import GENESIS
from server.store import (
    ConcurrencyError,
    DuplicateCommand,
    EventStore,
    FencedOut,
    Snapshot,
    StoredEvent,
    open_store,
)
from tests.support.redis_server import RedisServer


@dataclass(frozen=True)
class Backend:
    url: str
    durable: bool
    """Closing and reopening the same URL finds the same log, and a second store opened on
    the same URL shares it (as a second server process would)."""

    async def open(self) -> EventStore:
        return await open_store(self.url)


UrlFor = Callable[[pytest.FixtureRequest, Path], str]
"""The URL of an empty store of the backend, for one test with its own temporary directory."""


def _empty_redis(request: pytest.FixtureRequest, _: Path) -> str:
    server: RedisServer = request.getfixturevalue("redis_server")
    server.flush()
    return server.url


BACKENDS: dict[str, tuple[bool, UrlFor]] = {
    # name: (durable, URL of an empty store)
    "memory": (False, lambda _, __: "memory://"),
    "sqlite": (True, lambda _, tmp: f"sqlite:///{tmp / 'log' / 'events.db'}"),
    "redis": (True, _empty_redis),
}
DURABLE = [name for name, (durable, _) in BACKENDS.items() if durable]


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One Redis for this module's tests, gone when the module is done (not left running
    beside the rest of the suite, whose tests check that they leave nothing behind)."""
    server = RedisServer(tmp_path_factory.mktemp("redis-contract")).start()
    try:
        yield server
    finally:
        server.stop()


def _backend(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    durable, url = BACKENDS[name]
    return Backend(url(request, tmp_path), durable)


@pytest.fixture(params=list(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    return _backend(request.param, request, tmp_path)


@pytest.fixture(params=DURABLE)
def durable_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    return _backend(request.param, request, tmp_path)


@pytest.fixture
async def store(backend: Backend) -> AsyncIterator[EventStore]:
    opened = await backend.open()
    try:
        yield opened
    finally:
        await opened.close()


async def append_one_by_one(store: EventStore, session_id: str, count: int) -> None:
    for seq in range(1, count + 1):
        await store.append(session_id, seq - 1, [f"event {seq}".encode()], f"command-{seq}")


class TestEventStoreContract:
    async def test_appended_events_are_numbered_from_one_without_gaps(
        self, store: EventStore
    ) -> None:
        # Given an empty log, when two commands append two events and one event,
        first = await store.append("s1", 0, [b"a", b"b"], "command-a")
        second = await store.append("s1", 2, [b"c"], "command-b")

        # Then each append returns the new version, and the log reads 1, 2, 3 in order.
        assert (first, second) == (2, 3)
        assert await store.read("s1") == [
            StoredEvent(1, b"a"),
            StoredEvent(2, b"b"),
            StoredEvent(3, b"c"),
        ]

    async def test_a_batch_numbers_its_commands_events_in_order_in_one_commit(
        self, store: EventStore
    ) -> None:
        # Given a log at version 1, when three commands commit together, one of them
        # having changed nothing,
        await store.append("s1", 0, [b"created"], "create")
        version = await store.append_batch(
            "s1", 1, [("first", [b"a", b"b"]), ("no-op", []), ("second", [b"c"])]
        )

        # Then the events follow on in order and every command id knows its own seqs.
        assert version == 4
        assert [r.payload for r in await store.read("s1")] == [b"created", b"a", b"b", b"c"]
        commands = await store.commands("s1")
        assert commands["first"] == (2, 3)
        assert commands["no-op"] == (4, 3)  # first > last: it produced nothing
        assert commands["second"] == (4, 4)

    async def test_a_batch_with_one_known_command_id_commits_nothing(
        self, store: EventStore
    ) -> None:
        # Given a command already in the log,
        await store.append("s1", 0, [b"created"], "create")
        # When a batch carries it again beside a new one,
        with pytest.raises(DuplicateCommand):
            await store.append_batch("s1", 1, [("new", [b"n"]), ("create", [b"again"])])
        # Then neither is appended: a batch is all or nothing.
        assert [r.payload for r in await store.read("s1")] == [b"created"]
        assert "new" not in await store.commands("s1")

    async def test_payloads_come_back_byte_for_byte(self, store: EventStore) -> None:
        # Given payloads with zero bytes, a real encoded event and a large one,
        event = SessionCreated(session_id="s1", code="ABCDEF", title="Titre é", created_at_ms=5)
        payloads = [b"\x00\xff\x00", encode(event, GENESIS), bytes(range(256)) * 400]

        # When they are appended and read back,
        await store.append("s1", 0, payloads, "command-a")
        read = await store.read("s1")

        # Then they are the same bytes, and the event decodes to itself.
        assert [r.payload for r in read] == payloads
        assert decode(read[1].payload) == event

    async def test_a_wrong_expected_version_is_a_concurrency_error_and_appends_nothing(
        self, store: EventStore
    ) -> None:
        # Given a log at version 2,
        await append_one_by_one(store, "s1", 2)

        # When a writer expects version 1 (behind) or 3 (ahead),
        for expected in (1, 3, 0):
            with pytest.raises(ConcurrencyError):
                await store.append("s1", expected, [b"late"], f"late-at-{expected}")

        # Then nothing was appended, and the refused command ids were not used up.
        assert [r.seq for r in await store.read("s1")] == [1, 2]
        assert set(await store.commands("s1")) == {"command-1", "command-2"}
        assert await store.append("s1", 2, [b"now"], "late-at-1") == 3

    async def test_of_two_writers_at_the_same_version_exactly_one_wins(
        self, store: EventStore
    ) -> None:
        # Given a log at version 1, when two writers append at version 1 at the same time,
        await append_one_by_one(store, "s1", 1)
        results = await asyncio.gather(
            store.append("s1", 1, [b"from a"], "writer-a"),
            store.append("s1", 1, [b"from b"], "writer-b"),
            return_exceptions=True,
        )

        # Then one gets version 2, the other a ConcurrencyError, and the log has one of them.
        assert sorted(map(type, results), key=str) == sorted([int, ConcurrencyError], key=str)
        assert 2 in results
        read = await store.read("s1")
        assert [r.seq for r in read] == [1, 2] and read[1].payload in (b"from a", b"from b")

    async def test_a_repeated_command_id_is_a_duplicate_naming_its_first_and_last_seq(
        self, store: EventStore
    ) -> None:
        # Given a command that produced events 2..3, and a later one,
        await store.append("s1", 0, [b"created"], "create")
        await store.append("s1", 1, [b"x", b"y"], "retried")
        await store.append("s1", 3, [b"z"], "later")

        # When the same command id is appended again, at the current version or a stale one
        # (a retry comes after other writes, so its expected version is usually stale),
        for expected in (4, 1):
            with pytest.raises(DuplicateCommand) as duplicate:
                await store.append("s1", expected, [b"again"], "retried")
            # Then it names the seqs the first append produced,
            assert (duplicate.value.first, duplicate.value.last) == (2, 3)

        # and nothing was appended.
        assert [r.payload for r in await store.read("s1")] == [b"created", b"x", b"y", b"z"]

    async def test_command_ids_belong_to_their_session(self, store: EventStore) -> None:
        # Given a command id used in one session, when another session uses it,
        await store.append("s1", 0, [b"one"], "same-id")
        version = await store.append("s2", 0, [b"two"], "same-id")

        # Then it is a separate command in a separate log.
        assert version == 1
        assert await store.read("s2") == [StoredEvent(1, b"two")]
        assert await store.commands("s2") == {"same-id": (1, 1)}

    async def test_read_after_gives_only_the_later_events(self, store: EventStore) -> None:
        # Given a log of five events,
        await append_one_by_one(store, "s1", 5)

        # When read after 0, 3, 5 (the head) and 9 (beyond it),
        # Then each gives exactly the events after that seq.
        assert [r.seq for r in await store.read("s1")] == [1, 2, 3, 4, 5]
        assert [r.seq for r in await store.read("s1", 0)] == [1, 2, 3, 4, 5]
        assert await store.read("s1", 3) == [StoredEvent(4, b"event 4"), StoredEvent(5, b"event 5")]
        assert await store.read("s1", 5) == []
        assert await store.read("s1", 9) == []

    async def test_session_ids_are_the_sessions_with_events(self, store: EventStore) -> None:
        # Given an empty store, it knows no session, and an unknown session reads empty;
        assert await store.session_ids() == []
        assert await store.read("unknown") == []
        assert await store.commands("unknown") == {}

        # When three sessions get events (one of them twice),
        for session_id in ("s1", "s2", "s3"):
            await store.append(session_id, 0, [b"created"], f"create-{session_id}")
        await store.append("s2", 1, [b"more"], "more")

        # Then it lists each of them once.
        listed = await store.session_ids()
        assert sorted(listed) == ["s1", "s2", "s3"]

    async def test_commands_map_each_command_id_to_its_first_and_last_seq(
        self, store: EventStore
    ) -> None:
        # Given three commands of one, two and one events,
        await store.append("s1", 0, [b"a"], "one")
        await store.append("s1", 1, [b"b", b"c"], "two")
        await store.append("s1", 3, [b"d"], "three")

        # Then the store knows which seqs each produced.
        assert await store.commands("s1") == {"one": (1, 1), "two": (2, 3), "three": (4, 4)}

    async def test_the_secret_is_random_bytes_that_stay_the_same(self, store: EventStore) -> None:
        # Given a store, when its secret is asked for twice, then it is the same 32+ bytes.
        secret = await store.secret()
        assert isinstance(secret, bytes) and len(secret) >= 32
        assert await store.secret() == secret
        assert len(set(secret)) > 8  # not a constant

    async def test_everything_survives_closing_and_reopening(
        self, durable_backend: Backend
    ) -> None:
        # Given a store with two sessions, commands and a secret, closed,
        store = await durable_backend.open()
        secret = await store.secret()
        await store.append("s1", 0, [b"a", b"b"], "one")
        await store.append("s1", 2, [b"c"], "two")
        await store.append("s2", 0, [b"other"], "three")
        await store.close()

        # When it is opened again on the same URL,
        reopened = await durable_backend.open()
        try:
            # Then the events, the command ids, the sessions and the secret are all there,
            assert await reopened.read("s1") == [
                StoredEvent(1, b"a"),
                StoredEvent(2, b"b"),
                StoredEvent(3, b"c"),
            ]
            assert await reopened.commands("s1") == {"one": (1, 2), "two": (3, 3)}
            assert sorted(await reopened.session_ids()) == ["s1", "s2"]
            assert await reopened.secret() == secret
            # and the log goes on where it stopped, still refusing stale writes and retries.
            with pytest.raises(ConcurrencyError):
                await reopened.append("s1", 2, [b"stale"], "four")
            with pytest.raises(DuplicateCommand):
                await reopened.append("s1", 3, [b"retry"], "one")
            assert await reopened.append("s1", 3, [b"d"], "four") == 4
        finally:
            await reopened.close()

    async def test_two_stores_on_one_log_see_each_other_and_refuse_a_stale_write(
        self, durable_backend: Backend
    ) -> None:
        # Given two stores open on the same URL, as two server processes would be,
        first, second = await durable_backend.open(), await durable_backend.open()
        try:
            # When the first appends,
            await first.append("s1", 0, [b"from first"], "first-1")

            # Then the second reads it, refuses its own write at the old version,
            assert await second.read("s1") == [StoredEvent(1, b"from first")]
            with pytest.raises(ConcurrencyError):
                await second.append("s1", 0, [b"from second"], "second-1")
            # knows the first's command id, and shares its secret.
            with pytest.raises(DuplicateCommand):
                await second.append("s1", 1, [b"retry"], "first-1")
            assert await second.append("s1", 1, [b"from second"], "second-1") == 2
            assert await first.secret() == await second.secret()
        finally:
            await first.close()
            await second.close()


class TestReadingAndLookingUp:
    async def test_read_with_a_limit_gives_at_most_that_many_in_order(
        self, store: EventStore
    ) -> None:
        # Given a log of five events,
        await append_one_by_one(store, "s1", 5)

        # When read in pages of two, from the start, the middle and near the head,
        # Then each page is the next events in order, and the last one is short.
        assert [r.seq for r in await store.read("s1", 0, limit=2)] == [1, 2]
        assert await store.read("s1", 2, limit=2) == [
            StoredEvent(3, b"event 3"),
            StoredEvent(4, b"event 4"),
        ]
        assert [r.seq for r in await store.read("s1", 4, limit=2)] == [5]
        assert await store.read("s1", 5, limit=2) == []
        # A limit of 0 asks for nothing; a limit past the head gives the rest.
        assert await store.read("s1", 0, limit=0) == []
        assert [r.seq for r in await store.read("s1", 1, limit=100)] == [2, 3, 4, 5]

    async def test_a_negative_after_or_limit_is_a_value_error(self, store: EventStore) -> None:
        await append_one_by_one(store, "s1", 1)
        with pytest.raises(ValueError):
            await store.read("s1", -1)
        with pytest.raises(ValueError):
            await store.read("s1", 0, limit=-1)

    async def test_one_command_id_is_looked_up_alone(self, store: EventStore) -> None:
        # Given commands of one event, two events and none,
        await store.append("s1", 0, [b"a"], "one")
        await store.append_batch("s1", 1, [("two", [b"b", b"c"]), ("none", [])])

        # Then each is found by its id with its own seqs, and no other session's is.
        assert await store.command("s1", "one") == (1, 1)
        assert await store.command("s1", "two") == (2, 3)
        assert await store.command("s1", "none") == (4, 3)
        assert await store.command("s1", "unknown") is None
        assert await store.command("s2", "one") is None

    async def test_a_command_id_twice_in_one_batch_is_refused_and_appends_nothing(
        self, store: EventStore
    ) -> None:
        # Given a log at version 1, when a batch names one command id twice,
        await store.append("s1", 0, [b"created"], "create")
        with pytest.raises(ValueError):
            await store.append_batch("s1", 1, [("twice", [b"a"]), ("twice", [b"b"])])
        # Then nothing is appended.
        assert [r.seq for r in await store.read("s1")] == [1]
        assert await store.command("s1", "twice") is None

    async def test_a_batch_of_commands_without_events_makes_no_session(
        self, store: EventStore
    ) -> None:
        # Given an empty store, when a batch of commands that changed nothing commits,
        assert await store.append_batch("s1", 0, [("no-op", [])]) == 0
        # Then the command is known, but there is still no session with events.
        assert await store.command("s1", "no-op") == (1, 0)
        assert await store.session_ids() == []
        assert await store.read("s1") == []


class TestJoinCodes:
    async def test_a_code_belongs_to_the_session_that_claimed_it_until_it_lets_go(
        self, store: EventStore
    ) -> None:
        # Given a code nobody holds,
        assert await store.session_for_code("ABC123") is None

        # When s1 claims it, then s1 holds it, s2 cannot take it, and s1 may claim it again.
        assert await store.claim_code("ABC123", "s1") is True
        assert await store.claim_code("ABC123", "s2") is False
        assert await store.claim_code("ABC123", "s1") is True
        assert await store.session_for_code("ABC123") == "s1"

        # When s2 releases it, nothing changes; when s1 does, it is free for s2.
        await store.release_code("ABC123", "s2")
        assert await store.session_for_code("ABC123") == "s1"
        await store.release_code("ABC123", "s1")
        assert await store.session_for_code("ABC123") is None
        assert await store.claim_code("ABC123", "s2") is True
        assert await store.session_for_code("ABC123") == "s2"

    async def test_codes_are_independent_of_each_other(self, store: EventStore) -> None:
        assert await store.claim_code("AAAAAA", "s1") is True
        assert await store.claim_code("BBBBBB", "s1") is True
        assert await store.claim_code("CCCCCC", "s2") is True
        await store.release_code("AAAAAA", "s1")
        assert await store.session_for_code("BBBBBB") == "s1"
        assert await store.session_for_code("CCCCCC") == "s2"

    async def test_of_many_sessions_claiming_one_code_at_once_exactly_one_gets_it(
        self, store: EventStore
    ) -> None:
        # Given ten sessions that drew the same code, when they all claim it at once,
        claims = await asyncio.gather(*(store.claim_code("SAME01", f"s{n}") for n in range(10)))

        # Then exactly one holds it, and the store names that one.
        assert claims.count(True) == 1
        assert await store.session_for_code("SAME01") == f"s{claims.index(True)}"


class TestSnapshots:
    async def test_a_session_without_a_snapshot_has_none(self, store: EventStore) -> None:
        assert await store.load_snapshot("s1") is None

    async def test_the_snapshot_at_the_highest_version_is_the_one_kept(
        self, store: EventStore
    ) -> None:
        # Given a snapshot at version 3, when one at version 5 is saved,
        await store.save_snapshot("s1", 3, 1, b"state at 3")
        await store.save_snapshot("s1", 5, 1, b"\x00state at 5\xff")
        # Then it is the one loaded, byte for byte.
        assert await store.load_snapshot("s1") == Snapshot(5, 1, b"\x00state at 5\xff")

        # When a slower process saves an older one, the newer one stays;
        await store.save_snapshot("s1", 4, 1, b"state at 4")
        assert await store.load_snapshot("s1") == Snapshot(5, 1, b"\x00state at 5\xff")
        # when one at the same version is saved under a newer schema, it replaces it.
        await store.save_snapshot("s1", 5, 2, b"state at 5, schema 2")
        assert await store.load_snapshot("s1") == Snapshot(5, 2, b"state at 5, schema 2")

    async def test_snapshots_belong_to_their_session_and_leave_the_log_alone(
        self, store: EventStore
    ) -> None:
        await append_one_by_one(store, "s1", 2)
        await store.save_snapshot("s1", 2, 1, b"s1 at 2")
        await store.save_snapshot("s2", 7, 1, b"s2 at 7")
        assert await store.load_snapshot("s1") == Snapshot(2, 1, b"s1 at 2")
        assert await store.load_snapshot("s2") == Snapshot(7, 1, b"s2 at 7")
        assert [r.seq for r in await store.read("s1")] == [1, 2]
        assert await store.read("s2") == []


class TestLeasesAndFencing:
    async def test_a_free_lease_is_acquired_with_a_new_epoch_and_renewed_by_its_holder(
        self, store: EventStore
    ) -> None:
        # Given a free lease, when holder a acquires it, then it gets an epoch;
        epoch = await store.acquire_lease("s1", "a", 10_000)
        assert isinstance(epoch, int) and epoch >= 1
        # acquiring it again renews it under the same epoch, and b is refused.
        assert await store.acquire_lease("s1", "a", 10_000) == epoch
        assert await store.acquire_lease("s1", "b", 10_000) is None
        assert await store.renew_lease("s1", "a", 10_000) is True
        assert await store.renew_lease("s1", "b", 10_000) is False

        # When b releases it nothing changes; when a releases it, b takes it, one epoch up.
        await store.release_lease("s1", "b")
        assert await store.acquire_lease("s1", "b", 10_000) is None
        await store.release_lease("s1", "a")
        assert await store.renew_lease("s1", "a", 10_000) is False
        assert await store.acquire_lease("s1", "b", 10_000) == epoch + 1

    async def test_an_expired_lease_goes_to_the_next_holder_with_a_higher_epoch(
        self, store: EventStore
    ) -> None:
        # Given a lease held by a for 50 ms,
        first = await store.acquire_lease("s1", "a", 50)
        assert first is not None

        # When it runs out, then a cannot renew it, and b acquires it one epoch up.
        await asyncio.sleep(0.15)
        assert await store.renew_lease("s1", "a", 10_000) is False
        assert await store.acquire_lease("s1", "b", 10_000) == first + 1
        assert await store.acquire_lease("s1", "a", 10_000) is None

    async def test_leases_belong_to_their_session(self, store: EventStore) -> None:
        assert await store.acquire_lease("s1", "a", 10_000) is not None
        assert await store.acquire_lease("s2", "b", 10_000) is not None
        assert await store.acquire_lease("s2", "a", 10_000) is None

    async def test_a_lease_of_no_time_is_a_value_error(self, store: EventStore) -> None:
        with pytest.raises(ValueError):
            await store.acquire_lease("s1", "a", 0)

    async def test_an_append_fenced_with_a_stale_epoch_is_refused_and_appends_nothing(
        self, store: EventStore
    ) -> None:
        # Given timer owner a, whose fenced append is accepted,
        await store.append("s1", 0, [b"created"], "create")
        stale = await store.acquire_lease("s1", "a", 10_000)
        assert stale is not None
        assert await store.append("s1", 1, [b"round 1 ended"], "end-1", fence=stale) == 2

        # When b takes the lease over (a's ran out or a let go), and a's late EndRound comes,
        await store.release_lease("s1", "a")
        current = await store.acquire_lease("s1", "b", 10_000)
        assert current == stale + 1
        with pytest.raises(FencedOut) as fenced:
            await store.append_batch("s1", 2, [("end-2-by-a", [b"late"])], fence=stale)

        # Then it is refused naming both epochs, nothing is appended, the id is not used up,
        assert (fenced.value.fence, fenced.value.epoch) == (stale, current)
        assert [r.seq for r in await store.read("s1")] == [1, 2]
        assert await store.command("s1", "end-2-by-a") is None
        # and the new owner's append goes through, as does one without a fence.
        assert await store.append("s1", 2, [b"round 2 ended"], "end-2", fence=current) == 3
        assert await store.append("s1", 3, [b"a join"], "join") == 4

    async def test_a_fence_on_a_session_never_leased_is_refused(self, store: EventStore) -> None:
        with pytest.raises(FencedOut):
            await store.append("s1", 0, [b"created"], "create", fence=1)
        assert await store.read("s1") == []

    async def test_a_retry_of_a_stored_command_is_a_duplicate_even_once_fenced_out(
        self, store: EventStore
    ) -> None:
        # Given a's EndRound stored under its epoch, and then b holding the lease,
        stale = await store.acquire_lease("s1", "a", 10_000)
        await store.append("s1", 0, [b"ended"], "end-1", fence=stale)
        await store.release_lease("s1", "a")
        await store.acquire_lease("s1", "b", 10_000)

        # When a retries it, then it learns that it was stored, not that it is fenced out.
        with pytest.raises(DuplicateCommand):
            await store.append("s1", 1, [b"ended"], "end-1", fence=stale)


class TestAlarms:
    async def test_an_alarm_is_noted_moved_and_cleared_by_its_time(self, store: EventStore) -> None:
        # Given no alarm, when two sessions note theirs and one moves it later,
        assert await store.alarms() == {}
        await store.set_alarm("s1", 1_795_000_000_000)
        await store.set_alarm("s2", 1_795_000_060_000)
        await store.set_alarm("s1", 1_795_000_120_000)
        # Then each session has one alarm, the latest noted,
        assert await store.alarms() == {"s1": 1_795_000_120_000, "s2": 1_795_000_060_000}
        # a clear naming an older time leaves it (another process has just moved it),
        await store.clear_alarm("s1", 1_795_000_000_000)
        assert "s1" in await store.alarms()
        # and a clear naming the time noted removes it, and only it.
        await store.clear_alarm("s1", 1_795_000_120_000)
        assert await store.alarms() == {"s2": 1_795_000_060_000}


class TestDurableExtras:
    async def test_codes_snapshots_and_epochs_survive_reopening_and_are_shared(
        self, durable_backend: Backend
    ) -> None:
        # Given a store with a code, a snapshot and a lease, closed,
        store = await durable_backend.open()
        await store.claim_code("KEEP01", "s1")
        await store.save_snapshot("s1", 3, 1, b"snapshot")
        epoch = await store.acquire_lease("s1", "a", 10_000)
        assert epoch is not None
        await store.set_alarm("s1", 1_795_000_000_000)
        await store.close()

        # When it is opened again, twice, as two processes would,
        first, second = await durable_backend.open(), await durable_backend.open()
        try:
            # Then both see the code, the snapshot and a's lease,
            for reopened in (first, second):
                assert await reopened.session_for_code("KEEP01") == "s1"
                assert await reopened.claim_code("KEEP01", "s2") is False
                assert await reopened.load_snapshot("s1") == Snapshot(3, 1, b"snapshot")
                assert await reopened.acquire_lease("s1", "b", 10_000) is None
                assert await reopened.alarms() == {"s1": 1_795_000_000_000}
            # and the epoch goes on from where it was, never back.
            await first.release_lease("s1", "a")
            assert await second.acquire_lease("s1", "b", 10_000) == epoch + 1
            with pytest.raises(FencedOut):
                await first.append("s1", 0, [b"late"], "late", fence=epoch)
        finally:
            await first.close()
            await second.close()
