"""Envelopes and acks of the socket.io protocol, as models: they generate the AsyncAPI
document, and the shell tests check real acks against them so the two cannot drift apart."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from facilitation.events import AnyEvent
from facilitation.vocabulary import Reaction, Role


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
        "rate_limited",
        "refused",
        "unavailable",
        "unknown_request",
        "internal",
    ]
    message: str
    field: str | None
    details: list[dict[str, str]] | None = None
    incident: str | None = None
    """With `internal`: the id under which the server logged the failure."""


class EventEnvelope(WireModel):
    seq: int
    prev: int
    event: AnyEvent


EventBatch = list[EventEnvelope]
"""The `events` push: the events of one short tick for this page, in sequence order."""


class Request(WireModel):
    """A request's payload: strict, so `"5"` or `true` is refused rather than read as 5 or 1."""

    model_config = ConfigDict(extra="forbid", strict=True)


class SyncRequest(Request):
    after: int = Field(default=0, ge=0)
    """The last sequence number this page applied (0 at first)."""


class Me(WireModel):
    role: Role
    session_id: str
    participant_id: str | None
    group_id: str | None


class SyncAck(WireModel):
    """`reset`: the page was too far behind; `events` start from the first, rebuild from them."""

    ok: Literal[True]
    events: list[EventEnvelope]
    reset: bool
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


class HubLink(WireModel):
    hub_id: str
    name: str
    link: str


class LinksAck(WireModel):
    ok: Literal[True]
    code: str
    join: str
    hub: str
    screen: str
    hubs: list[HubLink]
    facilitators: list[FacilitatorLink]


class HeartbeatRequest(Request):
    """Every 10 s from a facilitator tablet or a hub (their link is watched), every 30 s from
    other pages: the last round-trip time, the entries not yet sent, and `t` (the page's
    `Date.now()`) so the ack is also a clock sample."""

    seq: int | None = Field(default=None, ge=0)
    rtt_ms: float | None = Field(default=None, ge=0, le=600_000, allow_inf_nan=False)
    unsent: int = Field(default=0, ge=0, le=1_000_000)
    t: float | None = Field(default=None, allow_inf_nan=False)


class HeartbeatAck(WireModel):
    """`head`: the newest event sent to this connection so far. A page with less waits a few
    seconds for the live stream before it syncs (docs/protocol.md, "Staying in sync").
    `t` echoes the request's, `now` is the server's clock: a clock sample."""

    ok: Literal[True]
    head: int
    now: int
    t: float | None


class PresenceLink(WireModel):
    role: Literal["facilitator", "hub"]
    key: str
    connected: bool
    since_ms: int
    last_seen_ms: int
    rtt_ms: int | None
    unsent: int


class PresenceAck(WireModel):
    ok: Literal[True]
    links: list[PresenceLink]


class PresenceUpdate(WireModel):
    """Sent to the moderator, screen and facilitators when a tablet or hub comes or goes."""

    links: list[PresenceLink]


class ConnectError(WireModel):
    code: Literal["bad_token", "not_found", "forbidden", "unavailable", "internal"]
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


class ObjectionView(WireModel):
    participant_id: str
    name: str
    stakeholder_group: str
    hub_name: str
    head_count: int
    reason: str
    addressed: bool


class ParagraphReviewView(WireModel):
    """One paragraph in the chair's view (facilitation.consensus.ParagraphReview)."""

    paragraph: int
    text: str
    draft: str
    revision: int
    changed: bool
    totals: dict[Reaction, int]
    by_stakeholder_group: dict[str, dict[Reaction, int]]
    objections: list[ObjectionView]
    silent_stakeholder_groups: list[str]
    earlier_reactions: int
    open_objections: int


class ReviewAck(WireModel):
    """The ranking per point and the chair's view per paragraph (facilitation.consensus)."""

    ok: Literal[True]
    version: int
    ranking: dict[str, list[RankedCandidate]]
    review: list[ParagraphReviewView]
