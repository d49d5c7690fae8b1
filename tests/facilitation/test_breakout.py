"""The breakout: participants' positions and facilitators' flip-chart outcomes.

The default rotating session has room groups g1, g2, g3 and remote group g4 on points
p1, p2, p3; in round r group number g works on point ((g - 1 + r - 1) mod 3) + 1, so in
round 1 g1 is on p1 and g2 on p2, and in round 2 g1 is on p2 and g2 on p3.
"""

from __future__ import annotations

import pytest

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation.errors import Forbidden, Invalid, NotFound, Stale, WrongPhase
from facilitation.model import Hands
from facilitation.state import Position

from .builders import (
    MINUTE_MS,
    SessionDriver,
    assigned_session,
    rotating_session,
)


def position(driver: SessionDriver, point_id: str, choice: str) -> cmd.TakePosition:
    return cmd.TakePosition(command_id=driver.cid(), point_id=point_id, choice=choice)


def outcome(
    driver: SessionDriver, group_id: str, point_id: str, **fields: object
) -> cmd.RecordOutcome:
    return cmd.RecordOutcome.model_validate(
        {
            "command_id": driver.cid(),
            "group_id": group_id,
            "point_id": point_id,
            "choice": "a",
            "strength": "majority",
            **fields,
        }
    )


def test_the_default_plan_is_as_the_module_docstring_says() -> None:
    # Guards the layout the tests below rely on.
    driver, _ = rotating_session()
    assert driver.state.plan == (
        ("p1", "p2", "p3", "p1"),
        ("p2", "p3", "p1", "p2"),
        ("p3", "p1", "p2", "p3"),
    )


# --- positions ----------------------------------------------------------------------------


def test_a_participant_takes_a_position_on_their_groups_current_point() -> None:
    # Given round 1 running and someone in g2, which is on p2
    driver, _ = rotating_session()
    person = driver.member_of("g2")
    # When they take option b
    events = driver.run(position(driver, "p2", "b"), role="participant", participant_id=person)
    # Then the position records their group, the point and the round
    assert events == [
        ev.PositionTaken(participant_id=person, group_id="g2", point_id="p2", round=1, choice="b")
    ]
    assert driver.state.positions["p2"][person] == Position(group_id="g2", round=1, choice="b")


def test_positions_are_taken_only_while_a_round_is_running() -> None:
    # Given assigned groups before the rotation
    driver, people = assigned_session()
    # When someone takes a position, then it is the wrong phase
    command = position(driver, "p1", "a")
    driver.refuse(command, WrongPhase, role="participant", participant_id=people[0])
    # Given the rotation finished
    driver.start_rotation()
    for _ in range(3):
        driver.end_round()
    # When someone takes a position, then it is the wrong phase too
    driver.refuse(command, WrongPhase, role="participant", participant_id=people[0])


def test_a_position_on_another_point_than_the_groups_current_one_is_stale() -> None:
    # Given round 2 running: g1 is on p2, it was on p1 in round 1
    driver, _ = rotating_session()
    person = driver.member_of("g1")
    driver.end_round()
    # When someone in g1 sends a position for p1 (the page had not caught up) or p3 (not yet)
    # Then it is stale on the point
    for point in ("p1", "p3"):
        driver.refuse(
            position(driver, point, "a"),
            Stale,
            role="participant",
            participant_id=person,
            field="point_id",
        )


@pytest.mark.parametrize("choice", ["a", "b", "compromise", "undecided"])
def test_a_position_is_an_option_a_compromise_or_undecided(choice: str) -> None:
    # Given round 1 running
    driver, _ = rotating_session()
    person = driver.member_of("g1")
    # When someone takes that choice, then it is recorded
    (event,) = driver.take_position(person, choice)
    assert isinstance(event, ev.PositionTaken)
    assert event.choice == choice


@pytest.mark.parametrize("choice", ["c", "p1", "abstain", "A"])
def test_a_position_outside_the_points_options_is_invalid(choice: str) -> None:
    # Given round 1 running on points with options a and b
    driver, _ = rotating_session()
    person = driver.member_of("g1")
    # When someone picks anything else, then it is invalid on the choice
    driver.refuse(
        position(driver, "p1", choice),
        Invalid,
        role="participant",
        participant_id=person,
        field="choice",
    )


