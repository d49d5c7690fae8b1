"""Rules of moderating people: removing, renaming and merging participants, locking joining,
a new join code, approving joins from a waiting list, named links, and hubs' registered size.
The join code is public on the projector, and at an IGF session the projector is webcast:
these are what a moderator needs when strangers use it."""

from . import commands as cmd
from . import events as ev
from .context import Context
from .draft import join_code
from .errors import Forbidden, Invalid, NotFound, WrongPhase
from .model import RoleLink
from .setup import place
from .state import SessionState, evolve

MAX_LINKS = 200  # named links per session: co-moderators and group chairs


def _person(state: SessionState, participant_id: str, field: str = "participant_id") -> None:
    if participant_id not in state.participants and participant_id not in state.roster.pending:
        raise NotFound("No such participant in the session.", field)


def remove_participant(
    state: SessionState, command: cmd.RemoveParticipant, context: Context
) -> list[ev.Event]:
    _person(state, command.participant_id)
    reason = command.reason.strip()
    return [
        ev.ParticipantRemoved(
            participant_id=command.participant_id, reason=reason, removed_at_ms=context.now_ms
        )
    ]


def rename_participant(
    state: SessionState, command: cmd.RenameParticipant, _: Context
) -> list[ev.Event]:
    _person(state, command.participant_id)
    record = state.participants.get(command.participant_id) or state.roster.pending[
        command.participant_id
    ]
    organisation = (
        command.organisation if command.organisation is not None else record.organisation
    )
    if (record.name, record.organisation) == (command.name, organisation):
        return []
    return [
        ev.ParticipantRenamed(
            participant_id=command.participant_id, name=command.name, organisation=organisation
        )
    ]


def merge_participants(
    state: SessionState, command: cmd.MergeParticipants, _: Context
) -> list[ev.Event]:
    if command.keep_id == command.merge_id:
        raise Invalid("Choose two different records of the same person.", "merge_id")
    if command.keep_id not in state.participants:
        raise NotFound("No such participant to keep.", "keep_id")
    if command.merge_id not in state.participants:
        raise NotFound("No such participant to merge.", "merge_id")
    return [ev.ParticipantsMerged(kept_id=command.keep_id, merged_id=command.merge_id)]


def lock_joining(state: SessionState, command: cmd.LockJoining, _: Context) -> list[ev.Event]:
    if state.roster.locked == command.locked:
        return []
    return [ev.JoiningLocked(locked=command.locked)]


def change_join_code(
    state: SessionState, command: cmd.ChangeJoinCode, context: Context
) -> list[ev.Event]:
    code = join_code(context.seed)
    if code == state.code:
        raise Invalid("The new code came out the same as the old one: try again.")
    return [ev.JoinCodeChanged(code=code)]


def require_approval(
    state: SessionState, command: cmd.RequireApproval, _: Context
) -> list[ev.Event]:
    if state.roster.approval_required == command.required:
        return []
    return [ev.ApprovalRequired(required=command.required)]


def decide_joins(state: SessionState, command: cmd.DecideJoins, _: Context) -> list[ev.Event]:
    waiting = [p for p in dict.fromkeys(command.participant_ids) if p in state.roster.pending]
    if not waiting:
        raise NotFound("Nobody of these is on the waiting list.", "participant_ids")
    if not command.approve:
        return [ev.JoinsDecided(turned_away=tuple(waiting))]
    approved = ev.JoinsDecided(approved=tuple(waiting))
    decided: list[ev.Event] = [approved]
    if state.phase in ("assigned", "rotation"):
        # Each placed where the ones let in before them left room, as late joiners are.
        working = evolve(state, approved)
        for participant_id in waiting:
            for event in place(working, working.participants[participant_id]):
                decided.append(event)
                working = evolve(working, event)
    return decided


def create_role_link(
    state: SessionState, command: cmd.CreateRoleLink, context: Context
) -> list[ev.Event]:
    if len(state.roster.links) >= MAX_LINKS:
        raise Invalid(f"A session has at most {MAX_LINKS} named links.")
    if command.role == "group_chair":
        if command.group_id is None:
            raise Invalid("Choose the group this chair leads.", "group_id")
        if command.group_id not in state.groups:
            raise NotFound("No such group.", "group_id")
    elif command.group_id is not None:
        raise Invalid("A co-moderator is for the whole session, not one group.", "group_id")
    link = RoleLink(
        link_id=f"k{context.new_id}",
        role=command.role,
        label=command.label.strip(),
        group_id=command.group_id,
        created_at_ms=context.now_ms,
    )
    return [ev.RoleLinkCreated(link=link)]


def revoke_role_link(
    state: SessionState, command: cmd.RevokeRoleLink, context: Context
) -> list[ev.Event]:
    if command.link_id not in state.roster.links:
        raise NotFound("No such link.", "link_id")
    if command.link_id == context.actor.link_id:
        raise Forbidden("A link cannot revoke itself.", "link_id")
    if command.link_id in state.roster.revoked:
        return []
    return [ev.RoleLinkRevoked(link_id=command.link_id)]


def set_expected_head_count(
    state: SessionState, command: cmd.SetExpectedHeadCount, _: Context
) -> list[ev.Event]:
    hub = state.remote.hubs.get(command.hub_id)
    if hub is None:
        raise NotFound("No such hub.", "hub_id")
    if hub.expected_head_count == command.expected_head_count:
        return []
    if state.plenary.decision is not None:
        raise WrongPhase("The text is decided: the hubs' sizes are part of its record now.")
    return [
        ev.ExpectedHeadCountSet(
            hub_id=command.hub_id, expected_head_count=command.expected_head_count
        )
    ]
