"""State is a fold of the log: applying events one by one equals replaying the whole log,
and every event and command survives the trip through its TypeAdapter (wire and log)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation.commands import COMMANDS, CreateSession
from facilitation.errors import DomainError
from facilitation.events import EVENTS
from facilitation.model import Hands
from facilitation.rotation_timer import next_alarm
from facilitation.state import SessionState, replay
from facilitation.vocabulary import STRENGTHS, Mode, Role

from .builders import MINUTE_MS, SECOND_MS, SessionDriver

MODES: tuple[Mode, ...] = ("room", "room", "room", "remote", "hub")
CHOICES = ("a", "b", "c", "compromise", "undecided")

BREAKOUT_EVENTS = frozenset(
    {
        ev.SessionCreated,
        ev.SessionConfigured,
        ev.ParticipantJoined,
        ev.GroupsAssigned,
        ev.GroupCreated,
        ev.ParticipantPlaced,
        ev.ParticipantMoved,
        ev.GroupLabelled,
        ev.RotationStarted,
        ev.RoundStarted,
        ev.RoundWarned,
        ev.RoundPaused,
        ev.RoundResumed,
        ev.RoundExtended,
        ev.RoundEnded,
        ev.RotationFinished,
        ev.PositionTaken,
        ev.OutcomeRecorded,
    }
)
"""The events of set-up and breakout, which the scripted session below must all produce."""


def pick(items: list[str] | tuple[str, ...], k: int) -> str:
    return items[k % len(items)]


# --- actions: each turns a number into a command that makes sense in the state ----------

Action = Callable[[SessionDriver, int], object]


def _join(d: SessionDriver, k: int) -> object:
    groups = d.state.stakeholder_groups
    mode = MODES[k % len(MODES)]
    return d.join(f"Person {k}", pick(groups, k // 5), mode)


def _configure(d: SessionDriver, k: int) -> object:
    return d.configure(points=1 + k % 4, options=2 + k % 2, round_secs=30 + k % 400)


def _assign(d: SessionDriver, k: int) -> object:
    return d.assign(seed=k)


def _start(d: SessionDriver, k: int) -> object:
    return d.start_rotation()


def _position(d: SessionDriver, k: int) -> object:
    people = sorted(d.state.participants)
    if not people:
        return None
    person = pick(people, k)
    group = d.state.group_of.get(person)
    point = d.state.current_point(group) if group else None
    command = cmd.TakePosition(
        command_id=d.cid(), point_id=point or "p1", choice=CHOICES[(k // 7) % len(CHOICES)]
    )
    return d.run(command, role="participant", participant_id=person)


def _outcome(d: SessionDriver, k: int) -> object:
    groups = sorted(d.state.groups)
    if not groups:
        return None
    group = pick(groups, k)
    moderator = k % 3 == 0
    point = d.state.current_point(group) or "p1"
    if moderator and d.state.considered_points(group):
        point = pick(d.state.considered_points(group), k // 3)
    choice = pick(("a", "b", "compromise"), k // 11)
    command = cmd.RecordOutcome(
        command_id=d.cid(),
        group_id=group,
        point_id=point,
        choice=choice,
        compromise_text="Meet halfway." if choice == "compromise" else "",
        strength=STRENGTHS[k % len(STRENGTHS)],
        hands=Hands(in_favour=k % 9, against=k % 4),
    )
    role: Role = "moderator" if moderator else "facilitator"
    return d.run(command, role=role, group_id=None if moderator else group)


def _timer(d: SessionDriver, k: int) -> object:
    paused = d.state.clock is not None and d.state.clock.paused_remaining_ms is not None
    options: list[cmd.Command] = [
        cmd.ResumeRound(command_id=d.cid()) if paused else cmd.PauseRound(command_id=d.cid()),
        cmd.ExtendRound(command_id=d.cid(), minutes=1 + k % 5),
    ]
    return d.run(options[k % len(options)])


def _end_round(d: SessionDriver, k: int) -> object:
    clock = d.state.clock
    return d.run(cmd.EndRound(command_id=d.cid(), round=clock.number if clock else 1))


def _alarm(d: SessionDriver, k: int) -> object:
    alarm = next_alarm(d.state)
    if alarm is None:
        return None
    return d.run(alarm.command, role="system", now=max(d.now, alarm.at_ms))


def _advance(d: SessionDriver, k: int) -> object:
    return d.advance(k % (5 * MINUTE_MS))


def _move(d: SessionDriver, k: int) -> object:
    people, groups = sorted(d.state.group_of), sorted(d.state.groups)
    if not people:
        return None
    command = cmd.MoveParticipant(
        command_id=d.cid(), participant_id=pick(people, k), group_id=pick(groups, k // 3)
    )
    return d.run(command)


def _label(d: SessionDriver, k: int) -> object:
    groups = sorted(d.state.groups)
    if not groups:
        return None
    label = pick(("Window", "Door", "Hub A", ""), k)
    return d.run(cmd.LabelGroup(command_id=d.cid(), group_id=pick(groups, k // 4), label=label))


ACTIONS: dict[str, Action] = {
    "join": _join,
    "configure": _configure,
    "assign": _assign,
    "start": _start,
    "position": _position,
    "outcome": _outcome,
    "timer": _timer,
    "end_round": _end_round,
    "alarm": _alarm,
    "advance": _advance,
    "move": _move,
    "label": _label,
}
STEPS = st.lists(
    st.tuples(st.sampled_from(sorted(ACTIONS)), st.integers(0, 10**6)), min_size=10, max_size=60
)


def assert_log_and_state_agree(driver: SessionDriver) -> None:
    # The state folded event by event is the replay of the whole log, at every prefix
    assert replay(driver.log) == driver.state
    assert driver.state.version == len(driver.log)
    # And every event and every command round-trips through the wire/log schema
    for event in driver.log:
        assert EVENTS.validate_python(event.model_dump(mode="json")) == event
    for command in driver.commands:
        if isinstance(command, CreateSession):  # an HTTP request, not a socket command
            assert CreateSession.model_validate(command.model_dump(mode="json")) == command
        else:
            assert COMMANDS.validate_python(command.model_dump(mode="json")) == command


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    points=st.integers(1, 4),
    round_secs=st.sampled_from([20, 90, 600]),
    modes=st.lists(st.sampled_from(MODES), max_size=10),
    assign=st.booleans(),
    start=st.booleans(),
    steps=STEPS,
)
def test_applying_events_one_by_one_equals_replaying_the_log(
    points: int,
    round_secs: int,
    modes: list[Mode],
    assign: bool,
    start: bool,
    steps: list[tuple[str, int]],
) -> None:
    # Given a session set up in one of many ways (its set-up steps may be refused)
    driver = SessionDriver.create()
    snapshots: list[tuple[int, SessionState]] = [(1, driver.state)]

    def attempt(step: Callable[[], object]) -> None:
        before_state, before_length = driver.state, len(driver.log)
        try:
            step()
        except DomainError:
            # A refusal gives no event and leaves the state as it was
            assert driver.state is before_state and len(driver.log) == before_length
        snapshots.append((len(driver.log), driver.state))

    attempt(lambda: driver.configure(points, round_secs=round_secs))
    attempt(lambda: driver.join_many(modes))
    if assign:
        attempt(lambda: driver.assign(seed=len(driver.log)))
    if start:
        attempt(driver.start_rotation)
    # When a random sequence of commands follows (most sensible, some refused)
    for name, k in steps:
        attempt(partial(ACTIONS[name], driver, k))
    # Then every state seen along the way is the replay of the log up to that point
    # (which also shows evolve never changed a state it had already returned)
    for length, state in snapshots:
        assert replay(driver.log[:length]) == state
        assert state.version == length
    assert_log_and_state_agree(driver)


# --- a long scripted session that gives every kind of event ---------------------------


def scripted_session() -> SessionDriver:
    d = SessionDriver.create()
    d.configure(points=3, options=3, round_secs=10 * 60)
    people = d.join_many(("room",) * 9)
    d.assign(seed=2024)
    d.assign(seed=2025)  # drawn again before the start
    d.run(cmd.LabelGroup(command_id=d.cid(), group_id="g1", label="Window"))
    late = d.join("Late remote", mode="remote")  # no remote group yet: one is opened
    d.join("Late hub", mode="hub")
    target = "g2" if d.group(people[0]) != "g2" else "g1"
    d.run(cmd.MoveParticipant(command_id=d.cid(), participant_id=people[0], group_id=target))
    d.start_rotation()
    for round_number in range(1, 4):
        for person in [*people, late]:
            group = d.group(person)
            d.take_position(person, pick(CHOICES, hash((person, round_number)) % 5))
            d.take_position(person, "b")
            if d.state.outcomes.get((group, d.current_point(group))) is None:
                d.record_outcome(group, choice="compromise", compromise_text="Both, phased.")
        d.advance(2 * MINUTE_MS)
        d.run(cmd.PauseRound(command_id=d.cid()))
        d.run(cmd.ExtendRound(command_id=d.cid(), minutes=2))
        d.advance(30 * SECOND_MS)
        d.run(cmd.ResumeRound(command_id=d.cid()))
        d.run(cmd.ExtendRound(command_id=d.cid(), minutes=1))
        while d.state.clock is not None and d.state.clock.number == round_number:
            d.fire_alarm()
    d.record_outcome("g1", "p2", choice="a", role="moderator")
    return d


def test_a_long_scripted_session_replays_to_the_same_state() -> None:
    # Given a whole session from set-up to the end of the rotation
    driver = scripted_session()
    # Then it gave every kind of set-up and breakout event
    assert BREAKOUT_EVENTS <= {type(e) for e in driver.log}
    assert driver.state.phase == "finished"
    # And its state is the replay of its log, and everything round-trips
    assert_log_and_state_agree(driver)


def test_the_event_union_decodes_every_breakout_event() -> None:
    # Given the union the log is read with, then it knows every set-up and breakout event
    union = get_args(get_args(ev.AnyEvent)[0])
    assert BREAKOUT_EVENTS <= set(union)


def test_replay_needs_a_log_that_opens_with_session_created() -> None:
    driver = scripted_session()
    with pytest.raises(ValueError):
        replay(driver.log[1:])


def test_a_second_session_created_in_a_log_changes_nothing_but_the_version() -> None:
    # Given a log, when an extra SessionCreated is folded in, then the state only counts it
    driver = scripted_session()
    state = replay([*driver.log, driver.log[0]])
    assert state == replace(driver.state, version=len(driver.log) + 1)