def test_changing_a_position_records_it_and_repeating_it_records_nothing() -> None:
    # Given someone who took option a
    driver, _ = rotating_session()
    person = driver.member_of("g3")
    driver.take_position(person, "a")
    # When they switch to b, then a new position is recorded and is the latest
    assert len(driver.take_position(person, "b")) == 1
    assert driver.state.positions["p3"][person].choice == "b"
    # When they send b again (a retry, a double tap), then nothing is recorded
    length = len(driver.log)
    assert driver.take_position(person, "b") == []
    assert len(driver.log) == length


def test_someone_not_in_the_session_cannot_take_a_position() -> None:
    driver, _ = rotating_session()
    driver.refuse(position(driver, "p1", "a"), NotFound, role="participant", participant_id="ghost")


def test_after_a_move_the_same_choice_is_recorded_for_the_new_group() -> None:
    # Given someone in g1 who took a on p1, moved to g4, which is also on p1
    driver, _ = rotating_session()
    person = driver.member_of("g1")
    driver.take_position(person, "a")
    driver.run(cmd.MoveParticipant(command_id=driver.cid(), participant_id=person, group_id="g4"))
    # When they take a again, then it is recorded as g4's
    (event,) = driver.take_position(person, "a")
    assert isinstance(event, ev.PositionTaken)
    assert event.group_id == "g4"


# --- outcomes -----------------------------------------------------------------------------


def test_a_facilitator_records_the_outcome_of_their_groups_current_point() -> None:
    # Given round 1 running, g2 on p2
    driver, _ = rotating_session()
    now = driver.advance(12 * MINUTE_MS)
    # When g2's facilitator records the flip chart
    command = outcome(
        driver,
        "g2",
        "p2",
        choice="b",
        strength="rough_consensus",
        hands=Hands(in_favour=6, against=1),
        notes="One objection on cost.",
    )
    (event,) = driver.run(command, role="facilitator", group_id="g2")
    # Then the outcome holds what was written, who wrote it, when, the round and revision 1
    assert isinstance(event, ev.OutcomeRecorded)
    assert event.outcome.model_dump() == {
        "group_id": "g2",
        "point_id": "p2",
        "round": 1,
        "choice": "b",
        "compromise_text": "",
        "strength": "rough_consensus",
        "hands": {"in_favour": 6, "against": 1, "abstain": 0},
        "notes": "One objection on cost.",
        "recorded_by": "facilitator",
        "recorded_at_ms": now,
        "revision": 1,
    }
    assert driver.state.outcomes[("g2", "p2")] == event.outcome


def test_a_facilitator_edits_their_outcome_during_the_round() -> None:
    # Given an outcome already recorded for g1 on p1
    driver, _ = rotating_session()
    driver.record_outcome("g1", "p1", choice="a")
    # When the facilitator changes it, then it is revision 2
    (event,) = driver.record_outcome("g1", "p1", choice="b")
    assert isinstance(event, ev.OutcomeRecorded)
    assert (event.outcome.choice, event.outcome.revision) == ("b", 2)


def test_a_facilitator_records_only_for_their_own_group() -> None:
    # Given round 1 running
    driver, _ = rotating_session()
    # When g1's facilitator records for g2, then it is forbidden on the group
    driver.refuse(
        outcome(driver, "g2", "p2"), Forbidden, role="facilitator", group_id="g1", field="group_id"
    )


def test_a_facilitator_records_only_for_the_current_point() -> None:
    # Given round 1 running, g1 on p1
    driver, _ = rotating_session()
    # When g1's facilitator records for p2, which g1 reaches in round 2, then it is stale
    driver.refuse(
        outcome(driver, "g1", "p2"), Stale, role="facilitator", group_id="g1", field="point_id"
    )


def test_a_facilitator_cannot_edit_an_outcome_after_the_round_moves_on() -> None:
    # Given g1's outcome on p1 recorded in round 1, and round 2 running
    driver, _ = rotating_session()
    driver.record_outcome("g1", "p1")
    driver.end_round()
    # When the facilitator edits p1, then it is stale
    driver.refuse(
        outcome(driver, "g1", "p1", choice="b"),
        Stale,
        role="facilitator",
        group_id="g1",
        field="point_id",
    )
    assert driver.state.outcomes[("g1", "p1")].choice == "a"


def test_a_facilitator_cannot_record_after_the_rotation() -> None:
    # Given the rotation finished
    driver, _ = rotating_session()
    for _ in range(3):
        driver.end_round()
    # When a facilitator records, then it is the wrong phase
    driver.refuse(outcome(driver, "g1", "p3"), WrongPhase, role="facilitator", group_id="g1")


