"""The session state and `evolve`, the fold of events into it. Events are facts: evolve never
raises. Mappings in the state are never mutated; evolve copies only the part that changes."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import singledispatch

from . import events as ev
from .model import Group, Outcome, Participant, Point, Settings
from .people import PEOPLE_EVENTS, evolve_people
from .plenary import PLENARY_EVENTS, Plenary, evolve_plenary
from .remote import REMOTE_EVENTS, Remote, evolve_remote
from .roster import Roster
from .vocabulary import DEFAULT_ROUND_SECS, DEFAULT_STAKEHOLDER_GROUPS, Phase


@dataclass(frozen=True)
class RoundClock:
    """A round's timer. The end is a timestamp, not a sleeping task, so a restart re-arms it."""

    number: int
    started_at_ms: int
    ends_at_ms: int
    length_ms: int
    """The round's length: its first span plus extensions, time spent paused not counted."""
    paused_remaining_ms: int | None = None
    warned: frozenset[int] = frozenset()

    def remaining_ms(self, now_ms: int) -> int:
        if self.paused_remaining_ms is not None:
            return self.paused_remaining_ms
        return max(0, self.ends_at_ms - now_ms)


@dataclass(frozen=True)
class Position:
    group_id: str
    round: int
    choice: str


@dataclass(frozen=True)
class SessionState:
    session_id: str
    code: str
    title: str
    created_at_ms: int
    version: int = 1
    phase: Phase = "setup"
    configured: bool = False
    paragraphs: tuple[str, ...] = ()
    points: tuple[Point, ...] = ()
    stakeholder_groups: tuple[str, ...] = DEFAULT_STAKEHOLDER_GROUPS
    settings: Settings = Settings(round_secs=DEFAULT_ROUND_SECS)
    participants: Mapping[str, Participant] = field(default_factory=dict)
    groups: Mapping[str, Group] = field(default_factory=dict)
    group_of: Mapping[str, str] = field(default_factory=dict)
    seed: int | None = None
    group_order: tuple[str, ...] = ()
    plan: tuple[tuple[str, ...], ...] = ()
    clock: RoundClock | None = None
    positions: Mapping[str, Mapping[str, Position]] = field(default_factory=dict)
    """point id -> participant id -> the participant's latest position on that point."""
    outcomes: Mapping[tuple[str, str], Outcome] = field(default_factory=dict)
    """(group id, point id) -> the group's latest flip-chart record."""
    rotation_started_at_ms: int | None = None
    rotation_finished_at_ms: int | None = None
    plenary: Plenary = Plenary()
    remote: Remote = Remote()
    hub_group: Mapping[str, str] = field(default_factory=dict)
    """hub id -> the group it takes part in."""
    roster: Roster = Roster()

    def composite_text(self) -> tuple[str, ...]:
        """The text as it stands: each draft paragraph, or its composite wording when set."""
        composite = self.plenary.composite
        return tuple(
            composite[n].text if n in composite else text
            for n, text in enumerate(self.paragraphs, start=1)
        )

    def point(self, point_id: str) -> Point | None:
        return next((p for p in self.points if p.point_id == point_id), None)

    def current_point(self, group_id: str) -> str | None:
        """The point a group works on now; None outside a round or for a group with no plan."""
        if self.clock is None or group_id not in self.group_order:
            return None
        return self.plan[self.clock.number - 1][self.group_order.index(group_id)]

    def considered_points(self, group_id: str) -> tuple[str, ...]:
        """Points the group has reached so far in the rotation, the current one included."""
        if group_id not in self.group_order:
            return ()
        index = self.group_order.index(group_id)
        done = (
            len(self.plan) if self.phase == "finished" else (self.clock.number if self.clock else 0)
        )
        return tuple(self.plan[r][index] for r in range(done))


def initial(event: ev.SessionCreated) -> SessionState:
    return SessionState(
        session_id=event.session_id,
        code=event.code,
        title=event.title,
        created_at_ms=event.created_at_ms,
    )


def replay(events: Iterable[ev.Event]) -> SessionState:
    """The state after a whole log; the log must open with SessionCreated."""
    iterator = iter(events)
    first = next(iterator)
    if not isinstance(first, ev.SessionCreated):
        raise ValueError("a session's log opens with SessionCreated")
    state = initial(first)
    for event in iterator:
        state = evolve(state, event)
    return state


def evolve(state: SessionState, event: ev.Event) -> SessionState:
    if isinstance(event, PLENARY_EVENTS):
        changed = replace(state, plenary=evolve_plenary(event, state.plenary))
    elif isinstance(event, REMOTE_EVENTS):
        changed = replace(state, remote=evolve_remote(event, state.remote))
    elif isinstance(event, PEOPLE_EVENTS):
        changed = evolve_people(event, state)
    else:
        changed = _apply(event, state)
    return replace(changed, version=state.version + 1)


@singledispatch
def _apply(event: ev.Event, state: SessionState) -> SessionState:
    return state  # SessionCreated after the first, or a fact with no effect on the state


@_apply.register
def _(event: ev.SessionConfigured, state: SessionState) -> SessionState:
    return replace(
        state,
        configured=True,
        title=event.title,
        paragraphs=event.paragraphs,
        points=event.points,
        stakeholder_groups=event.stakeholder_groups,
        settings=event.settings,
    )


@_apply.register
def _(event: ev.ParticipantJoined, state: SessionState) -> SessionState:
    participant = event.participant
    if event.pending:
        pending = {**state.roster.pending, participant.participant_id: participant}
        return replace(state, roster=replace(state.roster, pending=pending))
    return replace(
        state, participants={**state.participants, participant.participant_id: participant}
    )


