"""Refusals are structured acks with a stable code, a readable message and the field at fault,
and a refused command changes nothing. Every ack and event the server sends validates against
the wire models that generate `/asyncapi.json`, so the document cannot drift from the code."""

import json
import re
import typing
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from facilitation.commands import AnyCommand
from facilitation.events import AnyEvent
from server.asyncapi import asyncapi_document
from server.wire import (
    ClockAck,
    CommandAck,
    ConnectError,
    ErrorAck,
    EventEnvelope,
    LinksAck,
    SyncAck,
)
from tests.support.servers import Server
from tests.support.session_builder import Person, Session, open_session
from tests.support.session_client import Client, ConnectRefused, new_command_id

PROTOCOL_PAGE = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
Send = Callable[[Session], Awaitable[Any]]


def union_members(union: Any) -> list[type[BaseModel]]:
    """The classes of an `Annotated[A | B | ..., Field(discriminator=...)]` union."""
    return list(typing.get_args(typing.get_args(union)[0]))


async def assert_refused(
    session: Session, send: Send, code: str, field: str | None
) -> dict[str, Any]:
    head = await session.head()
    ack = await send(session)
    ErrorAck.model_validate(ack)
    assert (ack["code"], ack["field"]) == (code, field), ack
    assert len(ack["message"].strip()) > 10, ack  # a sentence a person can read, not a code
    assert await session.head() == head, "a refused command changed the log"
    return dict(ack)


def by_moderator(command_type: str, **fields: Any) -> Send:
    async def send(session: Session) -> Any:
        return await session.moderator.send(command_type, **fields)

    return send


def by_guest(command_type: str, **fields: Any) -> Send:
    async def send(session: Session) -> Any:
        guest = await session.connect(code=session.code)
        return await guest.send(command_type, **fields)

    return send


def raw(payload: Any) -> Send:
    async def send(session: Session) -> Any:
        return await session.moderator.call("command", payload)

    return send


JOIN = Person("Ana").join_fields()
ONE_POINT = [{"paragraph": 1, "question": "Which?", "options": ["This", "That"]}]
SETUP = {"title": "T", "draft": "One paragraph.", "points": ONE_POINT}

INVALID_INPUT = {
    "missing field": (
        by_guest("Join", **{k: v for k, v in JOIN.items() if k != "name"}),
        "invalid",
        "name",
    ),
    "null field": (by_guest("Join", **{**JOIN, "region": None}), "invalid", "region"),
    "wrong type": (
        by_moderator("ConfigureSession", **{**SETUP, "round_secs": "two"}),
        "invalid",
        "round_secs",
    ),
    "not one of the choices": (by_guest("Join", **{**JOIN, "mode": "sofa"}), "invalid", "mode"),
    "name over the size limit": (
        by_guest("Join", **{**JOIN, "name": "A" * 121}),
        "invalid",
        "name",
    ),
    "draft over the size limit": (
        by_moderator("ConfigureSession", **{**SETUP, "draft": "word " * 20_001}),
        "invalid",
        "draft",
    ),
    "nested field": (
        by_moderator(
            "ConfigureSession", **{**SETUP, "points": [{**ONE_POINT[0], "options": ["Only"]}]}
        ),
        "invalid",
        "points.0.options",
    ),
    "number out of range": (by_moderator("AssignGroups", seed=-1), "invalid", "seed"),
    "unknown field": (by_moderator("StartRotation", force=True), "invalid", "force"),
    "malformed command id": (
        raw({"command_id": "short", "type": "StartRotation"}),
        "invalid",
        "command_id",
    ),
    "rule on the content": (
        by_guest("Join", **{**JOIN, "stakeholder_group": "Aliens"}),
        "invalid",
        "stakeholder_group",
    ),
    "unknown command type": (by_moderator("DissolveSession"), "unknown_command", "type"),
    "no command type": (raw({"command_id": new_command_id()}), "unknown_command", "type"),
}


@pytest.mark.parametrize("send, code, field", INVALID_INPUT.values(), ids=INVALID_INPUT.keys())
async def test_invalid_input_is_refused_with_the_field_at_fault(
    server: Server, send: Send, code: str, field: str
) -> None:
    # Given a session in set-up, when a malformed command arrives, then it is refused.
    async with open_session(server) as session:
        await assert_refused(session, send, code, field)


@pytest.mark.parametrize("payload", ["StartRotation", 42, ["StartRotation"], True, None], ids=repr)
async def test_a_command_that_is_not_an_object_is_refused(server: Server, payload: Any) -> None:
    # Given a session, when the `command` payload is not an object (or there is none),
    async with open_session(server) as session:
        head = await session.head()
        ack = await session.moderator.call("command", payload)
        # Then it is refused with an error ack (not left unanswered), and nothing changes.
        ErrorAck.model_validate(ack)
        assert ack["code"] in ("invalid", "unknown_command"), ack
        assert await session.head() == head


