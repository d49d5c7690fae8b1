"""The composition root: everything is built here, at start-up, never at import."""

import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import socketio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from . import diagnostics, wire_json
from .clock import Clock, SystemClock
from .config import MAX_MESSAGE_BYTES, Config
from .demo import create_demo
from .errors import Guard
from .exports.routes import export_routes
from .fanout import Fanout
from .frame_guard import FrameGuard
from .heap import settle_heap
from .http import routes
from .manager import DirectManager, RedisManager
from .node_cookie import with_node_cookie
from .operator import operator_key
from .realtime import Realtime
from .record.signing import Signer
from .services import Services
from .sessions import SessionService
from .socket_server import SocketServer
from .store import open_store
from .timer import TimerOwner, holder_name
from .tokens import Tokens

log = logging.getLogger("roundtable")
Announce = Callable[[Services], Awaitable[None]]


def _new_id() -> str:
    return secrets.token_hex(6)


def _new_seed() -> int:
    return secrets.randbits(48)


def build_app(
    config: Config, clock: Clock | None = None, announce: Announce | None = None
) -> "Roundtable":
    clock = clock or SystemClock()
    manager = RedisManager(config.store_url) if config.shared_store else DirectManager()
    sio = SocketServer(
        client_manager=manager,
        json=wire_json,
        serializer=wire_json.JsonPacket,
        async_mode="asgi",
        # JSON on the wire: python-socketio encodes a broadcast once for every recipient and
        # engine.io caches that first encoding, so with msgpack a WebSocket page's binary frame
        # would be handed to a long-polling hub as its text. JSON is text for both transports.
        max_http_buffer_size=MAX_MESSAGE_BYTES,
        cors_allowed_origins=[],  # same-origin pages only
        transports=["polling", "websocket"],
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store = await open_store(config.store_url, allow_unsafe=config.redis_unsafe)
        secret = await store.secret()
        service = SessionService(
            store, clock, secret, _new_id, _new_seed, shared=config.shared_store
        )
        tokens = Tokens(secret)
        timer = TimerOwner(service, store, clock, holder_name())
        fanout = Fanout(sio)
        realtime = Realtime(sio, service, tokens, clock, fanout)
        service.on_commit(fanout.publish)
        service.on_commit(realtime.enforcer.committed)
        service.on_change(timer.changed)
        services = Services(
            config, store, service, tokens, timer, operator_key(config, secret), Signer(secret)
        )
        app.state.services = services
        service.start()
        timer.start()  # its first scan picks up every running round, here or orphaned
        if config.demo:
            await create_demo(services)
        if announce:
            await announce(services)
        settle_heap()
        try:
            yield
        finally:
            await timer.close()
            await service.close()
            await realtime.close()
            await fanout.close()
            await store.close()

    starlette = Starlette(
        routes=[
            *routes(config.static_dir),
            *export_routes(clock),
            *diagnostics.routes(),
            Mount("/static", StaticFiles(directory=config.static_dir), name="static"),
            Mount(
                "/vendor", StaticFiles(directory=config.vendor_dir, check_dir=False), name="vendor"
            ),
        ],
        middleware=[Middleware(Guard), Middleware(GZipMiddleware, minimum_size=1024)],
        lifespan=lifespan,
    )
    asgi: ASGIApp = FrameGuard(socketio.ASGIApp(sio, other_asgi_app=starlette))
    return Roundtable(with_node_cookie(asgi, config.node), sio)


class Roundtable:
    """The app, and what its server process needs of it when it stops."""

    def __init__(self, asgi: ASGIApp, sio: socketio.AsyncServer) -> None:
        self._asgi = asgi
        self._sio = sio

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._asgi(scope, receive, send)

    async def close_connections(self) -> None:
        """Close every socket.io connection: a held long-poll returns at once (with the close)
        instead of keeping the server from stopping for up to its 25 s ping interval, and
        every page goes on to reconnect (to another process, or this one once restarted)."""
        for socket in list(self._sio.eio.sockets.values()):
            if not socket.closed:
                await socket.close(wait=False, abort=False)
