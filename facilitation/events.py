"""Events: facts in the session's log, in the past tense. One TypeAdapter reads wire and log."""

from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from .fields import Frozen, Id, Millis, Title
from .model import (
    CompositeParagraph,
    Decision,
    Endorsement,
    Group,
    Hub,
    Outcome,
    Participant,
    Point,
    ReactionRecord,
    RoleLink,
    Settings,
)
from .vocabulary import Register, Role


class Event(Frozen):
    pass


class SessionCreated(Event):
    type: Literal["SessionCreated"] = "SessionCreated"
    session_id: Id
    code: str
    title: Title
    created_at_ms: Millis


class SessionConfigured(Event):
    type: Literal["SessionConfigured"] = "SessionConfigured"
    title: Title
    paragraphs: tuple[str, ...]
    points: tuple[Point, ...]
    stakeholder_groups: tuple[str, ...]
    settings: Settings


class ParticipantJoined(Event):
    type: Literal["ParticipantJoined"] = "ParticipantJoined"
    participant: Participant
    pending: bool = False
    """On the waiting list: in the session once the moderator approves (JoinsDecided)."""


class GroupsAssigned(Event):
    """Holds the groups themselves, not only the seed, so replay never re-runs the draw."""

    type: Literal["GroupsAssigned"] = "GroupsAssigned"
    seed: int
    groups: tuple[Group, ...]


class GroupCreated(Event):
    """A group opened after assignment, e.g. the first remote joiner when none was remote.
    During the rotation it carries its column of the plan: the point for each round."""

    type: Literal["GroupCreated"] = "GroupCreated"
    group: Group
    column: tuple[Id, ...] | None = None


class ParticipantPlaced(Event):
    type: Literal["ParticipantPlaced"] = "ParticipantPlaced"
    participant_id: Id
    group_id: Id


class ParticipantMoved(Event):
    type: Literal["ParticipantMoved"] = "ParticipantMoved"
    participant_id: Id
    from_group_id: Id
    to_group_id: Id


class GroupLabelled(Event):
    type: Literal["GroupLabelled"] = "GroupLabelled"
    group_id: Id
    label: str


class RotationStarted(Event):
    """plan[r][g]: the point group_order[g] considers in round r + 1."""

    type: Literal["RotationStarted"] = "RotationStarted"
    group_order: tuple[Id, ...]
    plan: tuple[tuple[Id, ...], ...]


class RoundStarted(Event):
    type: Literal["RoundStarted"] = "RoundStarted"
    round: int
    started_at_ms: Millis
    ends_at_ms: Millis


class RoundWarned(Event):
    type: Literal["RoundWarned"] = "RoundWarned"
    round: int
    secs_left: int


class RoundPaused(Event):
    type: Literal["RoundPaused"] = "RoundPaused"
    round: int
    remaining_ms: Millis


class RoundResumed(Event):
    type: Literal["RoundResumed"] = "RoundResumed"
    round: int
    ends_at_ms: Millis


class RoundExtended(Event):
    """`remaining_ms` is the time left just after the extension; `ends_at_ms` is None while
    the round is paused (then only the remaining time moves)."""

    type: Literal["RoundExtended"] = "RoundExtended"
    round: int
    remaining_ms: Millis
    ends_at_ms: Millis | None = None


class RoundEnded(Event):
    type: Literal["RoundEnded"] = "RoundEnded"
    round: int
    ended_at_ms: Millis
    early: bool


class RotationFinished(Event):
    type: Literal["RotationFinished"] = "RotationFinished"
    finished_at_ms: Millis


class PositionTaken(Event):
    type: Literal["PositionTaken"] = "PositionTaken"
    participant_id: Id
    group_id: Id
    point_id: Id
    round: int
    choice: Id


class OutcomeRecorded(Event):
    type: Literal["OutcomeRecorded"] = "OutcomeRecorded"
    outcome: Outcome


