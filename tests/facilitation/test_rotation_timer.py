"""The rotation and its timer: rounds, pause, resume, extend, end, warnings and `next_alarm`."""

from __future__ import annotations

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation.errors import Invalid, Stale, WrongPhase
from facilitation.rotation_timer import next_alarm
from facilitation.vocabulary import ROUND_WARNING_SECS

from .builders import (
    MINUTE_MS,
    SECOND_MS,
    SessionDriver,
    assigned_session,
    rotating_session,
)

TWENTY_MINUTES = 20 * 60


def warn(driver: SessionDriver, secs_left: int, round_number: int = 1) -> cmd.WarnRound:
    return cmd.WarnRound(command_id=driver.cid(), round=round_number, secs_left=secs_left)


def end(driver: SessionDriver, round_number: int) -> cmd.EndRound:
    return cmd.EndRound(command_id=driver.cid(), round=round_number)


def running(driver: SessionDriver) -> tuple[int, int]:
    """(round number, end of round) of the running round; asserts it is running."""
    clock = driver.state.clock
    assert clock is not None and clock.paused_remaining_ms is None
    return clock.number, clock.ends_at_ms


# --- starting -----------------------------------------------------------------------------


def test_start_rotation_plans_every_group_on_every_point_once() -> None:
    # Given three room groups and a remote group, and four points
    driver, _ = assigned_session(points=4)
    start = driver.now
    # When the moderator starts the rotation
    started, first_round = driver.start_rotation()
    # Then the plan has a round per point, and each group meets each point exactly once
    assert isinstance(started, ev.RotationStarted)
    assert started.group_order == ("g1", "g2", "g3", "g4")
    assert len(started.plan) == 4
    points = sorted(p.point_id for p in driver.state.points)
    for index in range(len(started.group_order)):
        assert sorted(row[index] for row in started.plan) == points
    # And round 1 starts now and ends a round's length later
    assert first_round == ev.RoundStarted(
        round=1, started_at_ms=start, ends_at_ms=start + TWENTY_MINUTES * 1000
    )
    assert driver.state.phase == "rotation"
    assert driver.state.current_point("g1") == started.plan[0][0]


def test_start_rotation_leaves_empty_groups_out_of_the_plan() -> None:
    # Given assigned groups, one of which the moderator emptied
    driver, _ = assigned_session(("room",) * 4 + ("remote",), target_group_size=2)
    (remote,) = [g.group_id for g in driver.state.groups.values() if g.kind == "remote"]
    person = driver.member_of(remote)
    driver.run(cmd.MoveParticipant(command_id=driver.cid(), participant_id=person, group_id="g1"))
    # When the rotation starts, then the empty group has no place in the plan
    started, _ = driver.start_rotation()
    assert isinstance(started, ev.RotationStarted)
    assert remote not in started.group_order
    assert driver.state.current_point(remote) is None


def test_start_rotation_needs_assigned_groups_and_happens_once() -> None:
    # Given people but no groups, when the rotation is started, then it is the wrong phase
    driver, _ = assigned_session()
    fresh = SessionDriver.create()
    fresh.configure()
    fresh.join()
    fresh.refuse(cmd.StartRotation(command_id=fresh.cid()), WrongPhase)
    # And once started, it cannot be started again
    driver.start_rotation()
    driver.refuse(cmd.StartRotation(command_id=driver.cid()), WrongPhase)


# --- pause, resume, extend ----------------------------------------------------------------


def test_pause_records_the_time_remaining_and_stops_the_clock() -> None:
    # Given a 20-minute round that has run 5 minutes
    driver, _ = rotating_session()
    driver.advance(5 * MINUTE_MS)
    # When the moderator pauses it
    (event,) = driver.run(cmd.PauseRound(command_id=driver.cid()))
    # Then 15 minutes remain, and they stay 15 minutes however long the pause
    assert event == ev.RoundPaused(round=1, remaining_ms=15 * MINUTE_MS)
    clock = driver.state.clock
    assert clock is not None
    assert clock.remaining_ms(driver.now + 60 * MINUTE_MS) == 15 * MINUTE_MS
    # And pausing twice is refused
    driver.refuse(cmd.PauseRound(command_id=driver.cid()), WrongPhase)


