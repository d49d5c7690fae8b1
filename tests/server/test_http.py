"""Plain HTTP: creating a session, the join QR code, the pages and the browser library."""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

import pytest

from facilitation.draft import CODE_ALPHABET, CODE_LENGTH
from server.wire import ErrorAck
from tests.support.live_server import OPERATOR_KEY, operator_header
from tests.support.servers import Server


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def fetch(
    server: Server, path: str, body: bytes | None = None, key: str | None = OPERATOR_KEY
) -> Reply:
    """GET, or POST `body` as JSON; with the operator key unless `key` is None."""
    headers = operator_header(key) if key else {}
    if body is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(
        f"{server.url}{path}", data=body, headers=headers, method="GET" if body is None else "POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Reply(response.status, response.headers.get("content-type", ""), response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Reply(error.code, error.headers.get("content-type", ""), error.read())


def assert_structured_error(reply: Reply, field: str | None) -> None:
    assert 400 <= reply.status < 500, reply
    assert reply.content_type.startswith("application/json")
    error = ErrorAck.model_validate(reply.json())
    assert error.code == "invalid" and error.field == field
    assert len(error.message) > 10


def test_creating_a_session_answers_201_with_its_code_and_links(server: Server) -> None:
    # Given a running server, when a session is created with a title,
    reply = fetch(server, "/api/sessions", json.dumps({"title": "IGF breakout"}).encode())

    # Then it answers 201 with the session, its join code, the moderator's token and the links.
    assert reply.status == 201, reply
    body = reply.json()
    assert set(body) == {"ok", "session_id", "code", "moderator_token", "links"}
    assert body["ok"] is True
    assert len(body["code"]) == CODE_LENGTH and set(body["code"]) <= set(CODE_ALPHABET)
    assert set(body["links"]) == {"moderator", "screen", "join"}
    assert body["links"]["moderator"] == f"/moderator#{body['moderator_token']}"
    assert body["links"]["join"] == f"/join?code={body['code']}"
    assert body["links"]["screen"].startswith("/screen#")


BAD_BODIES = {
    "not JSON": (b"{title: oops", None),
    "no title": (json.dumps({}).encode(), "title"),
    "empty title": (json.dumps({"title": "   "}).encode(), "title"),
    "title over the limit": (json.dumps({"title": "T" * 201}).encode(), "title"),
    "title of the wrong type": (json.dumps({"title": ["a"]}).encode(), "title"),
    "unknown field": (json.dumps({"title": "T", "owner": "me"}).encode(), "owner"),
    "not an object": (json.dumps(["title"]).encode(), None),
}


@pytest.mark.parametrize("body, field", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_a_bad_session_request_is_a_structured_4xx(
    server: Server, body: bytes, field: str | None
) -> None:
    # Given a running server, when the request body is not a valid session,
    reply = fetch(server, "/api/sessions", body)
    # Then it answers 4xx with {ok: false, code, message, field}.
    assert_structured_error(reply, field)


def test_the_join_qr_code_is_an_svg(server: Server) -> None:
    # Given a join link, when its QR code is asked for,
    text = urllib.parse.quote(f"{server.url}/join?code=ABCDEF")
    reply = fetch(server, f"/qr.svg?text={text}")

    # Then it is an SVG image.
    assert reply.status == 200
    assert reply.content_type.startswith("image/svg+xml")
    assert reply.body.lstrip().startswith(b"<svg") and reply.body.rstrip().endswith(b"</svg>")


@pytest.mark.parametrize(
    "query", ["?text=" + "x" * 501, "?text=", ""], ids=["too long", "empty", "none"]
)
def test_a_qr_code_needs_a_short_text(server: Server, query: str) -> None:
    # Given a text that is too long or missing, when its QR code is asked for, then 400.
    reply = fetch(server, f"/qr.svg{query}")
    assert reply.status == 400
    assert_structured_error(reply, "text")


@pytest.mark.parametrize("page", ["moderator", "screen", "facilitator", "join", "hub"])
def test_each_page_is_served(server: Server, page: str) -> None:
    # Given a running server, when a page is opened, then it is an HTML page.
    reply = fetch(server, f"/{page}")
    assert reply.status == 200, reply
    assert reply.content_type.startswith("text/html")
    assert b"<html" in reply.body.lower()


def test_the_browser_socket_io_client_is_served_by_the_app(server: Server) -> None:
    # Given a running server, when a page loads the socket.io client bundle,
    reply = fetch(server, "/vendor/socket.io.min.js")
    # Then the app serves it itself (never a CDN at run time).
    assert reply.status == 200
    assert "javascript" in reply.content_type
    assert len(reply.body) > 10_000


def test_the_health_check_answers(server: Server) -> None:
    reply = fetch(server, "/healthz")
    assert (reply.status, reply.json()) == (200, {"ok": True})