class ParagraphComposed(Event):
    type: Literal["ParagraphComposed"] = "ParagraphComposed"
    entry: CompositeParagraph
    composite_version: int


class ReactionGiven(Event):
    type: Literal["ReactionGiven"] = "ReactionGiven"
    reaction: ReactionRecord


class ObjectionAddressed(Event):
    type: Literal["ObjectionAddressed"] = "ObjectionAddressed"
    paragraph: int
    participant_id: Id
    addressed: bool


class TextClosed(Event):
    """The composite frozen as the final version, with its content hash."""

    type: Literal["TextClosed"] = "TextClosed"
    decision: Decision


class TextNotClosed(Event):
    """The chair did not close the text: the session issues a report of agreement and
    disagreement instead."""

    type: Literal["TextNotClosed"] = "TextNotClosed"
    decision: Decision


class RegisterOpened(Event):
    type: Literal["RegisterOpened"] = "RegisterOpened"
    open_to: Register


class EndorsementGiven(Event):
    type: Literal["EndorsementGiven"] = "EndorsementGiven"
    endorsement: Endorsement


class EndorsementWithdrawn(Event):
    """`endorser_id` is whose device must learn of it: the participant, or for someone who
    endorsed from the open link, the endorsement id their token carries."""

    type: Literal["EndorsementWithdrawn"] = "EndorsementWithdrawn"
    endorsement_id: Id
    endorser_id: Id | None = None


class HubRegistered(Event):
    type: Literal["HubRegistered"] = "HubRegistered"
    hub: Hub


class HubPlaced(Event):
    """A hub put into a group; during the rotation a new group carries its plan column in
    a GroupCreated before this."""

    type: Literal["HubPlaced"] = "HubPlaced"
    hub_id: Id
    group_id: Id


class HeadCountSet(Event):
    type: Literal["HeadCountSet"] = "HeadCountSet"
    hub_id: Id
    head_count: int


class HubPositionsSet(Event):
    type: Literal["HubPositionsSet"] = "HubPositionsSet"
    hub_id: Id
    group_id: Id
    point_id: Id
    round: int
    counts: dict[str, int]


class HandRaised(Event):
    type: Literal["HandRaised"] = "HandRaised"
    hub_id: Id
    raised: bool


class MessageSent(Event):
    """A message to the moderator from a hub or a facilitator."""

    type: Literal["MessageSent"] = "MessageSent"
    from_role: Role
    from_id: Id
    text: str
    sent_at_ms: Millis


class MessageBroadcast(Event):
    type: Literal["MessageBroadcast"] = "MessageBroadcast"
    text: str
    sent_at_ms: Millis


class ParticipantRemoved(Event):
    type: Literal["ParticipantRemoved"] = "ParticipantRemoved"
    participant_id: Id
    reason: str
    removed_at_ms: Millis


class ParticipantRenamed(Event):
    type: Literal["ParticipantRenamed"] = "ParticipantRenamed"
    participant_id: Id
    name: str
    organisation: str


class ParticipantsMerged(Event):
    """`merged_id` is `kept_id` from now on: its positions and reactions count as the kept
    record's where that has none of its own, and its device acts as the kept person."""

    type: Literal["ParticipantsMerged"] = "ParticipantsMerged"
    kept_id: Id
    merged_id: Id


class JoiningLocked(Event):
    type: Literal["JoiningLocked"] = "JoiningLocked"
    locked: bool


class JoinCodeChanged(Event):
    type: Literal["JoinCodeChanged"] = "JoinCodeChanged"
    code: str


class ApprovalRequired(Event):
    type: Literal["ApprovalRequired"] = "ApprovalRequired"
    required: bool


class JoinsDecided(Event):
    type: Literal["JoinsDecided"] = "JoinsDecided"
    approved: tuple[Id, ...] = ()
    turned_away: tuple[Id, ...] = ()


class RoleLinkCreated(Event):
    type: Literal["RoleLinkCreated"] = "RoleLinkCreated"
    link: RoleLink


