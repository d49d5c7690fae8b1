"""One contract for every event-log backend, picked by URL as the app picks it. A new backend
(Redis) joins by adding a `Backend` to `BACKENDS`; every test below then runs against it."""

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitation.events import SessionCreated
from server.codec import decode, encode
from server.store import ConcurrencyError, DuplicateCommand, EventStore, StoredEvent, open_store


@dataclass(frozen=True)
class Backend:
    url: str
    durable: bool
    """Closing and reopening the same URL finds the same log, and a second store opened on
    the same URL shares it (as a second server process would)."""

    async def open(self) -> EventStore:
        return await open_store(self.url)


BACKENDS: dict[str, tuple[bool, Callable[[Path], str]]] = {
    # name: (durable, URL for a test's own temporary directory)
    "memory": (False, lambda _: "memory://"),
    "sqlite": (True, lambda tmp: f"sqlite:///{tmp / 'log' / 'events.db'}"),
}
DURABLE = [name for name, (durable, _) in BACKENDS.items() if durable]


def _backend(name: str, tmp_path: Path) -> Backend:
    durable, url = BACKENDS[name]
    return Backend(url(tmp_path), durable)


@pytest.fixture(params=list(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    return _backend(request.param, tmp_path)


@pytest.fixture(params=DURABLE)
def durable_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    return _backend(request.param, tmp_path)


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
        payloads = [b"\x00\xff\x00", encode(event), bytes(range(256)) * 400]

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
