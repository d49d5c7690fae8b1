"""Fuzzing the socket protocol against a real server: thousands of messages made from the
commands' own fields (valid ones, each field in turn replaced by any JSON value, fields
dropped or added, unknown types, event names and argument lists), from every role. Every
message gets a structured reply, a refusal changes nothing, the connection stays usable, and
the server's log shows no traceback and no unretrieved task exception."""

import asyncio
import math
import os
import threading
import typing
from collections.abc import Coroutine, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from facilitation.commands import AnyCommand
from facilitation.context import Actor
from server.wire import ErrorAck
from tests.contract.samples import SAMPLES
from tests.support.live_server import LiveServer
from tests.support.minted import tokens_of
from tests.support.session_builder import Person, open_session
from tests.support.session_client import Client

T = TypeVar("T")
BATCHES = int(os.environ.get("FUZZ_BATCHES", 100))
MESSAGES_PER_BATCH = 55  # ≥ 5,000 messages in a run, the issue's floor
MODELS = {
    m.model_fields["type"].default: m for m in typing.get_args(typing.get_args(AnyCommand)[0])
}
REQUESTS = ("sync", "heartbeat", "clock", "links", "review", "presence")

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**120), max_value=10**120)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(["", " ", "\u202e\u200b", "a" * 3000, "<script>alert(1)</script>"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def command_payloads(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(sorted(MODELS)))
    model = MODELS[kind]
    payload: dict[str, Any] = {"type": kind, "command_id": draw(st.uuids()).hex}
    payload |= SAMPLES.get(model, {})  # type: ignore[call-overload]
    how = draw(st.sampled_from(["valid", "replace", "drop", "extra", "type", "id", "whole"]))
    fields = [f for f in model.model_fields if f != "type"]
    if how == "replace":
        payload[draw(st.sampled_from(fields))] = draw(json_values)
    elif how == "drop":
        payload.pop(draw(st.sampled_from(fields)), None)
    elif how == "extra":
        payload[draw(st.text(min_size=1, max_size=10))] = draw(json_values)
    elif how == "type":
        payload["type"] = draw(json_values)
    elif how == "id":
        payload["command_id"] = draw(json_values)
    elif how == "whole":
        return draw(json_values)
    return payload


@st.composite
def messages(draw: st.DrawFn) -> tuple[int, str, tuple[Any, ...]]:
    who = draw(st.integers(0, 7))
    event = draw(st.sampled_from(["command"] * 6 + list(REQUESTS) + ["disconnect", "frob", ""]))
    if event == "command":
        args: tuple[Any, ...] = (draw(command_payloads()),)
    else:
        args = (draw(json_values),)
    if draw(st.integers(0, 9)) == 0:
        args += tuple(draw(st.lists(json_values, max_size=3)))
    return who, event, args


class Loop:
    """One event loop in a thread for the clients, so hypothesis drives a plain test."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        done: Future[T] = asyncio.run_coroutine_threadsafe(work, self.loop)
        return done.result(timeout=60)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Loop, Any]]:
    server = LiveServer(Path(tmp_path_factory.mktemp("fuzz")) / "roundtable.db").start()
    loop = Loop()
    context = loop.run(_open(server))
    try:
        yield server, loop, context
    finally:
        loop.run(context[1].__aexit__(None, None, None))
        loop.close()
        server.stop()


async def _open(server: LiveServer) -> tuple[list[Client], Any]:
    opened = open_session(server, people=[Person(f"P{n}") for n in range(4)], start=True)
    session = await opened.__aenter__()
    tokens = tokens_of(server)
    actors = [
        Actor("screen"),
        Actor("facilitator", group_id="g1"),
        Actor("hub", participant_id="h1"),
        Actor("endorser", participant_id="e1"),
    ]
    clients = [session.moderator, *(p.client for p in session.people[:2])]
    for actor in actors:
        clients.append(await session.connect(token=tokens.issue(session.session_id, actor)))
    clients.append(await session.connect(code=session.code))
    return clients, opened


def _structured(event: str, reply: Any) -> bool:
    if event == "clock" and isinstance(reply, dict) and set(reply) == {"t", "now"}:
        return reply["t"] is None or math.isfinite(reply["t"])
    if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
        return False
    if reply["ok"] is False:
        ErrorAck.model_validate(reply)
    return True


async def _batch(clients: list[Client], batch: list[tuple[int, str, tuple[Any, ...]]]) -> int:
    moderator = clients[0]
    sent = 0
    for who, event, args in batch:
        client = clients[who]
        if not client.connected:
            continue
        before = await moderator.head() if event == "command" else 0
        try:
            reply = await client.sio.call(event, args if len(args) > 1 else args[0], timeout=5)
        except Exception as error:
            raise AssertionError(f"no reply to {event!r} {args!r} from client {who}") from error
        assert _structured(event, reply), (event, args, reply)
        if event == "command" and isinstance(reply, dict) and reply.get("ok") is False:
            assert await moderator.head() == before, ("a refusal changed the log", args, reply)
        sent += 1
    for client in clients:  # every connection still usable after all that
        if client.connected:
            assert (await client.sio.call("clock", {"t": 1}, timeout=5))["t"] == 1
    return sent


@settings(
    max_examples=BATCHES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
    # Each example talks to a live server: a failure is reported as found, not shrunk.
    phases=[Phase.explicit, Phase.generate],
    report_multiple_bugs=False,
)
@given(batch=st.lists(messages(), min_size=MESSAGES_PER_BATCH, max_size=MESSAGES_PER_BATCH))
def test_every_fuzzed_message_gets_a_structured_reply_and_refusals_change_nothing(
    target: tuple[LiveServer, Loop, Any], batch: list[tuple[int, str, tuple[Any, ...]]]
) -> None:
    server, loop, (clients, _) = target
    loop.run(_batch(clients, batch))
    log = server.log_path.read_text()
    assert "Traceback" not in log and "never retrieved" not in log, log[-3000:]
