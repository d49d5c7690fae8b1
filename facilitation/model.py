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
)
from .vocabulary import GroupKind, Mode, Role, Strength


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
    joined_at_ms: Millis


class Group(Frozen):
    """A breakout group. `number` is what people are told ("Group 3"); `label` says where."""

    group_id: Id
    number: int = Field(ge=1)
    kind: GroupKind
    label: str = ""
    members: tuple[Id, ...]


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


