"""Malformed engine.io and socket.io packets, over WebSocket and long-polling, straight onto the
wire: the server answers or closes the connection deliberately, logs no traceback, and keeps
serving everyone else."""

import asyncio
import json
import random
import urllib.request
from pathlib import Path

import pytest
import websockets

from tests.support.live_server import LiveServer
from tests.support.session_client import Client

RAW_PACKETS = 600
NASTY = [
    "",
    "4",
    "42",
    "42[",
    '42["command"',
    "42{}",
    "42[]",
    "42[123]",
    '42["command",' + "[" * 5000 + "]" * 5000 + "]",
    '42["clock",{"t":' + "9" * 500 + "}]",
    '421["clock",{"t":NaN}]',
    '42["connect",{"token":"x"}]',
    '42["disconnect"]',
    '451-["command",{"_placeholder":true,"num":0}]',
    "43",
    '431["x"]',
    "44",
    "49",
    "4x",
    "9",
    "2probe",
    "6",
    "1",
    "0",
    "40",
    '40{"token":',
    "\x00\xff",
]


def _random_packet(rng: random.Random) -> str | bytes:
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(NASTY)
    if kind == 1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
    if kind == 2:
        body = json.dumps([rng.choice(["command", "sync", "heartbeat", "x"]), rng.random()])
        return "42" + body[: rng.randrange(len(body) + 1)]
    return "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(1, 40)))


async def _websocket_session(url: str, token: str, packets: list[str | bytes]) -> int:
    """Connect as a page would, then send garbage until the server closes the connection."""
    sent = 0
    ws_url = url.replace("http://", "ws://", 1)
    async with websockets.connect(f"{ws_url}/socket.io/?EIO=4&transport=websocket") as ws:
        await ws.recv()  # engine.io open
        await ws.send("40" + json.dumps({"token": token}))
        await ws.recv()  # socket.io connect ack
        for packet in packets:
            try:
                await ws.send(packet)
            except websockets.ConnectionClosed:
                break
            sent += 1
    return sent


def _post(url: str, body: bytes) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=5) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.fixture
def server(tmp_path: Path) -> LiveServer:
    live = LiveServer(tmp_path / "roundtable.db").start()
    yield live  # type: ignore[misc]
    live.stop()


async def test_malformed_packets_are_closed_on_and_never_break_the_server(
    server: LiveServer,
) -> None:
    # Given a session, and a page connected normally beside the attacker,
    created = server.create_session("Raw")
    token = created["moderator_token"]
    bystander = await Client.open(server.url, token=token)
    rng = random.Random(20261129)
    try:
        # When 600 malformed packets go onto the wire over many connections,
        sent = 0
        while sent < RAW_PACKETS:
            batch = [_random_packet(rng) for _ in range(20)]
            sent += max(1, await _websocket_session(server.url, token, batch))
        # and garbage is posted to the long-polling endpoint,
        for body in (b"\xff\x00", b"4garbage", b"42[" * 50, b"x" * 10_000):
            status = await asyncio.to_thread(
                _post, f"{server.url}/socket.io/?EIO=4&transport=polling&sid=nope", body
            )
            assert status in (400, 404, 413), status
        # Then the bystander's page still works,
        assert (await bystander.call("clock", {"t": 3}))["t"] == 3
        ack = await bystander.send("Broadcast", text="Still here")
        assert ack["ok"] is True
        # and the log shows no traceback, only one-line warnings.
        log = server.log_path.read_text()
        assert "Traceback" not in log and "never retrieved" not in log, log[-3000:]
    finally:
        await bystander.close()
