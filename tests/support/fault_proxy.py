"""A bad network between a browser and the server, for tests: a TCP proxy on loopback that adds
latency to every chunk, throttles bytes per second, cuts the link (every connection closed, new
ones refused for a while), can refuse WebSocket upgrades (so socket.io must stay on long-polling)
and can block paths (e.g. every socket.io request, while pages and scripts still load). It runs
its own event loop in a thread, so sync Playwright tests can use it, and it is bounded: a
connection cap, and it stops itself after `max_lifetime_secs`."""

import asyncio
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from .live_server import free_port

LOOPBACK = "127.0.0.1"
CHUNK_BYTES = 16 * 1024
HEAD_BYTES_MAX = 16 * 1024  # a request's head is far smaller; past this, stop looking for Upgrade
START_TIMEOUT_SECS = 5.0
WEBSOCKET_UPGRADE = re.compile(rb"^upgrade:[ \t]*websocket", re.IGNORECASE | re.MULTILINE)
CONNECTION_HEADER = re.compile(rb"^connection:[^\r\n]*\r\n", re.IGNORECASE | re.MULTILINE)


@dataclass
class Stats:
    connections: int = 0
    refused_during_cut: int = 0
    refused_upgrades: int = 0
    blocked_requests: int = 0
    cuts: int = 0
    bytes_up: int = 0
    bytes_down: int = 0


@dataclass(eq=False)  # compared and hashed by identity: a set holds the open links
class _Link:
    tasks: list["asyncio.Task[None]"] = field(default_factory=list)
    writers: list[asyncio.StreamWriter] = field(default_factory=list)


