"""Commands: orders a role gives. Decoded from the wire by one TypeAdapter over the union."""

from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from .fields import (
    CommandId,
    DraftText,
    Frozen,
    Id,
    Label,
    Name,
    Note,
    OptionLabel,
    Organisation,
    Question,
    Region,
    TimeZone,
    Title,
    text_bounds,
)
from .model import Hands
from .vocabulary import (
    DEFAULT_ROUND_SECS,
    DEFAULT_STAKEHOLDER_GROUPS,
    MAX_EXTEND_MINUTES,
    MAX_ROUND_SECS,
    CompositeSource,
    HubPlacement,
    LinkRole,
    Mode,
    Reaction,
    Strength,
)


class Command(Frozen):
    command_id: CommandId


class PointSpec(Frozen):
    paragraph: int = Field(ge=1)
    question: Question
    options: tuple[OptionLabel, ...] = Field(min_length=2, max_length=8)


class CreateSession(Command):
    type: Literal["CreateSession"] = "CreateSession"
    title: Title


class ConfigureSession(Command):
    """The whole set-up form at once: it stays editable until the groups are assigned."""

    type: Literal["ConfigureSession"] = "ConfigureSession"
    title: Title
    draft: DraftText
    points: tuple[PointSpec, ...] = Field(min_length=1, max_length=50)
    stakeholder_groups: tuple[Label, ...] = Field(
        default=DEFAULT_STAKEHOLDER_GROUPS, min_length=1, max_length=12
    )
    group_count: int | None = Field(default=None, ge=1, le=200)
    target_group_size: int | None = Field(default=None, ge=2, le=500)
    round_secs: int = Field(default=DEFAULT_ROUND_SECS, ge=1, le=MAX_ROUND_SECS)
    remote_groups: int = Field(default=1, ge=0, le=50)


class Join(Command):
    type: Literal["Join"] = "Join"
    name: Name
    organisation: Organisation = ""
    stakeholder_group: Label
    region: Region
    mode: Mode
    hub_name: Organisation = ""
    country: Organisation = ""


class AssignGroups(Command):
    """`seed` lets anyone re-run a recorded assignment; the shell supplies one when absent."""

    type: Literal["AssignGroups"] = "AssignGroups"
    seed: int | None = Field(default=None, ge=0, lt=2**53)


class MoveParticipant(Command):
    type: Literal["MoveParticipant"] = "MoveParticipant"
    participant_id: Id
    group_id: Id


class LabelGroup(Command):
    type: Literal["LabelGroup"] = "LabelGroup"
    group_id: Id
    label: Annotated[str, Field(max_length=80)]


class StartRotation(Command):
    type: Literal["StartRotation"] = "StartRotation"


class PauseRound(Command):
    type: Literal["PauseRound"] = "PauseRound"


class ResumeRound(Command):
    type: Literal["ResumeRound"] = "ResumeRound"


class ExtendRound(Command):
    type: Literal["ExtendRound"] = "ExtendRound"
    minutes: int = Field(ge=1, le=MAX_EXTEND_MINUTES)


class EndRound(Command):
    """`round` guards against ending the next round by a late or repeated request."""

    type: Literal["EndRound"] = "EndRound"
    round: int = Field(ge=1)


class WarnRound(Command):
    type: Literal["WarnRound"] = "WarnRound"
    round: int = Field(ge=1)
    secs_left: int = Field(ge=1)


class TakePosition(Command):
    type: Literal["TakePosition"] = "TakePosition"
    point_id: Id
    choice: Id


class RecordOutcome(Command):
    type: Literal["RecordOutcome"] = "RecordOutcome"
    group_id: Id
    point_id: Id
    choice: Id
    compromise_text: Note = ""
    strength: Strength
    hands: Hands = Hands()
    notes: Note = ""


class ComposeParagraph(Command):
    """Set one paragraph of the composite text, starting from what `source` names (the draft,
    an option, a group's compromise, or nothing: `custom`). Without `text`, the wording is
    that candidate's; with `text`, the core itself decides what it is: the candidate when the
    text is the candidate's, otherwise new wording edited from it."""

    type: Literal["ComposeParagraph"] = "ComposeParagraph"
    paragraph: int = Field(ge=1)
    source: CompositeSource
    point_id: Id | None = None
    option_id: Id | None = None
    group_id: Id | None = None
    text: Annotated[str, Field(max_length=5000)] | None = None


class React(Command):
    type: Literal["React"] = "React"
    paragraph: int = Field(ge=1)
    reaction: Reaction
    reason: Annotated[str, Field(max_length=500)] = ""
    head_count: int | None = Field(default=None, ge=1, le=10_000)


class AddressObjection(Command):
    type: Literal["AddressObjection"] = "AddressObjection"
    paragraph: int = Field(ge=1)
    participant_id: Id
    addressed: bool = True


class CloseText(Command):
    type: Literal["CloseText"] = "CloseText"


class DeclineToClose(Command):
    type: Literal["DeclineToClose"] = "DeclineToClose"
    note: Note = ""