@pytest.mark.parametrize(
    "payload", [{"after": -1}, {"after": "3"}, {"after": True}, "3", None], ids=repr
)
async def test_a_sync_without_a_valid_after_is_refused(server: Server, payload: Any) -> None:
    # Given a session, when `sync` is asked without a usable `after`,
    async with open_session(server) as session:
        ack = await session.moderator.call("sync", payload)
        # Then it is refused, naming the field.
        ErrorAck.model_validate(ack)
        assert (ack["code"], ack["field"]) == ("invalid", "after")


async def test_roles_may_give_only_their_own_commands(server: Server) -> None:
    # Given a configured session that Ana joined, watched by the screen,
    async with open_session(server, people=[Person("Ana")]) as session:
        ana = session.people[0].client
        screen = await session.screen()
        guest = await session.connect(code=session.code)
        # When a participant, the screen or a guest gives a moderator's command,
        # Then each is forbidden, and nothing changes;
        for client in (ana, screen, guest):

            async def send(_: Session, client: Client = client) -> Any:
                return await client.send("AssignGroups")

            await assert_refused(session, send, "forbidden", None)
        # and only the moderator may read the links.
        for client in (ana, screen, guest):
            ack = await client.call("links", {})
            ErrorAck.model_validate(ack)
            assert ack["code"] == "forbidden"


async def test_a_facilitator_records_only_for_their_own_group(server: Server) -> None:
    # Given two groups in round 1, and group 1's facilitator,
    async with open_session(
        server, people=[Person("Ana"), Person("Ben", "Government")], group_count=2, start=True
    ) as session:
        facilitator = await session.facilitator("g1")
        other_point = await session.point_of("g2", 1)

        # When they record an outcome for group 2,
        async def record(_: Session) -> Any:
            return await facilitator.send(
                "RecordOutcome",
                group_id="g2",
                point_id=other_point,
                choice="a",
                strength="majority",
            )

        # Then it is forbidden, naming the group.
        await assert_refused(session, record, "forbidden", "group_id")


async def test_a_command_out_of_phase_is_refused(server: Server) -> None:
    # Given a session in set-up that Ana joined,
    async with open_session(server, people=[Person("Ana")]) as session:
        ana = session.people[0].client
        # When the moderator starts the rotation before assigning groups, it is the wrong phase;
        await assert_refused(session, by_moderator("StartRotation"), "wrong_phase", None)
        await assert_refused(session, by_moderator("PauseRound"), "wrong_phase", None)

        # and so is a position before any round runs.
        async def position(_: Session) -> Any:
            return await ana.send("TakePosition", point_id="p1", choice="a")

        await assert_refused(session, position, "wrong_phase", None)


async def test_a_command_about_a_round_or_point_that_moved_on_is_stale(server: Server) -> None:
    # Given round 1 of a rotation over two points, with Ana's group on one of them,
    async with open_session(server, people=[Person("Ana")], start=True) as session:
        ana = session.people[0]
        group_id = await session.group_of(ana)
        current = await session.point_of(group_id, 1)
        elsewhere = next(p for p in ("p1", "p2") if p != current)
        facilitator = await session.facilitator(group_id)

        # When Ana takes a position on the point her group is not on,
        async def position(_: Session) -> Any:
            return await ana.client.send("TakePosition", point_id=elsewhere, choice="a")

        # Then it is stale, naming the point; so is the facilitator's outcome for that point,
        await assert_refused(session, position, "stale", "point_id")

        async def outcome(_: Session) -> Any:
            return await facilitator.send(
                "RecordOutcome",
                group_id=group_id,
                point_id=elsewhere,
                choice="a",
                strength="divided",
            )

        await assert_refused(session, outcome, "stale", "point_id")
        # and the moderator ending a round that is over.
        await session.moderator.send_ok("EndRound", round=1)
        await assert_refused(session, by_moderator("EndRound", round=1), "stale", "round")


CONNECTIONS = {
    "unknown token": {"token": "not-a-token"},
    "forged token": {"token": "eyJzIjoiYSIsInIiOiJtb2RlcmF0b3IifQ.forged-signature"},
    "unknown join code": {"code": "ZZZZZZ"},
    "no credentials": {},
}


@pytest.mark.parametrize("auth", CONNECTIONS.values(), ids=CONNECTIONS.keys())
async def test_a_connection_without_a_valid_token_or_code_is_refused(
    server: Server, auth: dict[str, str]
) -> None:
    # Given a running server, when a page connects with a bad token, an unknown code or nothing,
    client = Client(server.url)
    with pytest.raises(ConnectRefused) as refused:
        await client.connect(**auth)
    await client.close()
    # Then `connect_error` carries `data: {code, message}`, as the protocol says and the pages read.
    payload = refused.value.payload
    assert isinstance(payload, dict) and "data" in payload, payload
    error = ConnectError.model_validate(payload["data"])
    assert error.code == ("not_found" if "code" in auth else "bad_token")
    assert len(error.message) > 10


