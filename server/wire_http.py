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


class Attribution(WireModel):
    """Who gave the command: a role, whose token it was (a person's, hub's or group's id),
    and a named link's id (a co-moderator's, a group chair's)."""

    role: str
    id: str | None = None
    link: str | None = None


class ArchivedEvent(WireModel):
    seq: int
    event: AnyEvent
    by: Attribution | None = None
    """Who gave the command it came from (events recorded before attribution have none)."""
    prev: str | None = None
    """Version 2: the chain hash of the event before (64 hex digits; 64 zeros for the first)."""
    hash: str | None = None
    """Version 2: SHA-256(bytes(prev) || RFC 8785 JSON of `event`, with `by` as one more key of
    it when the entry has one), hex (docs/record.md)."""


class RankedScore(WireModel):
    key: str
    """An option id, or `compromise:<group id>`."""
    score: float


class ArchiveSummary(WireModel):
    """What the report's figures were at export: every ranking score, per point, strongest
    first. Not signed: `roundtable verify` recomputes them from the chained events."""

    rankings: dict[str, list[RankedScore]]


class SigningKey(WireModel):
    """GET /api/signing-key: the key this server signs archives with."""

    algorithm: Literal["Ed25519"]
    public_key: str
    """The raw 32-byte public key, standard base64."""
    fingerprint: str
    """`SHA256:` and the unpadded base64 of the raw key's SHA-256 (printed in reports)."""


class ArchiveSignature(SigningKey):
    value: str
    """Base64 Ed25519 signature of the RFC 8785 JSON of the head: {format, version,
    session_id, exported_at_ms, last_seq, last_hash} (docs/record.md)."""


class ArchiveDocument(WireModel):
    """GET /api/sessions/{id}/archive.json, and the body of POST /api/sessions/import: the
    whole log, numbered 1, 2, 3, … without a gap, opening with SessionCreated. Version 2 is
    hash-chained and signed; version 1 (no chain, no signature) is still read."""

    format: Literal["roundtable-archive"]
    version: Literal[1, 2]
    session_id: str
    exported_at_ms: int
    events: list[ArchivedEvent]
    summary: ArchiveSummary | None = None
    signature: ArchiveSignature | None = None


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
                             401: ErrorAck, 422: ErrorAck, 503: ErrorAck},
             "Authorization: Bearer OPERATOR_KEY"),
    Endpoint("POST", "/api/sessions/import",
             "Restore a session from its archive, under its own id and code, once every check "
             "of `roundtable verify` holds. Signed by this server's key: the operator or a "
             "moderator; signed by another key, or a version 1 archive: the operator only (403).",
             ArchiveDocument, {201: SessionOpened, 400: ErrorAck, 401: ErrorAck, 403: ErrorAck,
                               409: ErrorAck, 413: ErrorAck, 422: ErrorAck},
             "Authorization: Bearer OPERATOR_KEY, or a moderator token of this server"),
    Endpoint("GET", "/api/sessions/{session_id}/archive.json", "The whole event log, signed.",
             None, {200: ArchiveDocument, 401: ErrorAck, 403: ErrorAck, 404: ErrorAck},
             "Authorization: Bearer TOKEN (moderator)"),
    Endpoint("GET", "/api/signing-key", "The key this server signs archives with.",
             None, {200: SigningKey}, "none"),
)  # fmt: skip
"""Exports other than the archive (composite and report as .md/.html/.docx, the register as
.csv) are documents, not data: see docs/protocol.md."""
