"""server/node_cookie.py: each process names itself in the `rt_node` cookie, once per browser,
so a proxy can keep a browser's long-polling on one process (tests/deploy drives it for real)."""

from typing import Any

import pytest
from starlette.types import Message, Receive, Scope, Send

from server.node_cookie import NodeCookie, with_node_cookie


async def answer(scope: Scope, receive: Receive, send: Send) -> None:
    """A hand-written app: 200 with one header of its own."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"x-app", b"1")]})
    await send({"type": "http.response.body", "body": b"ok"})


async def serve(app: Any, scope_type: str = "http", cookie: str | None = None) -> list[Message]:
    headers = [(b"cookie", cookie.encode())] if cookie is not None else []
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await app({"type": scope_type, "headers": headers, "path": "/"}, receive, send)
    return sent


def cookies_set(sent: list[Message]) -> list[bytes]:
    return [value for name, value in sent[0]["headers"] if name == b"set-cookie"]


async def test_a_first_request_is_told_which_node_answered() -> None:
    # Given node 2
    app = NodeCookie(answer, "2")
    # When a browser with no cookie asks
    sent = await serve(app)
    # Then the answer sets the cookie, and keeps the app's own headers and body
    assert cookies_set(sent) == [b"rt_node=2; Path=/; HttpOnly; SameSite=Lax"]
    assert (b"x-app", b"1") in sent[0]["headers"]
    assert sent[1]["body"] == b"ok"


async def test_a_browser_that_already_names_this_node_gets_no_header() -> None:
    sent = await serve(NodeCookie(answer, "2"), cookie="theme=dark; rt_node=2")
    assert cookies_set(sent) == []


async def test_a_browser_moved_from_a_dead_node_is_told_its_new_node() -> None:
    # Given a browser whose node 1 died, and whose request the proxy gave to node 2
    sent = await serve(NodeCookie(answer, "2"), cookie="rt_node=1")
    # Then node 2 names itself, so the browser's next requests come straight to it
    assert cookies_set(sent) == [b"rt_node=2; Path=/; HttpOnly; SameSite=Lax"]


async def test_websocket_and_lifespan_pass_through_untouched() -> None:
    seen: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    wrapped = NodeCookie(app, "2")
    assert await serve(wrapped, "websocket") == []
    assert await serve(wrapped, "lifespan") == []
    assert seen == ["websocket", "lifespan"]


def test_without_a_node_the_app_is_left_as_it_is() -> None:
    assert with_node_cookie(answer, "") is answer


@pytest.mark.parametrize("name", ["a b", "1;x", "é", "x" * 33])
def test_a_node_name_that_is_not_a_plain_token_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="ROUNDTABLE_NODE"):
        NodeCookie(answer, name)
