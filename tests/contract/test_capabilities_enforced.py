"""The capability table is what the server enforces: every command and query, sent over a real
socket by every role the table does not grant it to, is refused as `forbidden` and changes
nothing. The cases are derived from the table itself, so a new command or role is covered the
moment it is added there (and a command without a sample payload fails here)."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitation import capabilities
from facilitation import commands as cmd
from facilitation.context import Actor
from server.tokens import Tokens
from tests.support.live_server import LiveServer
from tests.support.minted import tokens_of
from tests.support.session_builder import Person, Session, open_session
from tests.support.session_client import Client

from .samples import SAMPLES, payload

ROLES = [r for r in capabilities.ROLES if r != "system"]  # the server's own timer has no socket


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(Path(tmp_path_factory.mktemp("capabilities")) / "roundtable.db").start()
    try:
        yield live
    finally:
        live.stop()


async def socket_of(session: Session, tokens: Tokens, role: str) -> Client:
    if role == "guest":
        return await session.connect(code=session.code)
    who = session.people[0].participant_id
    actor = {
        "facilitator": Actor("facilitator", group_id="g1"),
        "participant": Actor("participant", participant_id=who),
        "hub": Actor("hub", participant_id="h1"),
        "endorser": Actor("endorser", participant_id="e1"),
    }.get(role, Actor(role))  # type: ignore[arg-type]
    return await session.connect(token=tokens.issue(session.session_id, actor))


def test_every_socket_command_has_a_sample() -> None:
    assert set(SAMPLES) == set(capabilities.COMMANDS)


async def test_no_role_gives_a_command_or_asks_a_query_the_table_does_not_grant_it(
    server: LiveServer,
) -> None:
    tokens = tokens_of(server)
    # Given a session in its rotation with a registered hub,
    people = [Person("Ana"), Person("Ben", "Government")]
    async with open_session(server, people=people, start=True) as session:
        await session.moderator.send_ok("RegisterHub", name="Hub", expected_head_count=5)
        head = await session.head()
        refused = 0
        for role in ROLES:
            client = await socket_of(session, tokens, role)
            # When each role sends every command the table does not grant it,
            for command, grants in capabilities.COMMANDS.items():
                if role in grants:
                    continue
                ack = await client.call("command", payload(command, uuid.uuid4().hex))
                # Then it is refused as forbidden,
                assert (ack["ok"], ack["code"]) == (False, "forbidden"), (role, command, ack)
                refused += 1
            # and each query it may not ask is refused too,
            for query, allowed in capabilities.QUERIES.items():
                if role not in allowed:
                    ack = await client.call(query, {})
                    assert (ack["ok"], ack["code"]) == (False, "forbidden"), (role, query, ack)
                    refused += 1
        # and nothing changed.
        assert await session.head() == head
        assert refused > 100


async def test_a_facilitator_writes_only_for_their_own_group(server: LiveServer) -> None:
    tokens = tokens_of(server)
    # Given a rotation with two groups, and the tablet of group 1,
    people = [Person(f"P{n}") for n in range(4)]
    async with open_session(server, people=people, group_count=2, start=True) as session:
        head = await session.head()
        g1 = Actor("facilitator", group_id="g1")
        tablet = await session.connect(token=tokens.issue(session.session_id, g1))
        # When it records an outcome for group 2,
        outcome = {**payload(cmd.RecordOutcome, uuid.uuid4().hex), "group_id": "g2"}
        ack = await tablet.call("command", outcome)
        # Then it is refused (its scope is its own group), naming the field, and nothing changed.
        assert (ack["ok"], ack["code"], ack["field"]) == (False, "forbidden", "group_id"), ack
        assert await session.head() == head
