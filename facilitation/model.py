"""Value objects of a session: what events carry and what the state holds."""

from pydantic import Field

from .fields import (
    Count,
    Frozen,
    Id,
    Label,
    Millis,
    Name,
    Note,
    OptionLabel,
    Organisation,
    Question,
    Region,
    TimeZone,
)
from .vocabulary import (
    CompositeSource,
    DecisionKind,
    GroupKind,
    HubPlacement,
    LinkRole,
    Mode,
    Reaction,
    Role,
    Strength,
)


class Option(Frozen):
    option_id: Id
    label: OptionLabel


class Point(Frozen):
    """A point of disagreement: a question on one paragraph, with two or more options."""

    point_id: Id
    paragraph: int = Field(ge=1)
    question: Question
    options: tuple[Option, ...]


class Settings(Frozen):
    group_count: int | None = Field(default=None, ge=1, le=200)
    target_group_size: int | None = Field(default=None, ge=2, le=500)
    round_secs: int = Field(ge=1)
    remote_groups: int = Field(default=1, ge=0, le=50)


class Participant(Frozen):
    participant_id: Id
    name: Name
    organisation: Organisation
    stakeholder_group: Label
    region: Region
    mode: Mode
    hub_name: Organisation = ""
    country: Organisation = ""
    joined_at_ms: Millis


class Group(Frozen):
    """A breakout group. `number` is what people are told ("Group 3"); `label` says where.
    `hubs` are registered remote hubs taking part in the group as blocks."""

    group_id: Id
    number: int = Field(ge=1)
    kind: GroupKind
    label: str = ""
    members: tuple[Id, ...]
    hubs: tuple[Id, ...] = ()


class Hub(Frozen):
    """A registered remote hub: its people take part as a block, through one operator."""

    hub_id: Id
    name: Label
    city: Organisation = ""
    country: Organisation = ""
    timezone: TimeZone = "UTC"
    expected_head_count: int = Field(ge=1, le=10_000)
    head_count: int = Field(ge=0, le=10_000)
    """How many people are there now, as the operator last said."""
    placement: HubPlacement


class RoleLink(Frozen):
    """A named, revocable link: a co-moderator ("Chair 2, Maria") or a group's chair."""

    link_id: Id
    role: LinkRole
    label: Label
    group_id: Id | None = None
    created_at_ms: Millis


class Hands(Frozen):
    """A show of hands on the flip chart."""

    in_favour: Count = 0
    against: Count = 0
    abstain: Count = 0


class Outcome(Frozen):
    """A group's flip-chart record for one point."""

    group_id: Id
    point_id: Id
    round: int
    choice: Id
    compromise_text: Note = ""
    strength: Strength
    hands: Hands = Hands()
    notes: Note = ""
    recorded_by: Role
    recorded_at_ms: Millis
    revision: int = Field(ge=1)


class Backer(Frozen):
    """One group behind a composite choice: provenance the report and the appendix show."""

    group_id: Id
    round: int
    strength: Strength
    share: float


class Provenance(Frozen):
    """Where a composed paragraph's words come from. `source` is decided by the core from the
    text itself: only words equal to a candidate's are that candidate's; anything else is
    `custom` (new wording), and `edited_from` then says what the chair started from, whose
    backers are listed apart from the edit."""

    source: CompositeSource
    edited_from: CompositeSource | None = None
    point_id: Id | None = None
    option_id: Id | None = None
    group_id: Id | None = None
    backers: tuple[Backer, ...] = ()
    score: float = 0.0
    stakeholder_groups: tuple[str, ...] = ()


class CompositeParagraph(Frozen):
    paragraph: int = Field(ge=1)
    text: str
    provenance: Provenance
    revision: int = Field(ge=1)


class ReactionRecord(Frozen):
    """A reaction to one wording (revision) of a composite paragraph; a hub's counts its people."""

    participant_id: Id
    paragraph: int
    revision: int
    reaction: Reaction
    reason: str = ""
    head_count: int = Field(default=1, ge=1)


class Endorsement(Frozen):
    endorsement_id: Id
    participant_id: Id | None
    name: str
    organisation: str
    stakeholder_group: str
    country: str
    content_hash: str
    endorsed_at_ms: Millis


class Decision(Frozen):
    kind: DecisionKind
    composite_version: int
    paragraphs: tuple[str, ...]
    content_hash: str
    note: str = ""
    decided_at_ms: Millis
