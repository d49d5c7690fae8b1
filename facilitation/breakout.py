"""Rules of the breakout itself: participants' positions and facilitators' flip-chart outcomes."""

from . import commands as cmd
from . import events as ev
from .context import Context
from .errors import Invalid, NotFound, Stale, WrongPhase
from .model import Outcome, Point
from .state import SessionState
from .vocabulary import COMPROMISE, UNDECIDED


def _point_label(state: SessionState, point_id: str) -> str:
    return f"point {[p.point_id for p in state.points].index(point_id) + 1}"


def take_position(
    state: SessionState, command: cmd.TakePosition, context: Context
) -> list[ev.Event]:
    participant_id = context.actor.participant_id or ""
    if participant_id not in state.participants:
        raise NotFound("This participant is not in the session.")
    if state.phase != "rotation" or state.clock is None:
        raise WrongPhase("Positions are taken while a round is running.")
    _not_paused(state)
    group_id = state.group_of.get(participant_id)
    current = state.current_point(group_id) if group_id else None
    if group_id is None or current is None:
        raise WrongPhase("You are not in a group that is working on a point.")
    if command.point_id != current:
        raise Stale(f"Your group has moved on to {_point_label(state, current)}.", "point_id")
    point = state.point(current)
    assert point is not None  # the plan only holds configured points
    if command.choice not in {o.option_id for o in point.options} | {COMPROMISE, UNDECIDED}:
        raise Invalid("Pick one of the options, a compromise, or undecided.", "choice")
    previous = state.positions.get(current, {}).get(participant_id)
    if previous and previous.choice == command.choice and previous.group_id == group_id:
        return []
    return [
        ev.PositionTaken(
            participant_id=participant_id,
            group_id=group_id,
            point_id=current,
            round=state.clock.number,
            choice=command.choice,
        )
    ]


def record_outcome(
    state: SessionState, command: cmd.RecordOutcome, context: Context
) -> list[ev.Event]:
    group = state.groups.get(command.group_id)
    if group is None:
        raise NotFound("No such group.", "group_id")
    point = state.point(command.point_id)
    if point is None:
        raise NotFound("No such point.", "point_id")
    if context.actor.role == "facilitator":
        _check_facilitator(state, command, context)
    elif command.point_id not in state.considered_points(command.group_id):
        raise WrongPhase(
            f"Group {group.number} has not reached {_point_label(state, point.point_id)} yet.",
            "point_id",
        )
    _check_choice(point, command)
    previous = state.outcomes.get((command.group_id, command.point_id))
    index = state.group_order.index(command.group_id)
    round_number = next(r + 1 for r, row in enumerate(state.plan) if row[index] == point.point_id)
    outcome = Outcome(
        group_id=command.group_id,
        point_id=command.point_id,
        round=round_number,
        choice=command.choice,
        compromise_text=command.compromise_text if command.choice == COMPROMISE else "",
        strength=command.strength,
        hands=command.hands,
        notes=command.notes,
        recorded_by=context.actor.role,
        recorded_at_ms=context.now_ms,
        revision=previous.revision + 1 if previous else 1,
    )
    return [ev.OutcomeRecorded(outcome=outcome)]


def _check_facilitator(state: SessionState, command: cmd.RecordOutcome, context: Context) -> None:
    # Their own group only: the capability table's `own_group`, checked by decide.
    _not_paused(state)
    if state.phase != "rotation":
        raise WrongPhase("The rotation is over: ask the moderator to correct an outcome.")
    current = state.current_point(command.group_id)
    if command.point_id != current:
        raise Stale(
            "That round is over: the outcome can no longer be edited here; "
            "the moderator can still correct it.",
            "point_id",
        )


def _check_choice(point: Point, command: cmd.RecordOutcome) -> None:
    if command.choice not in {o.option_id for o in point.options} | {COMPROMISE}:
        raise Invalid("The outcome is one of the options or a compromise.", "choice")
    if command.choice == COMPROMISE and not command.compromise_text.strip():
        raise Invalid("Write the compromise the group reached.", "compromise_text")


def _not_paused(state: SessionState) -> None:
    if state.clock is not None and state.clock.paused_remaining_ms is not None:
        raise WrongPhase(
            "The round is paused: positions and outcomes wait until the moderator resumes it."
        )
