"""WebSocket frames that are not engine.io packets end the connection here, deliberately.

engine.io reads a text frame's first character as the packet type outside any error handling:
a frame such as "x" raises out of its connection loop and uvicorn logs a traceback. A page's
own client never sends one, so a sender of such frames is not a page: it is closed, with one
warning line."""

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)
PACKET_TYPES = frozenset("0123456")  # open, close, ping, pong, message, upgrade, noop


class FrameGuard:
    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self._app(scope, receive, send)
            return

        async def guarded() -> Message:
            message = await receive()
            text = message.get("text") if message["type"] == "websocket.receive" else None
            if text is not None and (not text or text[0] not in PACKET_TYPES):
                log.warning("closed a WebSocket that sent a frame that is no engine.io packet")
                await send({"type": "websocket.close", "code": 1003})
                return {"type": "websocket.disconnect", "code": 1003}
            return message

        await self._app(scope, guarded, send)