def test_resume_sets_a_new_end_from_the_time_remaining() -> None:
    # Given a round paused with 15 minutes left
    driver, _ = rotating_session()
    driver.advance(5 * MINUTE_MS)
    driver.run(cmd.PauseRound(command_id=driver.cid()))
    # When the moderator resumes 7 minutes later
    now = driver.advance(7 * MINUTE_MS)
    (event,) = driver.run(cmd.ResumeRound(command_id=driver.cid()))
    # Then the round ends 15 minutes from now
    assert event == ev.RoundResumed(round=1, ends_at_ms=now + 15 * MINUTE_MS)
    assert running(driver) == (1, now + 15 * MINUTE_MS)
    # And resuming a running round is refused
    driver.refuse(cmd.ResumeRound(command_id=driver.cid()), WrongPhase)


def test_extend_a_running_round_moves_its_end() -> None:
    # Given a 20-minute round that has run 18 minutes
    driver, _ = rotating_session()
    _, ends_at = running(driver)
    now = driver.advance(18 * MINUTE_MS)
    # When the moderator extends it by 5 minutes
    (event,) = driver.run(cmd.ExtendRound(command_id=driver.cid(), minutes=5))
    # Then it ends 5 minutes later, with 7 minutes left
    assert event == ev.RoundExtended(
        round=1, remaining_ms=7 * MINUTE_MS, ends_at_ms=ends_at + 5 * MINUTE_MS
    )
    assert running(driver) == (1, ends_at + 5 * MINUTE_MS)
    assert driver.state.clock is not None
    assert driver.state.clock.remaining_ms(now) == 7 * MINUTE_MS


def test_extend_an_overdue_round_counts_from_now() -> None:
    # Given a round whose end passed a minute ago without the timer firing
    driver, _ = rotating_session()
    now = driver.advance(21 * MINUTE_MS)
    # When the moderator extends it by 2 minutes, then it ends 2 minutes from now
    (event,) = driver.run(cmd.ExtendRound(command_id=driver.cid(), minutes=2))
    assert event == ev.RoundExtended(
        round=1, remaining_ms=2 * MINUTE_MS, ends_at_ms=now + 2 * MINUTE_MS
    )


def test_extend_a_paused_round_adds_to_the_time_remaining() -> None:
    # Given a round paused with 15 minutes left
    driver, _ = rotating_session()
    driver.advance(5 * MINUTE_MS)
    driver.run(cmd.PauseRound(command_id=driver.cid()))
    # When the moderator extends it by 10 minutes
    (event,) = driver.run(cmd.ExtendRound(command_id=driver.cid(), minutes=10))
    # Then 25 minutes remain, no end is set while paused, and resuming counts them from then
    assert event == ev.RoundExtended(round=1, remaining_ms=25 * MINUTE_MS, ends_at_ms=None)
    assert driver.state.clock is not None
    assert driver.state.clock.paused_remaining_ms == 25 * MINUTE_MS
    now = driver.advance(MINUTE_MS)
    driver.run(cmd.ResumeRound(command_id=driver.cid()))
    assert running(driver) == (1, now + 25 * MINUTE_MS)


def test_timer_commands_need_a_running_rotation() -> None:
    # Given assigned groups but no rotation
    driver, _ = assigned_session()
    # When the moderator pauses, resumes, extends or ends a round, then it is the wrong phase
    for command in (
        cmd.PauseRound(command_id=driver.cid()),
        cmd.ResumeRound(command_id=driver.cid()),
        cmd.ExtendRound(command_id=driver.cid(), minutes=1),
        end(driver, 1),
    ):
        driver.refuse(command, WrongPhase)


# --- ending rounds ------------------------------------------------------------------------


def test_the_moderator_ends_a_round_early_and_the_next_starts() -> None:
    # Given round 1 running for 3 minutes
    driver, _ = rotating_session()
    before = driver.state.current_point("g1")
    now = driver.advance(3 * MINUTE_MS)
    # When the moderator ends it
    ended, started = driver.run(end(driver, 1))
    # Then it ended early and round 2 starts now with a full length
    assert ended == ev.RoundEnded(round=1, ended_at_ms=now, early=True)
    assert started == ev.RoundStarted(
        round=2, started_at_ms=now, ends_at_ms=now + TWENTY_MINUTES * 1000
    )
    # And the groups moved on to their next point
    assert driver.state.current_point("g1") == driver.state.plan[1][0] != before


def test_the_moderator_can_end_a_paused_round() -> None:
    # Given a paused round
    driver, _ = rotating_session()
    driver.run(cmd.PauseRound(command_id=driver.cid()))
    # When the moderator ends it, then the next round runs, not paused
    driver.run(end(driver, 1))
    assert running(driver)[0] == 2


