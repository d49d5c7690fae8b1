"""How the moderator's decisions about people change the session's state: a removed or merged
person's record leaves the active participants (kept in the roster for the report), and with
it their place in a group, their positions and their reactions, which then no longer count
anywhere (tallies, ranking, the chair's view, the report). The log keeps what they did."""

from collections.abc import Mapping
from dataclasses import replace
from functools import singledispatch
from typing import TYPE_CHECKING, Any

from . import events as ev
from .roster import Removal, Roster

if TYPE_CHECKING:
    from .state import SessionState

PEOPLE_EVENTS = (
    ev.ParticipantRemoved,
    ev.ParticipantRenamed,
    ev.ParticipantsMerged,
    ev.JoiningLocked,
    ev.JoinCodeChanged,
    ev.ApprovalRequired,
    ev.JoinsDecided,
    ev.RoleLinkCreated,
    ev.RoleLinkRevoked,
)


@singledispatch
def evolve_people(event: ev.Event, state: "SessionState") -> "SessionState":
    return state


def _roster(state: "SessionState", **changes: Any) -> "SessionState":
    return replace(state, roster=replace(state.roster, **changes))


@evolve_people.register(ev.ParticipantRemoved)
def _(event: ev.ParticipantRemoved, state: "SessionState") -> "SessionState":
    who = event.participant_id
    record = state.participants.get(who) or state.roster.pending.get(who)
    if record is None:
        return state
    state = _without(state, who)
    removal = Removal(record, event.reason, event.removed_at_ms)
    pending = {k: v for k, v in state.roster.pending.items() if k != who}
    return _roster(state, removed={**state.roster.removed, who: removal}, pending=pending)


@evolve_people.register(ev.ParticipantRenamed)
def _(event: ev.ParticipantRenamed, state: "SessionState") -> "SessionState":
    who = event.participant_id
    update = {"name": event.name, "organisation": event.organisation}
    if who in state.participants:
        renamed = state.participants[who].model_copy(update=update)
        return replace(state, participants={**state.participants, who: renamed})
    if who in state.roster.pending:
        renamed = state.roster.pending[who].model_copy(update=update)
        return _roster(state, pending={**state.roster.pending, who: renamed})
    return state


@evolve_people.register(ev.ParticipantsMerged)
def _(event: ev.ParticipantsMerged, state: "SessionState") -> "SessionState":
    kept, merged = event.kept_id, event.merged_id
    record = state.participants.get(merged)
    if record is None or kept not in state.participants:
        return state
    positions = {
        point: _take_over(on_point, kept, merged) for point, on_point in state.positions.items()
    }
    reactions = {
        number: _take_over(on_paragraph, kept, merged)
        for number, on_paragraph in state.plenary.reactions.items()
    }
    state = replace(state, positions=positions)
    state = replace(state, plenary=replace(state.plenary, reactions=reactions))
    state = _without(state, merged)
    return _roster(
        state,
        merged={**state.roster.merged, merged: kept},
        merged_records={**state.roster.merged_records, merged: record},
    )


def _take_over(by_person: Mapping[str, Any], kept: str, merged: str) -> Mapping[str, Any]:
    """The merged record's entry counts as the kept one's where that has none."""
    if merged not in by_person:
        return by_person
    entries = {k: v for k, v in by_person.items() if k != merged}
    if kept not in entries:
        entry = by_person[merged]
        has_id = hasattr(entry, "participant_id")
        entries[kept] = entry.model_copy(update={"participant_id": kept}) if has_id else entry
    return entries


def _without(state: "SessionState", who: str) -> "SessionState":
    """The state with a person's active record, group place, positions and reactions gone."""
    groups = dict(state.groups)
    group_id = state.group_of.get(who)
    if group_id is not None and group_id in groups:
        members = tuple(m for m in groups[group_id].members if m != who)
        groups[group_id] = groups[group_id].model_copy(update={"members": members})
    positions = {
        point: {p: pos for p, pos in on_point.items() if p != who}
        for point, on_point in state.positions.items()
    }
    reactions = {
        number: {p: r for p, r in on_paragraph.items() if p != who}
        for number, on_paragraph in state.plenary.reactions.items()
    }
    return replace(
        state,
        participants={k: v for k, v in state.participants.items() if k != who},
        groups=groups,
        group_of={k: v for k, v in state.group_of.items() if k != who},
        positions=positions,
        plenary=replace(state.plenary, reactions=reactions),
    )


@evolve_people.register(ev.JoiningLocked)
def _(event: ev.JoiningLocked, state: "SessionState") -> "SessionState":
    return _roster(state, locked=event.locked)


@evolve_people.register(ev.JoinCodeChanged)
def _(event: ev.JoinCodeChanged, state: "SessionState") -> "SessionState":
    return replace(state, code=event.code)


@evolve_people.register(ev.ApprovalRequired)
def _(event: ev.ApprovalRequired, state: "SessionState") -> "SessionState":
    return _roster(state, approval_required=event.required)


@evolve_people.register(ev.JoinsDecided)
def _(event: ev.JoinsDecided, state: "SessionState") -> "SessionState":
    pending = state.roster.pending
    approved = {p: pending[p] for p in event.approved if p in pending}
    decided = set(event.approved) | set(event.turned_away)
    state = replace(state, participants={**state.participants, **approved})
    return _roster(
        state,
        pending={k: v for k, v in pending.items() if k not in decided},
        turned_away=state.roster.turned_away | {p for p in event.turned_away if p in pending},
    )


@evolve_people.register(ev.RoleLinkCreated)
def _(event: ev.RoleLinkCreated, state: "SessionState") -> "SessionState":
    return _roster(state, links={**state.roster.links, event.link.link_id: event.link})


@evolve_people.register(ev.RoleLinkRevoked)
def _(event: ev.RoleLinkRevoked, state: "SessionState") -> "SessionState":
    return _roster(state, revoked=state.roster.revoked | {event.link_id})


__all__ = ["PEOPLE_EVENTS", "Roster", "evolve_people"]
