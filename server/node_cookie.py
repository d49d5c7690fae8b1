"""Which process answered: with several processes behind one proxy, each names itself in a
cookie, so the proxy can send a browser's next requests to the same process.

engine.io's long-polling session lives in one process's memory: its polling requests, and the
WebSocket upgrade that carries the same `sid`, must reach the process that did the handshake.
Routing by client address would put a whole hub (50 people behind one address) on one process;
a cookie is per browser. deploy/nginx.conf maps this cookie to the process's upstream.

This wraps the outermost ASGI app (socket.io's), since engine.io answers its own requests
before Starlette and its middleware ever see them."""

import re

from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "rt_node"
NODE_NAME = re.compile(r"[A-Za-z0-9_-]{1,32}")  # a cookie value and an nginx upstream name as is


class NodeCookie:
    """Sets `rt_node=<node>` on every HTTP response to a request that did not already carry it:
    the first contact (the handshake above all) and a browser whose node died and was served
    by another. Requests that already carry it (every poll after the first) get no header."""

    def __init__(self, app: ASGIApp, node: str) -> None:
        if not NODE_NAME.fullmatch(node):
            raise ValueError(f"ROUNDTABLE_NODE must match {NODE_NAME.pattern}, not {node!r}")
        self.app = app
        self.node = node
        self.header = (
            b"set-cookie",
            f"{COOKIE}={node}; Path=/; HttpOnly; SameSite=Lax".encode("latin-1"),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _cookie(scope) == self.node:
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", ()), self.header]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def with_node_cookie(app: ASGIApp, node: str) -> ASGIApp:
    """`app` naming itself `node` in a cookie; `app` unchanged when no node is configured."""
    return NodeCookie(app, node) if node else app


def _cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            return cookie_parser(value.decode("latin-1")).get(COOKIE)
    return None