def test_the_timer_cannot_end_a_round_before_its_deadline() -> None:
    # Given a round ending at a set time
    driver, _ = rotating_session()
    _, ends_at = running(driver)
    # When the system asks to end it a millisecond early, then it is stale
    driver.refuse(end(driver, 1), Stale, role="system", now=ends_at - 1)
    # And at the deadline it ends, on time rather than early
    ended, _ = driver.run(end(driver, 1), role="system", now=ends_at)
    assert ended == ev.RoundEnded(round=1, ended_at_ms=ends_at, early=False)


def test_the_timer_cannot_end_a_paused_round_even_after_its_old_deadline() -> None:
    # Given a round paused before its deadline
    driver, _ = rotating_session()
    _, ends_at = running(driver)
    driver.run(cmd.PauseRound(command_id=driver.cid()))
    # When a late timer fires after the old deadline, then it is stale
    driver.refuse(end(driver, 1), Stale, role="system", now=ends_at + MINUTE_MS)


def test_ending_a_round_that_is_over_is_stale() -> None:
    # Given round 2 running
    driver, _ = rotating_session()
    driver.end_round()
    # When a repeated or late request ends round 1 again, then it is stale on the round
    driver.refuse(end(driver, 1), Stale, field="round")
    driver.refuse(
        end(driver, 1), Stale, role="system", now=driver.now + 30 * MINUTE_MS, field="round"
    )
    # And round 2 goes on
    assert running(driver)[0] == 2


def test_the_last_round_ends_the_rotation() -> None:
    # Given the last of three rounds running
    driver, _ = rotating_session(points=3)
    driver.end_round()
    driver.end_round()
    # When it ends
    now = driver.advance(MINUTE_MS)
    ended, finished = driver.run(end(driver, 3))
    # Then the rotation is finished and no clock runs
    assert ended == ev.RoundEnded(round=3, ended_at_ms=now, early=True)
    assert finished == ev.RotationFinished(finished_at_ms=now)
    assert driver.state.phase == "finished"
    assert driver.state.clock is None
    assert next_alarm(driver.state) is None
    # And nothing more can be ended
    driver.refuse(end(driver, 3), WrongPhase)


# --- next_alarm and warnings --------------------------------------------------------------


def test_a_twenty_minute_round_warns_at_two_minutes_then_thirty_seconds_then_ends() -> None:
    # Given a 20-minute round
    driver, _ = rotating_session()
    _, ends_at = running(driver)
    alarms = []
    # When the timer owner follows next_alarm through the round
    for _ in range(3):
        alarm = next_alarm(driver.state)
        assert alarm is not None
        alarms.append(alarm)
        driver.run(alarm.command, role="system", now=alarm.at_ms)
    # Then it warned at 120 s and 30 s before the end, in that order, then ended the round
    assert [(a.at_ms, type(a.command)) for a in alarms] == [
        (ends_at - 120 * SECOND_MS, cmd.WarnRound),
        (ends_at - 30 * SECOND_MS, cmd.WarnRound),
        (ends_at, cmd.EndRound),
    ]
    first, second, last = (a.command for a in alarms)
    assert isinstance(first, cmd.WarnRound) and isinstance(second, cmd.WarnRound)
    assert (first.round, first.secs_left, second.secs_left) == (1, 120, 30)
    assert len({a.command.command_id for a in alarms}) == 3
    # And the warnings are in the log, and round 2 is running
    warned = [e for e in driver.log if isinstance(e, ev.RoundWarned)]
    assert warned == [ev.RoundWarned(round=1, secs_left=120), ev.RoundWarned(round=1, secs_left=30)]
    assert running(driver)[0] == 2
    assert ROUND_WARNING_SECS == (120, 30)


def test_a_twenty_second_round_gets_no_warning() -> None:
    # Given 20-second rounds
    driver, _ = rotating_session(round_secs=20)
    _, ends_at = running(driver)
    # When asking for the next alarm, then it is the end of the round
    alarm = next_alarm(driver.state)
    assert alarm is not None
    assert alarm.at_ms == ends_at
    assert alarm.command == cmd.EndRound(command_id=alarm.command.command_id, round=1)


def test_a_one_minute_round_gets_only_the_thirty_second_warning() -> None:
    # Given one-minute rounds, then the first alarm is the 30-second warning
    driver, _ = rotating_session(round_secs=60)
    alarm = next_alarm(driver.state)
    assert alarm is not None
    assert isinstance(alarm.command, cmd.WarnRound)
    assert alarm.command.secs_left == 30