class OpenRegister(Command):
    """Open the endorsement register to anyone with the link, beyond those present."""

    type: Literal["OpenRegister"] = "OpenRegister"


class Endorse(Command):
    type: Literal["Endorse"] = "Endorse"
    name: Name
    organisation: Organisation = ""
    stakeholder_group: Label
    country: Region


class WithdrawEndorsement(Command):
    type: Literal["WithdrawEndorsement"] = "WithdrawEndorsement"
    endorsement_id: Id


class RegisterHub(Command):
    type: Literal["RegisterHub"] = "RegisterHub"
    name: Label
    city: Organisation = ""
    country: Organisation = ""
    timezone: TimeZone = "UTC"
    expected_head_count: int = Field(ge=1, le=10_000)
    placement: HubPlacement = "remote"


class PlaceHub(Command):
    """Move a hub into a group (after the groups are assigned)."""

    type: Literal["PlaceHub"] = "PlaceHub"
    hub_id: Id
    group_id: Id


class SetHeadCount(Command):
    type: Literal["SetHeadCount"] = "SetHeadCount"
    head_count: int = Field(ge=0, le=10_000)


class SetHubPositions(Command):
    """The hub's positions on its group's current point, as counts of people per choice."""

    type: Literal["SetHubPositions"] = "SetHubPositions"
    point_id: Id
    counts: dict[Id, Annotated[int, Field(ge=0, le=10_000)]] = Field(max_length=12)


class RaiseHand(Command):
    type: Literal["RaiseHand"] = "RaiseHand"
    raised: bool = True


class MessageModerator(Command):
    type: Literal["MessageModerator"] = "MessageModerator"
    text: Annotated[str, text_bounds(500)]


class Broadcast(Command):
    """A message from the moderator shown prominently on every page ("back to plenary")."""

    type: Literal["Broadcast"] = "Broadcast"
    text: Annotated[str, text_bounds(280)]


class RemoveParticipant(Command):
    """Take someone out of the session (a fake join, a disruption): their later commands are
    refused; what they did stays in the log but no longer counts."""

    type: Literal["RemoveParticipant"] = "RemoveParticipant"
    participant_id: Id
    reason: Annotated[str, text_bounds(300)]


class RenameParticipant(Command):
    type: Literal["RenameParticipant"] = "RenameParticipant"
    participant_id: Id
    name: Name
    organisation: Organisation | None = None


class MergeParticipants(Command):
    """Two records of one person (joined twice): `merge_id` becomes `keep_id`."""

    type: Literal["MergeParticipants"] = "MergeParticipants"
    keep_id: Id
    merge_id: Id


class LockJoining(Command):
    type: Literal["LockJoining"] = "LockJoining"
    locked: bool = True


class ChangeJoinCode(Command):
    """A new join code; the old one stops working at once (a code shown on a webcast)."""

    type: Literal["ChangeJoinCode"] = "ChangeJoinCode"


class RequireApproval(Command):
    """Joins wait for the moderator's approval (a waiting list) while required."""

    type: Literal["RequireApproval"] = "RequireApproval"
    required: bool = True


class DecideJoins(Command):
    """Let people on the waiting list in (or turn them away), in bulk or one by one."""

    type: Literal["DecideJoins"] = "DecideJoins"
    participant_ids: tuple[Id, ...] = Field(min_length=1, max_length=5000)
    approve: bool = True


class CreateRoleLink(Command):
    type: Literal["CreateRoleLink"] = "CreateRoleLink"
    role: LinkRole
    label: Label
    group_id: Id | None = None


class RevokeRoleLink(Command):
    type: Literal["RevokeRoleLink"] = "RevokeRoleLink"
    link_id: Id


class SetExpectedHeadCount(Command):
    """Raise (or lower) a hub's registered size: the cap on the head count it may report."""

    type: Literal["SetExpectedHeadCount"] = "SetExpectedHeadCount"
    hub_id: Id
    expected_head_count: int = Field(ge=1, le=10_000)


AnyCommand = Annotated[
    ConfigureSession
    | Join
    | AssignGroups
    | MoveParticipant
    | LabelGroup
    | StartRotation
    | PauseRound
    | ResumeRound
    | ExtendRound
    | EndRound
    | WarnRound
    | TakePosition
    | RecordOutcome
    | ComposeParagraph
    | React
    | AddressObjection
    | CloseText
    | DeclineToClose
    | OpenRegister
    | Endorse
    | WithdrawEndorsement
    | RegisterHub
    | PlaceHub
    | SetHeadCount
    | SetHubPositions
    | RaiseHand
    | MessageModerator
    | Broadcast
    | RemoveParticipant
    | RenameParticipant
    | MergeParticipants
    | LockJoining
    | ChangeJoinCode
    | RequireApproval
    | DecideJoins
    | CreateRoleLink
    | RevokeRoleLink
    | SetExpectedHeadCount,
    Field(discriminator="type"),
]
# Every command a session's socket may carry. `CreateSession` is not one: a session is made by
# an HTTP request to the server (POST /api/sessions), before any socket can name it.
COMMANDS: TypeAdapter[AnyCommand] = TypeAdapter(AnyCommand)
