"""The plain-HTTP part of the protocol as models: creating a session, importing an archive,
and the archive's format. They document it (the AsyncAPI document's `x-http` block and
docs/protocol.md), and the shell tests check real answers against them."""

from dataclasses import dataclass
from typing import Any, Literal

from facilitation.commands import CreateSession
from facilitation.events import AnyEvent

from .wire import ErrorAck, WireModel


class SessionLinks(WireModel):
    moderator: str
    """`/moderator#TOKEN`: the moderator's console (the token is in the fragment)."""
    screen: str
    """`/screen#TOKEN`: the projector's dashboard."""
    join: str
    """`/join?code=CODE`: the participants' page."""


class SessionOpened(WireModel):
    """The answer to POST /api/sessions (201 made, 200 when the same command_id made it
    before) and to POST /api/sessions/import (201)."""

    ok: Literal[True]
    session_id: str
    code: str
    moderator_token: str
    links: SessionLinks


class ArchivedEvent(WireModel):
    seq: int
    event: AnyEvent


class ArchiveDocument(WireModel):
    """GET /api/sessions/{id}/archive.json, and the body of POST /api/sessions/import: the
    whole log, numbered 1, 2, 3, … without a gap, opening with SessionCreated."""

    format: Literal["roundtable-archive"]
    version: Literal[1]
    session_id: str
    exported_at_ms: int
    events: list[ArchivedEvent]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    summary: str
    request: Any
    answers: dict[int, Any]
    auth: str


ENDPOINTS = (
    Endpoint("POST", "/api/sessions",
             "Create a session. `command_id` (8-64 of [A-Za-z0-9_-]) is optional; sent again, "
             "the same id finds the session it made the first time (200) instead of a new one.",
             CreateSession, {201: SessionOpened, 200: SessionOpened, 400: ErrorAck,
                             422: ErrorAck, 503: ErrorAck}, "none"),
    Endpoint("POST", "/api/sessions/import",
             "Restore a session from its archive, under its own id and code.",
             ArchiveDocument, {201: SessionOpened, 400: ErrorAck, 409: ErrorAck, 413: ErrorAck,
                               422: ErrorAck}, "none"),
    Endpoint("GET", "/api/sessions/{session_id}/archive.json", "The whole event log.",
             None, {200: ArchiveDocument, 401: ErrorAck, 403: ErrorAck, 404: ErrorAck},
             "Authorization: Bearer TOKEN (moderator)"),
)  # fmt: skip
"""Exports other than the archive (composite and report as .md/.html/.docx, the register as
.csv) are documents, not data: see docs/protocol.md."""
