"""Envelopes and acks of the socket.io protocol, as models: they generate the AsyncAPI
document, and the shell tests check real acks against them so the two cannot drift apart."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from facilitation.events import AnyEvent
from facilitation.vocabulary import Role


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CommandAck(WireModel):
    ok: Literal[True]
    seq: int
    duplicate: bool
    result: dict[str, Any]


class ErrorAck(WireModel):
    ok: Literal[False]
    code: Literal[
        "invalid",
        "unknown_command",
        "forbidden",
        "wrong_phase",
        "not_found",
        "stale",
        "duplicate",
        "refused",
    ]
    message: str
    field: str | None
    details: list[dict[str, str]] | None = None


class EventEnvelope(WireModel):
    seq: int
    prev: int
    event: AnyEvent


class SyncRequest(WireModel):
    after: int


class Me(WireModel):
    role: Role
    session_id: str
    participant_id: str | None
    group_id: str | None


class SyncAck(WireModel):
    ok: Literal[True]
    events: list[EventEnvelope]
    head: int
    now: int
    me: Me


class ClockRequest(WireModel):
    t: float


class ClockAck(WireModel):
    t: float | None
    now: int


class FacilitatorLink(WireModel):
    group_id: str
    number: int
    label: str
    link: str


class LinksAck(WireModel):
    ok: Literal[True]
    code: str
    join: str
    hub: str
    screen: str
    facilitators: list[FacilitatorLink]


class ConnectError(WireModel):
    code: Literal["bad_token", "not_found"]
    message: str


class RankedBacking(WireModel):
    group_id: str
    round: int
    strength: str
    share: float


class RankedCandidate(WireModel):
    key: str
    label: str
    option_id: str | None
    group_id: str | None
    score: float
    groups: list[str]
    of_groups: int
    stakeholder_groups: list[str]
    near_tie: bool
    backings: list[RankedBacking]


class ReviewAck(WireModel):
    """The ranking per point and the chair's view per paragraph (facilitation.consensus)."""

    ok: Literal[True]
    version: int
    ranking: dict[str, list[RankedCandidate]]
    review: list[dict[str, Any]]