def test_a_short_round_still_gets_no_warning_after_a_pause() -> None:
    # Given a 20-second round paused for ten minutes after 5 seconds, then resumed
    driver, _ = rotating_session(round_secs=20)
    driver.advance(5 * SECOND_MS)
    driver.run(cmd.PauseRound(command_id=driver.cid()))
    driver.advance(10 * MINUTE_MS)
    driver.run(cmd.ResumeRound(command_id=driver.cid()))
    _, ends_at = running(driver)
    # When asking for the next alarm
    alarm = next_alarm(driver.state)
    # Then the round, still 20 seconds of work, gets no "two minutes left" warning: it just ends
    assert alarm is not None
    assert isinstance(alarm.command, cmd.EndRound), alarm
    assert alarm.at_ms == ends_at


def test_no_alarm_while_paused_or_outside_a_round() -> None:
    # Given assigned groups, then there is nothing to wake for
    driver, _ = assigned_session()
    assert next_alarm(driver.state) is None
    # Given a paused round, then there is nothing to wake for either
    driver.start_rotation()
    driver.run(cmd.PauseRound(command_id=driver.cid()))
    assert next_alarm(driver.state) is None
    # And once resumed, the alarm is back
    driver.run(cmd.ResumeRound(command_id=driver.cid()))
    assert next_alarm(driver.state) is not None


def test_a_warning_given_becomes_due_again_after_an_extension() -> None:
    # Given a 20-minute round whose two warnings were given
    driver, _ = rotating_session()
    old = [driver.fire_alarm(), driver.fire_alarm()]
    assert [type(e) for events in old for e in events] == [ev.RoundWarned, ev.RoundWarned]
    old_ids = {c.command_id for c in driver.commands[-2:]}
    # When the moderator extends the round by 5 minutes, 20 seconds before its end
    driver.advance(10 * SECOND_MS)
    driver.run(cmd.ExtendRound(command_id=driver.cid(), minutes=5))
    _, ends_at = running(driver)
    # Then the two-minute warning is due again, before the new end, under a new command id
    alarm = next_alarm(driver.state)
    assert alarm is not None
    assert isinstance(alarm.command, cmd.WarnRound)
    assert alarm.command.secs_left == 120
    assert alarm.at_ms == ends_at - 120 * SECOND_MS
    assert alarm.command.command_id not in old_ids
    # And it is accepted when due
    assert driver.run(alarm.command, role="system", now=alarm.at_ms) == [
        ev.RoundWarned(round=1, secs_left=120)
    ]


def test_a_short_extension_re_arms_only_the_warnings_it_moves_ahead() -> None:
    # Given a round with both warnings given, 20 seconds left
    driver, _ = rotating_session()
    driver.fire_alarm()
    driver.fire_alarm()
    driver.advance(10 * SECOND_MS)
    # When it is extended by one minute (80 seconds left)
    driver.run(cmd.ExtendRound(command_id=driver.cid(), minutes=1))
    # Then the 30-second warning is due again but the two-minute one is not
    alarm = next_alarm(driver.state)
    assert alarm is not None
    assert isinstance(alarm.command, cmd.WarnRound)
    assert alarm.command.secs_left == 30


def test_a_warning_is_refused_when_not_due() -> None:
    # Given a 20-minute round that has just started
    driver, _ = rotating_session()
    _, ends_at = running(driver)
    # When the system warns of two minutes left too soon, then it is stale
    driver.refuse(warn(driver, 120), Stale, role="system", now=ends_at - 121 * SECOND_MS)
    # And at the right time it is accepted, but not twice
    driver.run(warn(driver, 120), role="system", now=ends_at - 120 * SECOND_MS)
    driver.refuse(warn(driver, 120), Stale, role="system")
    # And a warning for another round is stale
    driver.refuse(warn(driver, 30, round_number=2), Stale, role="system", now=ends_at - 1)


def test_a_warning_at_an_unplanned_time_is_invalid() -> None:
    # Given a round near its end, when the system warns of 60 s left, then it is invalid
    driver, _ = rotating_session()
    _, ends_at = running(driver)
    driver.refuse(warn(driver, 60), Invalid, role="system", now=ends_at - 1, field="secs_left")


def test_firing_the_same_alarm_twice_changes_the_log_once() -> None:
    # Given two timer owners that read the same alarm
    driver, _ = rotating_session()
    alarm = next_alarm(driver.state)
    assert alarm is not None
    # When both give its command, then the second is stale
    driver.run(alarm.command, role="system", now=alarm.at_ms)
    driver.refuse(alarm.command, Stale, role="system")
    # Likewise for the end of the round
    driver.fire_alarm()
    end_alarm = next_alarm(driver.state)
    assert end_alarm is not None and isinstance(end_alarm.command, cmd.EndRound)
    driver.run(end_alarm.command, role="system", now=end_alarm.at_ms)
    driver.refuse(end_alarm.command, Stale, role="system", field="round")
