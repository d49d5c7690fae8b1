"""python-socketio's client manager, with a cheaper broadcast.

The stock `AsyncManager.emit` starts one asyncio task per recipient and waits for all of them:
at 2,000 connections a broadcast is 2,000 tasks. Each engine.io socket already has its own
send queue drained by its own writer, so putting the packet, encoded once, straight into each
queue delivers the same bytes in the same order with no task at all. Disconnects look up the
rooms of the one socket leaving instead of scanning every room of the server."""

import asyncio
from typing import Any

import socketio
from engineio import packet as eio_packet
from redis.asyncio import Redis
from socketio import packet

CHANNEL = "roundtable"
PUBLISH_TIMEOUT_SECS = 1.0  # a publish takes a millisecond; past a second Redis is stuck
LISTENER_HEALTH_SECS = 10  # a silent subscriber checks its connection this often
SEND_QUEUE_LIMIT_PACKETS = 2_000
"""A page that stops reading (a frozen tab, a dead link the kernel has not noticed) gets
about a minute of a busy session's broadcasts queued, then is closed so memory stays flat; on
its return it resumes from the last event it saw."""


class DirectManager(socketio.AsyncManager):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self._rooms_of: dict[tuple[str, str], set[Any]] = {}
        self._closing: set[asyncio.Task[None]] = set()

    async def emit(
        self,
        event: str,
        data: Any,
        namespace: str,
        room: Any = None,
        skip_sid: Any = None,
        callback: Any = None,
        to: Any = None,
        **kwargs: Any,
    ) -> None:
        if callback is not None or skip_sid is not None:
            await super().emit(event, data, namespace, room, skip_sid, callback, to, **kwargs)
            return
        self.deliver(event, data, namespace, to or room)

    def deliver(self, event: str, data: Any, namespace: str, room: Any) -> None:
        """Queue one message for every local socket in `room` (a name, a list, or None: all)."""
        if namespace not in self.rooms:
            return
        payload = list(data) if isinstance(data, tuple) else [data]
        encoded = self.server.packet_class(
            packet.EVENT, namespace=namespace, data=[event, *payload]
        ).encode()
        frames = [
            eio_packet.Packet(eio_packet.MESSAGE, p)
            for p in (encoded if isinstance(encoded, list) else [encoded])
        ]
        sockets = self.server.eio.sockets
        for _, eio_sid in self.get_participants(namespace, room):
            socket = sockets.get(eio_sid)
            if socket is None or socket.closed or socket.closing:
                continue
            if socket.queue.qsize() > SEND_QUEUE_LIMIT_PACKETS:
                self._drop(socket)
                continue
            for frame in frames:
                socket.queue.put_nowait(frame)

    def _drop(self, socket: Any) -> None:
        """Close a socket whose queue is full: what it was sent is freed now, not when (if)
        it reads again, and its writer stops at the end of the queue."""
        while not socket.queue.empty():
            socket.queue.get_nowait()
            socket.queue.task_done()
        socket.queue.put_nowait(None)
        task = asyncio.create_task(socket.close(wait=False, abort=True))
        self._closing.add(task)  # kept until done: the loop holds tasks only weakly
        task.add_done_callback(self._closing.discard)

    def basic_enter_room(
        self, sid: str, namespace: str, room: Any, eio_sid: str | None = None
    ) -> None:
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)
        self._rooms_of.setdefault((namespace, sid), set()).add(room)

    def basic_leave_room(self, sid: str, namespace: str, room: Any) -> None:
        super().basic_leave_room(sid, namespace, room)
        rooms = self._rooms_of.get((namespace, sid))
        if rooms is not None:
            rooms.discard(room)

    def basic_disconnect(self, sid: str, namespace: str, **kwargs: Any) -> None:
        # The base class copies and scans every room of the server to find this socket's.
        for room in self._rooms_of.pop((namespace, sid), set()):
            super().basic_leave_room(sid, namespace, room)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            waiting = pending.get(namespace)
            if waiting is not None and sid in waiting:
                waiting.remove(sid)
                if not waiting:
                    del pending[namespace]


class RedisManager(socketio.AsyncRedisManager, DirectManager):  # type: ignore[misc]
    """Fan-out across processes through Redis pub/sub (JSON on the channel, never pickle);
    what reaches this process is delivered to its sockets as DirectManager does (the pub/sub
    manager hands its local deliveries to the next manager in line, this one's parent).

    Redis drops a publish silently when it fails (logged, not raised): pages never depend on
    a broadcast arriving, the heartbeat's head reveals the gap (docs/protocol.md)."""

    def __init__(self, url: str) -> None:
        super().__init__(url, channel=CHANNEL)  # type: ignore[call-arg]

    def _redis_connect(self) -> None:
        # Two clients: publishes must fail fast when Redis hangs (the fan-out waits for them),
        # while the subscriber idles for as long as nothing is said and must not time out.
        self.redis = Redis.from_url(
            self.redis_url,
            socket_connect_timeout=PUBLISH_TIMEOUT_SECS,
            socket_timeout=PUBLISH_TIMEOUT_SECS,
        )
        listener = Redis.from_url(
            self.redis_url,
            socket_connect_timeout=PUBLISH_TIMEOUT_SECS,
            socket_keepalive=True,
            health_check_interval=LISTENER_HEALTH_SECS,
        )
        self.pubsub = listener.pubsub(ignore_subscribe_messages=True)
        self.connected = True