async def test_every_ack_and_event_validates_against_the_wire_models(server: Server) -> None:
    # Given a session driven through set-up, check-in, assignment and a round, by every role,
    async with open_session(server, people=[Person("Ana")], points=2) as session:
        moderator = session.moderator
        acks: list[dict[str, Any]] = [await moderator.send_ok("AssignGroups")]
        links = await session.links()
        screen = await session.screen()
        guest = await session.connect(code=session.code)
        acks.append(await moderator.send_ok("StartRotation"))
        ana = session.people[0]
        point_id = await session.point_of("g1", 1)
        acks.append(await ana.client.send_ok("TakePosition", point_id=point_id, choice="a"))
        facilitator = await session.facilitator("g1")
        acks.append(
            await facilitator.send_ok(
                "RecordOutcome", group_id="g1", point_id=point_id, choice="a", strength="consensus"
            )
        )
        late = await session.join(Person("Ben", "Government"))
        acks.append(await moderator.send_ok("EndRound", round=1))
        await moderator.wait_for_event("RoundStarted", round=2)

        # Then every command ack is a CommandAck (Join's with its result), the links a LinksAck,
        for ack in acks:
            CommandAck.model_validate(ack)
        join_ack = await late.client.send(
            "Join", command_id=new_command_id(), **late.person.join_fields()
        )
        assert ErrorAck.model_validate(join_ack).code == "forbidden"  # no joining twice
        LinksAck.model_validate(links)
        assert [f["group_id"] for f in links["facilitators"]] == ["g1"]
        ClockAck.model_validate(await moderator.call("clock", {"t": 1.5}))
        # every role's sync a SyncAck,
        for client in (moderator, screen, guest, ana.client, late.client, facilitator):
            SyncAck.model_validate(await client.sync(0))
        # and every event any of them received live an EventEnvelope.
        received = [*moderator.events, *screen.events, *guest.events, *ana.client.events]
        for envelope in received:
            EventEnvelope.model_validate(envelope)
        assert {e["event"]["type"] for e in moderator.events} >= {
            "ParticipantJoined",
            "GroupsAssigned",
            "RotationStarted",
            "RoundStarted",
            "PositionTaken",
            "OutcomeRecorded",
            "ParticipantPlaced",
            "RoundEnded",
        }


def test_the_served_asyncapi_document_covers_every_command_and_event(server: Server) -> None:
    # Given the running server, when its protocol document is fetched,
    with urllib.request.urlopen(f"{server.url}/asyncapi.json", timeout=10) as response:
        document = json.loads(response.read())

    # Then it is AsyncAPI 3.0.0, generated from the models the server runs on,
    assert document["asyncapi"] == "3.0.0"
    assert document == json.loads(json.dumps(asyncapi_document()))
    schemas = document["components"]["schemas"]
    messages = document["components"]["messages"]
    # with a schema for every command and every event,
    for model in union_members(AnyCommand) + union_members(AnyEvent):
        assert model.__name__ in schemas, model.__name__
    # which the command and event messages reach through their discriminator,
    commands = schemas[messages["Command"]["payload"]["$ref"].rsplit("/", 1)[1]]
    assert set(commands["discriminator"]["mapping"]) == {
        m.__name__ for m in union_members(AnyCommand)
    }
    batch = schemas[messages["Events"]["payload"]["$ref"].rsplit("/", 1)[1]]
    assert batch["type"] == "array"
    envelope = schemas[batch["items"]["$ref"].rsplit("/", 1)[1]]
    events = envelope["properties"]["event"]["discriminator"]["mapping"]
    assert set(events) == {m.__name__ for m in union_members(AnyEvent)}
    # and the acks a client must handle.
    assert {"CommandAck", "ErrorAck", "SyncAck", "LinksAck", "ConnectError"} <= set(messages)


def test_the_error_codes_documented_are_the_codes_on_the_wire() -> None:
    # Given the error codes the protocol page lists and those the ErrorAck model allows,
    documented_line = next(
        line for line in PROTOCOL_PAGE.read_text().split("\n\n") if line.startswith("Error codes:")
    )
    documented = set(re.findall(r"`([a-z_]+)`", documented_line)) - {"field", "incident"}
    on_the_wire = set(typing.get_args(ErrorAck.model_fields["code"].annotation))

    # Then they are the same set: a page can handle every code it may get.
    assert documented == on_the_wire


async def test_every_request_is_answered_even_unknown_ones_or_with_extra_arguments(
    server: Server,
) -> None:
    # Given a connected moderator,
    async with open_session(server) as session:
        sio = session.moderator.sio
        # When it sends an event name the server does not know, and a known one with extra
        # arguments,
        unknown = await sio.call("frobnicate", {"x": 1}, timeout=3)
        extra = await sio.call("clock", ({"t": 5}, "surplus", 7), timeout=3)
        # Then each gets an answer: a structured refusal naming what the server answers, and
        # the clock's usual reply (the extra arguments are ignored).
        assert unknown["ok"] is False and unknown["code"] == "unknown_request"
        assert "command" in unknown["message"]
        assert extra["t"] == 5 and isinstance(extra["now"], int)