class FaultProxy:
    """`with FaultProxy(server_port, latency_ms=300) as proxy:` then browse `proxy.url`."""

    def __init__(
        self,
        upstream_port: int,
        *,
        latency_ms: int = 0,
        bytes_per_sec: int | None = None,
        refuse_websocket: bool = False,
        one_request_per_connection: bool = False,
        max_connections: int = 256,
        max_lifetime_secs: float = 300.0,
    ) -> None:
        self.upstream_port = upstream_port
        self.port = free_port()
        self.latency_ms = latency_ms
        self.bytes_per_sec = bytes_per_sec
        self.refuse_websocket = refuse_websocket
        self.one_request_per_connection = one_request_per_connection
        """Every request asks the server to close the connection after it: so the proxy sees
        (and can block) each request, not only the first of a kept-alive connection."""
        self.blocked_paths: tuple[bytes, ...] = ()
        self.max_connections = max_connections
        self.max_lifetime_secs = max_lifetime_secs
        self.stats = Stats()
        self._cut_until = 0.0  # time.monotonic() until which new connections are refused
        self._links: set[_Link] = set()
        self._handlers: set[asyncio.Task[None]] = set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._watchdog: asyncio.TimerHandle | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    # Control, from the test's thread --------------------------------------------------------

    def start(self) -> "FaultProxy":
        self._thread.start()
        self._call(self._start())
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        self._call(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=START_TIMEOUT_SECS)
        self._loop.close()

    def cut(self, secs: float) -> None:
        """Close every connection now, and refuse new ones for `secs` seconds."""
        self._call(self._cut(secs))

    def block(self, *prefixes: str) -> None:
        """Refuse, as a reset connection, every request whose path starts with one of
        `prefixes`; `block()` lifts it. Needs `one_request_per_connection`."""
        assert self.one_request_per_connection or not prefixes
        self.blocked_paths = tuple(p.encode() for p in prefixes)

    def heal(self) -> None:
        """End a cut early: new connections go through again."""
        self._cut_until = 0.0

    @property
    def is_cut(self) -> bool:
        return time.monotonic() < self._cut_until

    def __enter__(self) -> "FaultProxy":
        return self.start()

    def __exit__(self, *_: Any) -> None:
        self.stop()

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(START_TIMEOUT_SECS)

    # The loop's side ------------------------------------------------------------------------

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._accept, LOOPBACK, self.port)
        # Bounded: a test that forgets to stop the proxy does not leave it running for long.
        self._watchdog = self._loop.call_later(
            self.max_lifetime_secs, lambda: self._loop.create_task(self._stop())
        )

    async def _stop(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        await self._close_all()
        await asyncio.gather(*self._handlers, return_exceptions=True)

    async def _cut(self, secs: float) -> None:
        self.stats.cuts += 1
        self._cut_until = time.monotonic() + secs
        await self._close_all()

    async def _close_all(self) -> None:
        links = list(self._links)
        self._links.clear()
        for link in links:
            for writer in link.writers:
                writer.transport.abort()
            for task in link.tasks:
                task.cancel()
        for link in links:
            await asyncio.gather(*link.tasks, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.is_cut or len(self._links) >= self.max_connections:
            self.stats.refused_during_cut += 1
            writer.transport.abort()
            return
        self.stats.connections += 1
        link = _Link(writers=[writer])
        self._links.add(link)
        handler = asyncio.current_task()
        if handler is not None:
            self._handlers.add(handler)
            handler.add_done_callback(self._handlers.discard)
        try:
            head = await self._read_head(reader)
            upgrade = WEBSOCKET_UPGRADE.search(head) is not None
            if self.refuse_websocket and upgrade:
                # A network that blocks WebSocket: the upgrade request dies, plain HTTP passes.
                self.stats.refused_upgrades += 1
                return
            path = head.split(b" ", 2)[1] if head.count(b" ") >= 2 else b""
            if any(path.startswith(prefix) for prefix in self.blocked_paths):
                self.stats.blocked_requests += 1
                return
            if self.one_request_per_connection and not upgrade:
                end = head.find(b"\r\n\r\n")
                if end >= 0:
                    lines = CONNECTION_HEADER.sub(b"", head[: end + 2])
                    head = lines + b"Connection: close\r\n\r\n" + head[end + 4 :]
            up_reader, up_writer = await asyncio.open_connection(LOOPBACK, self.upstream_port)
            link.writers.append(up_writer)
            link.tasks += [
                self._loop.create_task(self._pipe(reader, up_writer, head, upstream=True)),
                self._loop.create_task(self._pipe(up_reader, writer, b"", upstream=False)),
            ]
            await asyncio.wait(link.tasks, return_when=asyncio.FIRST_COMPLETED)
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            for w in link.writers:
                w.transport.abort()
            for task in link.tasks:
                task.cancel()
            await asyncio.gather(*link.tasks, return_exceptions=True)
            self._links.discard(link)

    @staticmethod
    async def _read_head(reader: asyncio.StreamReader) -> bytes:
        """The first bytes of a connection, up to the end of the request's head."""
        head = b""
        while b"\r\n\r\n" not in head and len(head) < HEAD_BYTES_MAX:
            chunk = await reader.read(CHUNK_BYTES)
            if not chunk:
                break
            head += chunk
        return head

    async def _pipe(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        first: bytes,
        upstream: bool,
    ) -> None:
        """Copy one direction through a delay line: each chunk leaves `latency_ms` after it came,
        in order; with a throttle, no faster than `bytes_per_sec`."""
        line: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

        async def deliver() -> None:
            while (item := await line.get()) is not None:
                due, chunk = item
                await asyncio.sleep(max(0.0, due - self._loop.time()))
                for start in range(0, len(chunk), self._slice()):
                    piece = chunk[start : start + self._slice()]
                    writer.write(piece)
                    await writer.drain()
                    if self.bytes_per_sec:
                        await asyncio.sleep(len(piece) / self.bytes_per_sec)
                if upstream:
                    self.stats.bytes_up += len(chunk)
                else:
                    self.stats.bytes_down += len(chunk)
            if writer.can_write_eof():
                writer.write_eof()

        sender = self._loop.create_task(deliver())
        try:
            if first:
                line.put_nowait((self._loop.time() + self.latency_ms / 1000, first))
            while chunk := await reader.read(CHUNK_BYTES):
                line.put_nowait((self._loop.time() + self.latency_ms / 1000, chunk))
            line.put_nowait(None)
            await sender
        finally:
            sender.cancel()
            await asyncio.gather(sender, return_exceptions=True)

    def _slice(self) -> int:
        if not self.bytes_per_sec:
            return CHUNK_BYTES
        return max(256, min(CHUNK_BYTES, self.bytes_per_sec // 10))  # ten writes a second