@_apply.register
def _(event: ev.GroupsAssigned, state: SessionState) -> SessionState:
    groups = {g.group_id: g for g in event.groups}
    group_of = {member: g.group_id for g in event.groups for member in g.members}
    hub_group = {hub: g.group_id for g in event.groups for hub in g.hubs}
    return replace(
        state,
        phase="assigned",
        seed=event.seed,
        groups=groups,
        group_of=group_of,
        hub_group=hub_group,
    )


@_apply.register
def _(event: ev.HubPlaced, state: SessionState) -> SessionState:
    groups = dict(state.groups)
    old = state.hub_group.get(event.hub_id)
    if old is not None and old in groups:
        hubs = tuple(h for h in groups[old].hubs if h != event.hub_id)
        groups[old] = groups[old].model_copy(update={"hubs": hubs})
    target = groups[event.group_id]
    groups[event.group_id] = target.model_copy(update={"hubs": (*target.hubs, event.hub_id)})
    hub_group = {**state.hub_group, event.hub_id: event.group_id}
    return replace(state, groups=groups, hub_group=hub_group)


@_apply.register
def _(event: ev.GroupCreated, state: SessionState) -> SessionState:
    changed = replace(state, groups={**state.groups, event.group.group_id: event.group})
    if event.column is None:
        return changed
    plan = tuple((*row, point) for row, point in zip(state.plan, event.column, strict=True))
    return replace(changed, group_order=(*state.group_order, event.group.group_id), plan=plan)


def _with_member(state: SessionState, participant_id: str, group_id: str) -> SessionState:
    groups = dict(state.groups)
    old = state.group_of.get(participant_id)
    if old is not None and old in groups:
        members = tuple(m for m in groups[old].members if m != participant_id)
        groups[old] = groups[old].model_copy(update={"members": members})
    target = groups[group_id]
    groups[group_id] = target.model_copy(update={"members": (*target.members, participant_id)})
    return replace(state, groups=groups, group_of={**state.group_of, participant_id: group_id})


@_apply.register
def _(event: ev.ParticipantPlaced, state: SessionState) -> SessionState:
    return _with_member(state, event.participant_id, event.group_id)


@_apply.register
def _(event: ev.ParticipantMoved, state: SessionState) -> SessionState:
    return _with_member(state, event.participant_id, event.to_group_id)


@_apply.register
def _(event: ev.GroupLabelled, state: SessionState) -> SessionState:
    group = state.groups[event.group_id].model_copy(update={"label": event.label})
    return replace(state, groups={**state.groups, event.group_id: group})


@_apply.register
def _(event: ev.RotationStarted, state: SessionState) -> SessionState:
    return replace(state, phase="rotation", group_order=event.group_order, plan=event.plan)


@_apply.register
def _(event: ev.RoundStarted, state: SessionState) -> SessionState:
    length = event.ends_at_ms - event.started_at_ms
    clock = RoundClock(event.round, event.started_at_ms, event.ends_at_ms, length)
    started = state.rotation_started_at_ms if event.round > 1 else event.started_at_ms
    return replace(state, clock=clock, rotation_started_at_ms=started)


@_apply.register
def _(event: ev.RoundWarned, state: SessionState) -> SessionState:
    if state.clock is None:
        return state
    return replace(state, clock=replace(state.clock, warned=state.clock.warned | {event.secs_left}))


@_apply.register
def _(event: ev.RoundPaused, state: SessionState) -> SessionState:
    if state.clock is None:
        return state
    return replace(state, clock=replace(state.clock, paused_remaining_ms=event.remaining_ms))


@_apply.register
def _(event: ev.RoundResumed, state: SessionState) -> SessionState:
    if state.clock is None:
        return state
    clock = replace(state.clock, ends_at_ms=event.ends_at_ms, paused_remaining_ms=None)
    return replace(state, clock=clock)


@_apply.register
def _(event: ev.RoundExtended, state: SessionState) -> SessionState:
    clock = state.clock
    if clock is None:
        return state
    if event.ends_at_ms is None:
        added = event.remaining_ms - (clock.paused_remaining_ms or 0)
        clock = replace(clock, paused_remaining_ms=event.remaining_ms)
    else:
        added = event.ends_at_ms - clock.ends_at_ms
        clock = replace(clock, ends_at_ms=event.ends_at_ms)
    clock = replace(clock, length_ms=clock.length_ms + added)
    # A warning already given is due again once the extension puts its threshold ahead.
    warned = frozenset(s for s in clock.warned if s * 1000 >= event.remaining_ms)
    return replace(state, clock=replace(clock, warned=warned))


@_apply.register
def _(event: ev.RoundEnded, state: SessionState) -> SessionState:
    return state  # the next RoundStarted or RotationFinished moves the clock on


@_apply.register
def _(event: ev.RotationFinished, state: SessionState) -> SessionState:
    return replace(
        state, phase="finished", clock=None, rotation_finished_at_ms=event.finished_at_ms
    )


@_apply.register
def _(event: ev.PositionTaken, state: SessionState) -> SessionState:
    on_point = {
        **state.positions.get(event.point_id, {}),
        event.participant_id: Position(event.group_id, event.round, event.choice),
    }
    return replace(state, positions={**state.positions, event.point_id: on_point})


@_apply.register
def _(event: ev.OutcomeRecorded, state: SessionState) -> SessionState:
    key = (event.outcome.group_id, event.outcome.point_id)
    return replace(state, outcomes={**state.outcomes, key: event.outcome})
