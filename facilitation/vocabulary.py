"""The words of the process, as types: roles, modes, strengths, choices, phases."""

from typing import Final, Literal

Mode = Literal["room", "hub", "remote"]
"""How a participant takes part: in the room, at a remote hub, or remote on their own."""

GroupKind = Literal["room", "remote"]

Strength = Literal["consensus", "rough_consensus", "majority", "divided"]
STRENGTHS: Final[tuple[Strength, ...]] = ("consensus", "rough_consensus", "majority", "divided")

Role = Literal[
    "moderator", "screen", "facilitator", "participant", "hub", "guest", "endorser", "system"
]
"""`hub` is a registered remote hub's operator, speaking for the hub's people as a block;
`guest` holds only a join code; `endorser` signed the open register without having taken
part (their token lets them withdraw); `system` is the server's own timer."""

LinkRole = Literal["co_moderator", "group_chair"]
"""A named link's powers: a co-moderator's are the moderator's but for managing links; a group
chair's are a facilitator's for their group."""

HubPlacement = Literal["breakout", "remote"]
"""A hub joins one breakout group, or hubs form their own remote group(s)."""

Reaction = Literal["support", "live_with", "object"]
REACTIONS: Final[tuple[Reaction, ...]] = ("support", "live_with", "object")

CompositeSource = Literal["draft", "option", "compromise", "custom"]
"""Where a composite paragraph's wording comes from."""

DecisionKind = Literal["closed", "not_closed"]
Register = Literal["closed", "present", "everyone"]
"""Who may endorse: nobody yet, those present (room, hubs, remote), or anyone with the link."""

Phase = Literal["setup", "assigned", "rotation", "finished"]

COMPROMISE: Final = "compromise"
UNDECIDED: Final = "undecided"
"""Position choices besides an option id: a position is an option id, a compromise or undecided."""

DEFAULT_STAKEHOLDER_GROUPS: Final[tuple[str, ...]] = (
    "Government",
    "Private sector",
    "Civil society",
    "Technical and academic community",
    "Intergovernmental organisations",
)

REGIONS: Final[tuple[str, ...]] = (
    "Africa",
    "Asia-Pacific",
    "Eastern Europe",
    "Latin America and Caribbean",
    "Western Europe and others",
    "North America",
)
"""Offered on the join form for North/South balance; free text is accepted too."""

DEFAULT_ROUND_SECS: Final = 20 * 60  # the seed's rotation "every 20 minutes or so"
ROUND_WARNING_SECS: Final[tuple[int, ...]] = (120, 30)  # warnings the issue asks for, longest first
MAX_ROUND_SECS: Final = 4 * 60 * 60  # a round longer than a half-day block is a typing slip
MAX_EXTEND_MINUTES: Final = 60
OPTION_LETTERS: Final = "abcdefghijklmnopqrstuvwxyz"