class RoleLinkRevoked(Event):
    type: Literal["RoleLinkRevoked"] = "RoleLinkRevoked"
    link_id: Id


class ExpectedHeadCountSet(Event):
    type: Literal["ExpectedHeadCountSet"] = "ExpectedHeadCountSet"
    hub_id: Id
    expected_head_count: int


AnyEvent = Annotated[
    SessionCreated
    | SessionConfigured
    | ParticipantJoined
    | GroupsAssigned
    | GroupCreated
    | ParticipantPlaced
    | ParticipantMoved
    | GroupLabelled
    | RotationStarted
    | RoundStarted
    | RoundWarned
    | RoundPaused
    | RoundResumed
    | RoundExtended
    | RoundEnded
    | RotationFinished
    | PositionTaken
    | OutcomeRecorded
    | ParagraphComposed
    | ReactionGiven
    | ObjectionAddressed
    | TextClosed
    | TextNotClosed
    | RegisterOpened
    | EndorsementGiven
    | EndorsementWithdrawn
    | HubRegistered
    | HubPlaced
    | HeadCountSet
    | HubPositionsSet
    | HandRaised
    | MessageSent
    | MessageBroadcast
    | ParticipantRemoved
    | ParticipantRenamed
    | ParticipantsMerged
    | JoiningLocked
    | JoinCodeChanged
    | ApprovalRequired
    | JoinsDecided
    | RoleLinkCreated
    | RoleLinkRevoked
    | ExpectedHeadCountSet,
    Field(discriminator="type"),
]
EVENTS: TypeAdapter[AnyEvent] = TypeAdapter(AnyEvent)

WATCHERS_ONLY = ""
"""`concerns` of a private event that concerns no participant in particular."""


PRIVATE_EVENTS: tuple[type[Event], ...] = (
    ParticipantJoined,
    PositionTaken,
    ReactionGiven,
    EndorsementGiven,
    EndorsementWithdrawn,
    ObjectionAddressed,
    HeadCountSet,
    HubPositionsSet,
    HandRaised,
    MessageSent,
    ParticipantRemoved,
    ParticipantRenamed,
    ParticipantsMerged,
    JoinCodeChanged,
    RoleLinkCreated,
    RoleLinkRevoked,
)
"""The event types `concerns` names a participant (or the watchers only) for; every other
event is public (docs/protocol.md, "Who receives what", is generated from this)."""


def concerns(event: Event) -> str | None:
    """The participant a private event is about, or None for a public event.

    Private events (joins, positions, reactions, endorsements, a hub's block positions,
    head count, raised hand and messages) go to the watchers (moderator,
    screen, facilitators) and to the participant concerned only: at 2,000 people,
    broadcasting every tap to every phone is the cost that would not scale, and phones do not
    show them."""
    if isinstance(event, ParticipantJoined):
        return event.participant.participant_id
    if isinstance(event, PositionTaken):
        return event.participant_id
    if isinstance(event, ReactionGiven):
        return event.reaction.participant_id
    if isinstance(event, EndorsementGiven):
        return event.endorsement.participant_id or event.endorsement.endorsement_id
    if isinstance(event, ObjectionAddressed):
        return event.participant_id
    if isinstance(event, HeadCountSet | HubPositionsSet | HandRaised):
        return event.hub_id
    if isinstance(event, MessageSent):
        return event.from_id if event.from_role == "hub" else WATCHERS_ONLY
    if isinstance(event, EndorsementWithdrawn):
        return event.endorser_id or WATCHERS_ONLY
    if isinstance(event, ParticipantRemoved | ParticipantRenamed):
        return event.participant_id
    if isinstance(event, ParticipantsMerged):
        return event.merged_id  # its device learns whom it acts as now
    if isinstance(event, JoinCodeChanged | RoleLinkCreated | RoleLinkRevoked):
        return WATCHERS_ONLY  # a new code is for the room, not for those who had the old one
    return None
