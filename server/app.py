"""The composition root: everything is built here, at start-up, never at import."""

import logging
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import socketio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from . import diagnostics
from .clock import Clock, SystemClock
from .config import MAX_MESSAGE_BYTES, Config
from .demo import create_demo
from .exports.routes import export_routes
from .http import routes
from .realtime import Realtime
from .services import Services
from .sessions import SessionService
from .store import open_store
from .timer import TimerOwner
from .tokens import Tokens

log = logging.getLogger("roundtable")
Announce = Callable[[Services], None]


def _new_id() -> str:
    return secrets.token_hex(6)


def _new_seed() -> int:
    return secrets.randbits(48)


def build_app(
    config: Config, clock: Clock | None = None, announce: Announce | None = None
) -> ASGIApp:
    clock = clock or SystemClock()
    sio = socketio.AsyncServer(
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
        store = await open_store(config.store_url)
        service = SessionService(store, clock, await store.secret(), _new_id, _new_seed)
        tokens = Tokens(await store.secret())
        timer = TimerOwner(service, clock)
        realtime = Realtime(sio, service, tokens, clock)
        service.on_commit(realtime.publish)
        service.on_change(timer.arm)
        services = Services(config, store, service, tokens, timer)
        app.state.services = services
        for state in await service.load_all():
            timer.arm(state)  # a restarted server picks every running round up again
        if config.demo:
            await create_demo(services)
        if announce:
            announce(services)
        try:
            yield
        finally:
            await timer.close()
            await service.close()
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
        middleware=[Middleware(GZipMiddleware, minimum_size=1024)],
        lifespan=lifespan,
    )
    asgi: ASGIApp = socketio.ASGIApp(sio, other_asgi_app=starlette)
    return asgi
