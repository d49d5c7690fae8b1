"""Rules of the rotation and its timer. The server owns the clock; these rules only read the
time the shell hands in, and `next_alarm` tells the shell when to wake and what to send."""

from dataclasses import dataclass

from . import commands as cmd
from . import events as ev
from .context import Context
from .errors import Invalid, Stale, WrongPhase
from .rotation import rotation_plan
from .state import RoundClock, SessionState
from .vocabulary import ROUND_WARNING_SECS

MS_PER_MINUTE = 60_000


def start_rotation(state: SessionState, _: cmd.StartRotation, context: Context) -> list[ev.Event]:
    if state.phase != "assigned":
        raise WrongPhase("Assign the groups before starting the rotation.")
    group_order = tuple(g.group_id for g in state.groups.values() if g.members or g.hubs)
    if not group_order:
        raise Invalid("Every group is empty.")
    plan = rotation_plan(group_order, [p.point_id for p in state.points])
    return [
        ev.RotationStarted(group_order=group_order, plan=plan),
        _round_started(state, 1, context.now_ms),
    ]


def _round_started(state: SessionState, number: int, now_ms: int) -> ev.RoundStarted:
    return ev.RoundStarted(
        round=number, started_at_ms=now_ms, ends_at_ms=now_ms + state.settings.round_secs * 1000
    )


def _running_clock(state: SessionState) -> RoundClock:
    if state.phase != "rotation" or state.clock is None:
        raise WrongPhase("No round is running.")
    return state.clock


def pause_round(state: SessionState, _: cmd.PauseRound, context: Context) -> list[ev.Event]:
    clock = _running_clock(state)
    if clock.paused_remaining_ms is not None:
        raise WrongPhase("The round is already paused.")
    remaining = clock.remaining_ms(context.now_ms)
    return [ev.RoundPaused(round=clock.number, remaining_ms=remaining)]


def resume_round(state: SessionState, _: cmd.ResumeRound, context: Context) -> list[ev.Event]:
    clock = _running_clock(state)
    if clock.paused_remaining_ms is None:
        raise WrongPhase("The round is not paused.")
    ends_at = context.now_ms + clock.paused_remaining_ms
    return [ev.RoundResumed(round=clock.number, ends_at_ms=ends_at)]


def extend_round(state: SessionState, command: cmd.ExtendRound, context: Context) -> list[ev.Event]:
    clock = _running_clock(state)
    extra = command.minutes * MS_PER_MINUTE
    if clock.paused_remaining_ms is not None:
        return [
            ev.RoundExtended(round=clock.number, remaining_ms=clock.paused_remaining_ms + extra)
        ]
    ends_at = max(clock.ends_at_ms, context.now_ms) + extra
    return [
        ev.RoundExtended(
            round=clock.number, remaining_ms=ends_at - context.now_ms, ends_at_ms=ends_at
        )
    ]


def end_round(state: SessionState, command: cmd.EndRound, context: Context) -> list[ev.Event]:
    clock = _running_clock(state)
    if command.round != clock.number:
        raise Stale(f"Round {command.round} is over; round {clock.number} is running.", "round")
    by_timer = context.actor.role == "system"
    if by_timer and (clock.paused_remaining_ms is not None or clock.remaining_ms(context.now_ms)):
        raise Stale("The round's time is not up yet.")
    ended: list[ev.Event] = [
        ev.RoundEnded(round=clock.number, ended_at_ms=context.now_ms, early=not by_timer)
    ]
    if clock.number < len(state.plan):
        ended.append(_round_started(state, clock.number + 1, context.now_ms))
    else:
        ended.append(ev.RotationFinished(finished_at_ms=context.now_ms))
    return ended


def warn_round(state: SessionState, command: cmd.WarnRound, context: Context) -> list[ev.Event]:
    clock = _running_clock(state)
    if command.round != clock.number or command.secs_left in clock.warned:
        raise Stale("That warning is no longer due.")
    if command.secs_left not in ROUND_WARNING_SECS:
        raise Invalid("Warnings are given at set times only.", "secs_left")
    if clock.remaining_ms(context.now_ms) > command.secs_left * 1000:
        raise Stale("That warning is not due yet.")
    return [ev.RoundWarned(round=clock.number, secs_left=command.secs_left)]


@dataclass(frozen=True)
class Alarm:
    """When the timer owner must wake, and the command it then gives as `system`."""

    at_ms: int
    command: cmd.EndRound | cmd.WarnRound


def next_alarm(state: SessionState) -> Alarm | None:
    """The next thing the round's timer must do; None while paused or outside a round.

    A warning is given only when the round was longer than its threshold: a two-minute
    warning in a one-minute round would only confuse. Command ids are derived from the
    round and its end, so two timer owners firing at once change the log only once."""
    clock = state.clock
    if state.phase != "rotation" or clock is None or clock.paused_remaining_ms is not None:
        return None
    for secs in ROUND_WARNING_SECS:
        if secs not in clock.warned and secs * 1000 < clock.length_ms:
            return Alarm(
                at_ms=clock.ends_at_ms - secs * 1000,
                command=cmd.WarnRound(
                    command_id=f"timer-r{clock.number}-w{secs}-{clock.ends_at_ms}",
                    round=clock.number,
                    secs_left=secs,
                ),
            )
    return Alarm(
        at_ms=clock.ends_at_ms,
        command=cmd.EndRound(command_id=f"timer-r{clock.number}-end", round=clock.number),
    )
