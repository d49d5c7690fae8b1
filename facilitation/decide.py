"""`decide(state, command, context) -> events`: the one entry to the rules of the process.

A refusal raises a DomainError and yields no event; an accepted command that changes nothing
(the same position again) yields an empty list."""

from collections.abc import Callable, Mapping
from typing import TypeVar

from . import breakout, composite, decision, hubs, rotation_timer, setup
from . import commands as cmd
from . import events as ev
from .context import Context
from .errors import Forbidden, WrongPhase
from .state import SessionState
from .vocabulary import Role

_MODERATOR: frozenset[Role] = frozenset({"moderator"})

MAY_GIVE: Mapping[type[cmd.Command], frozenset[Role]] = {
    cmd.ConfigureSession: _MODERATOR,
    cmd.Join: frozenset({"guest"}),
    cmd.AssignGroups: _MODERATOR,
    cmd.MoveParticipant: _MODERATOR,
    cmd.LabelGroup: _MODERATOR,
    cmd.StartRotation: _MODERATOR,
    cmd.PauseRound: _MODERATOR,
    cmd.ResumeRound: _MODERATOR,
    cmd.ExtendRound: _MODERATOR,
    cmd.EndRound: frozenset({"moderator", "system"}),
    cmd.WarnRound: frozenset({"system"}),
    cmd.TakePosition: frozenset({"participant"}),
    cmd.RecordOutcome: frozenset({"moderator", "facilitator"}),
    cmd.ComposeParagraph: _MODERATOR,
    cmd.React: frozenset({"participant", "hub"}),
    cmd.AddressObjection: _MODERATOR,
    cmd.CloseText: _MODERATOR,
    cmd.DeclineToClose: _MODERATOR,
    cmd.OpenRegister: _MODERATOR,
    cmd.Endorse: frozenset({"participant", "guest"}),
    cmd.WithdrawEndorsement: frozenset({"participant", "endorser"}),
    cmd.RegisterHub: _MODERATOR,
    cmd.PlaceHub: _MODERATOR,
    cmd.SetHeadCount: frozenset({"hub"}),
    cmd.SetHubPositions: frozenset({"hub"}),
    cmd.RaiseHand: frozenset({"hub"}),
    cmd.MessageModerator: frozenset({"hub", "facilitator"}),
    cmd.Broadcast: _MODERATOR,
}
"""Which roles may give which command; whose group or person is checked by each rule."""

C = TypeVar("C", bound=cmd.Command)
Rule = Callable[[SessionState, C, Context], list[ev.Event]]

_RULES: Mapping[type[cmd.Command], Rule] = {  # type: ignore[type-arg]
    cmd.ConfigureSession: setup.configure,
    cmd.Join: setup.join,
    cmd.AssignGroups: setup.assign_groups,
    cmd.MoveParticipant: setup.move_participant,
    cmd.LabelGroup: setup.label_group,
    cmd.StartRotation: rotation_timer.start_rotation,
    cmd.PauseRound: rotation_timer.pause_round,
    cmd.ResumeRound: rotation_timer.resume_round,
    cmd.ExtendRound: rotation_timer.extend_round,
    cmd.EndRound: rotation_timer.end_round,
    cmd.WarnRound: rotation_timer.warn_round,
    cmd.TakePosition: breakout.take_position,
    cmd.RecordOutcome: breakout.record_outcome,
    cmd.ComposeParagraph: composite.compose_paragraph,
    cmd.React: composite.react,
    cmd.AddressObjection: composite.address_objection,
    cmd.CloseText: decision.close_text,
    cmd.DeclineToClose: decision.decline_to_close,
    cmd.OpenRegister: decision.open_register,
    cmd.Endorse: decision.endorse,
    cmd.WithdrawEndorsement: decision.withdraw_endorsement,
    cmd.RegisterHub: hubs.register_hub,
    cmd.PlaceHub: hubs.place_hub,
    cmd.SetHeadCount: hubs.set_head_count,
    cmd.SetHubPositions: hubs.set_hub_positions,
    cmd.RaiseHand: hubs.raise_hand,
    cmd.MessageModerator: hubs.message_moderator,
    cmd.Broadcast: hubs.broadcast,
}

_ROLE_NAMES: Mapping[Role, str] = {
    "moderator": "the moderator",
    "screen": "the screen",
    "facilitator": "a facilitator",
    "participant": "a participant",
    "hub": "a hub",
    "guest": "someone who has not joined",
    "endorser": "an endorser",
    "system": "the server",
}


def create(command: cmd.CreateSession, context: Context) -> list[ev.Event]:
    """A new session's first event; the shell stores it under the new session id."""
    return setup.create_session(command, context)


def decide(state: SessionState, command: cmd.Command, context: Context) -> list[ev.Event]:
    if isinstance(command, cmd.CreateSession):
        raise WrongPhase("This session already exists.")
    rule = _RULES[type(command)]
    allowed = MAY_GIVE[type(command)]
    if context.actor.role not in allowed:
        who = _ROLE_NAMES[context.actor.role]
        raise Forbidden(f"{_label(command)} cannot be done by {who}.")
    return rule(state, command, context)


def _label(command: cmd.Command) -> str:
    name = type(command).__name__
    return "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip().capitalize()
