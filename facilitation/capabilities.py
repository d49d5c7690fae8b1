"""Who may do and see what: the one table. `decide` enforces the commands' part, the shell
the queries', the fan-out's and the exports', and the pages read it (generated into
client_static/js/protocol.js) to offer exactly what the core allows.

A scope narrows a role to its own part: `own_group`, the facilitator's group (the command's
`group_id` must be theirs); `own`, the person, hub or endorsement the token names (the core
takes it from the token, never from the command); `any`, the whole session; `owner`, the
session's own moderator link, not a co-moderator's (who may do all else a moderator does)."""

from collections.abc import Mapping
from typing import Final, Literal

from . import commands as cmd
from .vocabulary import Role

Scope = Literal["any", "own_group", "own", "owner"]

ROLES: Final[tuple[Role, ...]] = (
    "moderator",
    "screen",
    "facilitator",
    "participant",
    "hub",
    "guest",
    "endorser",
    "system",
)

_MODERATOR: Final[Mapping[Role, Scope]] = {"moderator": "any"}

COMMANDS: Final[Mapping[type[cmd.Command], Mapping[Role, Scope]]] = {
    cmd.ConfigureSession: _MODERATOR,
    cmd.Join: {"guest": "own"},
    cmd.AssignGroups: _MODERATOR,
    cmd.MoveParticipant: _MODERATOR,
    cmd.LabelGroup: _MODERATOR,
    cmd.StartRotation: _MODERATOR,
    cmd.PauseRound: _MODERATOR,
    cmd.ResumeRound: _MODERATOR,
    cmd.ExtendRound: _MODERATOR,
    cmd.EndRound: {"moderator": "any", "system": "any"},
    cmd.WarnRound: {"system": "any"},
    cmd.TakePosition: {"participant": "own"},
    cmd.RecordOutcome: {"moderator": "any", "facilitator": "own_group"},
    cmd.ComposeParagraph: _MODERATOR,
    cmd.React: {"participant": "own", "hub": "own"},
    cmd.AddressObjection: _MODERATOR,
    cmd.CloseText: _MODERATOR,
    cmd.DeclineToClose: _MODERATOR,
    cmd.OpenRegister: _MODERATOR,
    cmd.Endorse: {"participant": "own", "guest": "own"},
    cmd.WithdrawEndorsement: {"participant": "own", "endorser": "own"},
    cmd.RegisterHub: _MODERATOR,
    cmd.PlaceHub: _MODERATOR,
    cmd.SetHeadCount: {"hub": "own"},
    cmd.SetHubPositions: {"hub": "own"},
    cmd.RaiseHand: {"hub": "own"},
    cmd.MessageModerator: {"hub": "own", "facilitator": "own_group"},
    cmd.Broadcast: _MODERATOR,
    cmd.RemoveParticipant: _MODERATOR,
    cmd.RenameParticipant: _MODERATOR,
    cmd.MergeParticipants: _MODERATOR,
    cmd.LockJoining: _MODERATOR,
    cmd.ChangeJoinCode: _MODERATOR,
    cmd.RequireApproval: _MODERATOR,
    cmd.DecideJoins: _MODERATOR,
    cmd.CreateRoleLink: {"moderator": "owner"},
    cmd.RevokeRoleLink: {"moderator": "owner"},
    cmd.SetExpectedHeadCount: _MODERATOR,
}
"""Which roles may give each command, and over what. `CreateSession` is not here: it is not a
command of a session but an HTTP request to the server (POST /api/sessions)."""

SEES_EVERY_EVENT: Final[frozenset[Role]] = frozenset(
    {"moderator", "screen", "facilitator", "system"}
)
"""Everyone else sees the public events and the private events about themselves (their own
join, positions, reactions, endorsements; a hub's own block entries): see events.concerns."""

QUERIES: Final[Mapping[str, frozenset[Role]]] = {
    "sync": frozenset(ROLES),
    "heartbeat": frozenset(ROLES),
    "clock": frozenset(ROLES),
    "links": frozenset({"moderator"}),
    "presence": frozenset({"moderator"}),
    "review": frozenset({"moderator", "screen"}),
}
"""Socket requests other than commands, and who may make them."""

EXPORTS: Final[Mapping[str, frozenset[Role]]] = {
    "composite": frozenset({"moderator", "screen"}),
    "report": frozenset({"moderator", "screen"}),
    "endorsements": frozenset({"moderator"}),
    "archive": frozenset({"moderator"}),
}
"""Downloads (GET /api/sessions/{id}/…), by the token's role."""


def scope(role: Role, command: type[cmd.Command]) -> Scope | None:
    """Over what `role` may give `command`; None when it may not at all."""
    return COMMANDS.get(command, {}).get(role)


def may_ask(role: Role, query: str) -> bool:
    return role in QUERIES.get(query, frozenset())