def test_the_moderator_corrects_a_reached_point_after_its_round() -> None:
    # Given g1's outcome on p1 recorded by its facilitator in round 1, and round 2 running
    driver, _ = rotating_session()
    driver.record_outcome("g1", "p1", choice="a", strength="majority")
    driver.end_round()
    # When the moderator corrects it
    (event,) = driver.record_outcome("g1", "p1", choice="b", strength="consensus", role="moderator")
    # Then the correction is revision 2, by the moderator, still for round 1
    assert isinstance(event, ev.OutcomeRecorded)
    corrected = event.outcome
    assert (corrected.choice, corrected.strength, corrected.revision) == ("b", "consensus", 2)
    assert (corrected.recorded_by, corrected.round) == ("moderator", 1)
    assert driver.state.outcomes[("g1", "p1")] == corrected


def test_the_moderator_corrects_outcomes_after_the_rotation() -> None:
    # Given the rotation finished without any outcome recorded
    driver, _ = rotating_session()
    for _ in range(3):
        driver.end_round()
    # When the moderator records g3's outcome on p3, then it is accepted as revision 1
    (event,) = driver.record_outcome("g3", "p3", role="moderator")
    assert isinstance(event, ev.OutcomeRecorded)
    assert event.outcome.revision == 1


def test_the_moderator_cannot_record_a_point_the_group_has_not_reached() -> None:
    # Given round 1 running, g1 on p1
    driver, _ = rotating_session()
    # When the moderator records g1's outcome on p3, then it is refused on the point
    driver.refuse(outcome(driver, "g1", "p3"), WrongPhase, field="point_id")
    # And before the rotation, no point is reached at all
    assigned, _ = assigned_session()
    assigned.refuse(outcome(assigned, "g1", "p1"), WrongPhase, field="point_id")


@pytest.mark.parametrize(
    ("group_id", "point_id", "field"),
    [("g9", "p1", "group_id"), ("g1", "p9", "point_id")],
)
def test_an_outcome_for_an_unknown_group_or_point_is_not_found(
    group_id: str, point_id: str, field: str
) -> None:
    driver, _ = rotating_session()
    driver.refuse(outcome(driver, group_id, point_id), NotFound, field=field)


def test_a_compromise_outcome_needs_its_text() -> None:
    # Given round 1 running
    driver, _ = rotating_session()
    # When g1's facilitator records a compromise without text (or only spaces), then it is invalid
    for text in ("", "   "):
        driver.refuse(
            outcome(driver, "g1", "p1", choice="compromise", compromise_text=text),
            Invalid,
            role="facilitator",
            group_id="g1",
            field="compromise_text",
        )
    # And with its text it is recorded
    (event,) = driver.record_outcome(
        "g1", "p1", choice="compromise", compromise_text="Both, phased."
    )
    assert isinstance(event, ev.OutcomeRecorded)
    assert event.outcome.compromise_text == "Both, phased."


def test_compromise_text_is_dropped_when_an_option_was_chosen() -> None:
    driver, _ = rotating_session()
    (event,) = driver.record_outcome("g1", "p1", choice="a", compromise_text="left over")
    assert isinstance(event, ev.OutcomeRecorded)
    assert event.outcome.compromise_text == ""


@pytest.mark.parametrize("choice", ["undecided", "c", "zz"])
def test_an_outcome_is_an_option_or_a_compromise(choice: str) -> None:
    driver, _ = rotating_session()
    driver.refuse(
        outcome(driver, "g1", "p1", choice=choice),
        Invalid,
        role="facilitator",
        group_id="g1",
        field="choice",
    )


@pytest.mark.parametrize(
    ("group_id", "point_id", "round_number"),
    [
        ("g1", "p1", 1),
        ("g1", "p3", 3),
        ("g2", "p3", 2),
        ("g2", "p1", 3),
        ("g3", "p1", 2),
        ("g4", "p2", 2),
    ],
)
def test_an_outcomes_round_is_the_round_in_which_the_group_considered_the_point(
    group_id: str, point_id: str, round_number: int
) -> None:
    # Given the rotation finished
    driver, _ = rotating_session()
    for _ in range(3):
        driver.end_round()
    # When the moderator records an outcome afterwards
    (event,) = driver.record_outcome(group_id, point_id, role="moderator")
    # Then its round is the one in which that group had that point, not the last round
    assert isinstance(event, ev.OutcomeRecorded)
    assert event.outcome.round == round_number
