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
from tests.support.session_client import Client, ConnectRefused

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


async def test_a_removed_person_a_revoked_link_and_a_forged_token_can_do_nothing(
    server: LiveServer,
) -> None:
    tokens = tokens_of(server)
    # Given a rotation, a participant, and a co-moderator link,
    async with open_session(server, people=[Person("Ana"), Person("Eve")], start=True) as s:
        eve = s.people[1]
        await s.moderator.send_ok("CreateRoleLink", role="co_moderator", label="Chair 2")
        link_id = next(
            e["event"]["link"]["link_id"]
            for e in await s.log()
            if e["event"]["type"] == "RoleLinkCreated"
        )
        chair = await s.connect(
            token=tokens.issue(s.session_id, Actor("moderator", link_id=link_id))
        )
        screen = await s.screen()
        # When the moderator removes Eve and revokes the link,
        await s.moderator.send_ok("RemoveParticipant", participant_id=eve.participant_id,
                                  reason="Not a participant.")  # fmt: skip
        await s.moderator.send_ok("RevokeRoleLink", link_id=link_id)
        # Then the screen knows within a second, and both their sockets are closed,
        await screen.wait_for_event("ParticipantRemoved", within=1)
        await screen.wait_for_event("RoleLinkRevoked", within=1)
        await eve.client.wait_disconnected(within=2)
        await chair.wait_disconnected(within=2)
        head = await s.head()
        # and coming back, every command either gives is refused: at the door,
        for token in (eve.token, tokens.issue(s.session_id, Actor("moderator", link_id=link_id))):
            try:
                await s.connect(token=token)
            except ConnectRefused as refused:
                assert refused.payload["data"]["code"] == "forbidden", refused.payload
            else:
                raise AssertionError("a removed person or a revoked link was let back in")
        # as a forged token is,
        forged = tokens.issue(s.session_id, Actor("moderator"))[:-3] + "xyz"
        try:
            await s.connect(token=forged)
        except ConnectRefused as refused:
            assert refused.payload["data"]["code"] == "bad_token", refused.payload
        else:
            raise AssertionError("a forged token was let in")
        # and nothing changed.
        assert await s.head() == head
