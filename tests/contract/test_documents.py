"""The protocol's documents say what the server does: the generated parts are current, and
the HTTP answers match their published models."""

import json
import urllib.request
from pathlib import Path

from facilitation import capabilities
from facilitation.commands import CreateSession
from server.asyncapi import asyncapi_document
from server.contract import PROTOCOL_PAGE, rewritten
from server.errors import STATUS
from server.wire_http import SessionOpened
from tests.support.live_server import LiveServer, operator_header


def test_the_capability_section_of_the_protocol_page_is_current() -> None:
    # Given the protocol page as committed, when its generated section is made again,
    page = PROTOCOL_PAGE.read_text()
    # Then nothing changes (run `python -m server.contract` after changing the table),
    assert rewritten(page) == page
    # and every command of the table has its row.
    for command in capabilities.COMMANDS:
        assert f"| `{command.__name__}` |" in page


def test_the_asyncapi_document_describes_sockets_http_capabilities_and_errors() -> None:
    document = asyncapi_document()
    schemas = document["components"]["schemas"]
    commands = schemas[document["components"]["messages"]["Command"]["payload"]["$ref"].rsplit(
        "/", 1
    )[1]]
    # A session is created over HTTP, not by a socket command,
    assert "CreateSession" not in commands["discriminator"]["mapping"]
    assert any(e["path"] == "/api/sessions" for e in document["x-http"])
    # every command and event must carry its `type`,
    for name in commands["discriminator"]["mapping"]:
        assert "type" in schemas[name]["required"], name
    # the capability table and the error codes with their HTTP status are there.
    assert document["x-capabilities"]["commands"]["RecordOutcome"] == {
        "moderator": "any",
        "facilitator": "own_group",
    }
    assert document["x-error-codes"] == STATUS
    assert json.loads(json.dumps(document)) == document


def test_creating_a_session_answers_as_documented(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "roundtable.db").start()
    try:
        request = urllib.request.Request(
            f"{server.url}/api/sessions",
            data=json.dumps({"title": "Documented", "command_id": "documented-01"}).encode(),
            headers={"Content-Type": "application/json", **operator_header()},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            first = (response.status, json.loads(response.read()))
        with urllib.request.urlopen(request, timeout=10) as response:
            again = (response.status, json.loads(response.read()))
    finally:
        server.stop()
    assert first[0] == 201 and again[0] == 200
    opened = SessionOpened.model_validate(first[1])
    assert SessionOpened.model_validate(again[1]).session_id == opened.session_id
    assert CreateSession.model_fields["title"].is_required()
