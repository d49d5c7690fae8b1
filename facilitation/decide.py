"""`decide(state, command, context) -> events`: the one entry to the rules of the process.

A refusal raises a DomainError and yields no event; an accepted command that changes nothing
(the same position again) yields an empty list."""

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TypeVar

from . import breakout, capabilities, composite, decision, hubs, moderation, rotation_timer, setup
from . import commands as cmd
from . import events as ev
from .context import Context
from .errors import Forbidden, WrongPhase
from .state import SessionState
from .vocabulary import Role

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
    cmd.RemoveParticipant: moderation.remove_participant,
    cmd.RenameParticipant: moderation.rename_participant,
    cmd.MergeParticipants: moderation.merge_participants,
    cmd.LockJoining: moderation.lock_joining,
    cmd.ChangeJoinCode: moderation.change_join_code,
    cmd.RequireApproval: moderation.require_approval,
    cmd.DecideJoins: moderation.decide_joins,
    cmd.CreateRoleLink: moderation.create_role_link,
    cmd.RevokeRoleLink: moderation.revoke_role_link,
    cmd.SetExpectedHeadCount: moderation.set_expected_head_count,
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
    granted = capabilities.scope(context.actor.role, type(command))
    if granted is None:
        who = _ROLE_NAMES[context.actor.role]
        raise Forbidden(f"{_label(command)} cannot be done by {who}.")
    context = _as_now(state, context)
    if granted == "own_group" and getattr(command, "group_id", None) not in (
        None,
        context.actor.group_id,
    ):
        raise Forbidden(f"{_label(command)} is for your own group only.", "group_id")
    if granted == "owner" and context.actor.link_id is not None:
        raise Forbidden(f"{_label(command)} is for the session's own moderator link only.")
    return rule(state, command, context)


def _as_now(state: SessionState, context: Context) -> Context:
    """The actor as the roster stands now: a revoked link or a removed person is refused; a
    merged record acts as the one it was merged into."""
    actor = context.actor
    barred = state.roster.link_barred(actor.link_id)
    who = actor.participant_id if actor.role == "participant" else None
    if barred is None and who is not None:
        barred = state.roster.barred(who)
    if barred is not None:
        raise Forbidden(barred)
    if who is not None and who in state.roster.merged:
        return replace(context, actor=replace(actor, participant_id=state.roster.current(who)))
    return context


def _label(command: cmd.Command) -> str:
    name = type(command).__name__
    return "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip().capitalize()
