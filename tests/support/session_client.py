"""One socket.io connection as a test sees it: commands with fresh ids, `sync`, and the events
received live. Waiting is polling against a deadline, never a bare sleep."""

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import socketio

Envelope = dict[str, Any]
"""`{seq, prev, event}` as the server sends it."""
Predicate = Callable[[Envelope], bool]

CALL_TIMEOUT_SECS = 3.0  # a local server acks in milliseconds: three seconds means no ack at all
WAIT_SECS = 5.0  # the default deadline for an event that should arrive at once
CONNECT_TIMEOUT_SECS = 5.0


def new_command_id() -> str:
    return uuid.uuid4().hex


class ConnectRefused(Exception):
    """The server refused the handshake; `payload` is what `connect_error` carried."""

    def __init__(self, payload: Any) -> None:
        super().__init__(f"connection refused: {payload!r}")
        self.payload = payload


class Client:
    def __init__(self, url: str, device: str | None = None) -> None:
        self.url = url
        self.device = device or uuid.uuid4().hex
        """The page's own random key, sent with a join code: its guest commands' sender."""
        # No automatic reconnection: a test decides when a page comes back.
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: list[Envelope] = []
        self.arrived_at: dict[int, float] = {}
        """seq -> time.monotonic() when the envelope arrived live."""
        self.participant_id: str | None = None
        self.token: str | None = None
        self._seen: set[int] = set()
        self._arrived = asyncio.Event()
        self._refusals: list[Any] = []
        self.sio.on("events", self._receive_all)
        self.sio.on("connect_error", self._refused)

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        token: str | None = None,
        code: str | None = None,
        device: str | None = None,
    ) -> "Client":
        client = cls(url, device)
        await client.connect(token=token, code=code)
        return client

    async def connect(self, *, token: str | None = None, code: str | None = None) -> None:
        auth: dict[str, str] = {}
        if token is not None:
            auth["token"] = token
        if code is not None:
            auth["code"] = code
            auth["device"] = self.device
        self._refusals.clear()
        try:
            await self.sio.connect(
                self.url, auth=auth, transports=["websocket"], wait_timeout=CONNECT_TIMEOUT_SECS
            )
        except socketio.exceptions.ConnectionError as error:
            raise ConnectRefused(self._refusals[0] if self._refusals else None) from error
        if token is not None and self.token is None:
            self.token = token
        # As a page does: the first sync after connecting brings what was sent before it
        # joined; everything later arrives live (docs/protocol.md).
        await self.catch_up()

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()

    @property
    def connected(self) -> bool:
        return bool(self.sio.connected)

    async def wait_disconnected(self, within: float = WAIT_SECS) -> None:
        """Until this side has noticed that the server went away."""

        async def gone() -> bool:
            return not self.sio.connected

        await eventually(gone, within, "the client to notice the disconnection")

    # Requests ------------------------------------------------------------------------------

    async def call(self, name: str, data: Any = None) -> Any:
        return await self.sio.call(name, data, timeout=CALL_TIMEOUT_SECS)

    async def send(self, command_type: str, /, command_id: str | None = None, **fields: Any) -> Any:
        """A command with a fresh id (or the given one, to retry); returns the ack."""
        payload = {"command_id": command_id or new_command_id(), "type": command_type, **fields}
        return await self.call("command", payload)

    async def send_ok(
        self, command_type: str, /, command_id: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        """A command that must be accepted: fails the test with the ack otherwise."""
        ack = await self.send(command_type, command_id=command_id, **fields)
        assert isinstance(ack, dict) and ack.get("ok") is True, f"{command_type} refused: {ack}"
        return ack

    async def join(self, command_id: str | None = None, **fields: Any) -> dict[str, Any]:
        """Join as a guest: the socket becomes the new participant."""
        ack = await self.send_ok("Join", command_id=command_id, **fields)
        self.participant_id = ack["result"]["participant_id"]
        self.token = ack["result"]["token"]
        return ack

    async def sync(self, after: int = 0) -> dict[str, Any]:
        ack = await self.call("sync", {"after": after})
        assert isinstance(ack, dict) and ack.get("ok") is True, f"sync refused: {ack}"
        return ack

    async def head(self) -> int:
        return int((await self.sync(10**9))["head"])

    async def catch_up(self) -> list[Envelope]:
        """What a page does after a reconnect: sync from the last seq seen, keep the new ones."""
        ack = await self.sync(self.last_seq)
        fresh = [e for e in ack["events"] if e["seq"] not in self._seen]
        for envelope in fresh:
            self._keep(envelope)
        return fresh

    # Received events -----------------------------------------------------------------------

    @property
    def last_seq(self) -> int:
        return max(self._seen, default=0)

    def of_type(self, event_type: str) -> list[Envelope]:
        return [e for e in self.events if e["event"]["type"] == event_type]

    async def wait_for(
        self, predicate: Predicate, within: float = WAIT_SECS, what: str = "an event"
    ) -> Envelope:
        """The first received envelope that matches, waiting for it until the deadline."""
        deadline = time.monotonic() + within
        checked = 0
        while True:
            for envelope in self.events[checked:]:
                if predicate(envelope):
                    return envelope
            checked = len(self.events)
            left = deadline - time.monotonic()
            if left <= 0:
                seen = [(e["seq"], e["event"]["type"]) for e in self.events]
                raise AssertionError(f"no {what} within {within} s; received {seen}")
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), left)
            except TimeoutError:
                pass

    async def wait_for_event(
        self, event_type: str, within: float = WAIT_SECS, **fields: Any
    ) -> Envelope:
        def matches(envelope: Envelope) -> bool:
            event = envelope["event"]
            return event["type"] == event_type and all(event.get(k) == v for k, v in fields.items())

        return await self.wait_for(matches, within, what=f"{event_type} {fields or ''}".strip())

    def _receive_all(self, envelopes: list[Envelope]) -> None:
        """The server sends a tick's events for this page as one message, in order."""
        for envelope in envelopes:
            self._receive(envelope)

    def _receive(self, envelope: Envelope) -> None:
        if envelope["seq"] in self._seen:
            return
        self.arrived_at[envelope["seq"]] = time.monotonic()
        self._keep(envelope)

    def _keep(self, envelope: Envelope) -> None:
        self._seen.add(envelope["seq"])
        self.events.append(envelope)
        self._arrived.set()

    def _refused(self, payload: Any = None) -> None:
        self._refusals.append(payload)


async def eventually(
    check: Callable[[], Awaitable[bool]], within: float, what: str, interval: float = 0.02
) -> None:
    """Poll `check` until it holds; fail the test with `what` at the deadline."""
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {within} s for {what}")
        await asyncio.sleep(interval)
