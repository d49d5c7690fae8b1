"""Set-up and check-in: configuring a session, joining, assigning and adjusting groups."""

from __future__ import annotations

from typing import get_args

import pytest

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation.capabilities import COMMANDS as MAY_GIVE
from facilitation.errors import Forbidden, Invalid, NotFound, WrongPhase
from facilitation.vocabulary import DEFAULT_STAKEHOLDER_GROUPS, Role

from .builders import (
    MIXED_MODES,
    SessionDriver,
    assigned_session,
    configured_session,
    point_specs,
    rotating_session,
    session_with_participants,
)

ROLES: tuple[Role, ...] = get_args(Role)


def configure_command(driver: SessionDriver, **fields: object) -> cmd.ConfigureSession:
    return cmd.ConfigureSession.model_validate(
        {
            "command_id": driver.cid(),
            "title": "Draft review",
            "draft": "First.\n\nSecond.\n\nThird.",
            "points": point_specs(2, paragraphs=3),
            **fields,
        }
    )


def join_command(driver: SessionDriver, **fields: object) -> cmd.Join:
    return cmd.Join.model_validate(
        {
            "command_id": driver.cid(),
            "name": "Grace",
            "stakeholder_group": driver.state.stakeholder_groups[0],
            "region": "Asia-Pacific",
            "mode": "room",
            **fields,
        }
    )


# --- configure ----------------------------------------------------------------------------


def test_configure_splits_the_draft_and_numbers_points_and_options() -> None:
    # Given a new session
    driver = SessionDriver.create()
    # When the moderator configures a three-paragraph draft with two points
    command = configure_command(
        driver,
        points=(
            cmd.PointSpec(paragraph=2, question="Binding?", options=("Yes", "No", "Later")),
            cmd.PointSpec(paragraph=3, question="Who pays?", options=("States", "Donors")),
        ),
        stakeholder_groups=("Government", "Civil society"),
        round_secs=900,
    )
    (event,) = driver.run(command)
    # Then the draft is split into paragraphs, and points and options are numbered in order
    assert isinstance(event, ev.SessionConfigured)
    assert event.paragraphs == ("First.", "Second.", "Third.")
    assert [p.point_id for p in event.points] == ["p1", "p2"]
    assert [p.paragraph for p in event.points] == [2, 3]
    assert [(o.option_id, o.label) for o in event.points[0].options] == [
        ("a", "Yes"),
        ("b", "No"),
        ("c", "Later"),
    ]
    assert [o.option_id for o in event.points[1].options] == ["a", "b"]
    # And the state holds the configuration
    assert driver.state.configured
    assert driver.state.stakeholder_groups == ("Government", "Civil society")
    assert driver.state.settings.round_secs == 900
    assert driver.state.points == event.points


def test_configure_can_be_repeated_until_groups_are_assigned() -> None:
    # Given a configured session with people in it
    driver, _ = session_with_participants(points=2)
    # When the moderator configures again with one more point
    driver.run(configure_command(driver, points=point_specs(3, paragraphs=3)))
    # Then the new set-up replaces the old one
    assert [p.point_id for p in driver.state.points] == ["p1", "p2", "p3"]
    assert driver.state.paragraphs == ("First.", "Second.", "Third.")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param(
            {
                "points": (
                    cmd.PointSpec(paragraph=1, question="Q?", options=("x", "y")),
                    cmd.PointSpec(paragraph=4, question="Q?", options=("x", "y")),
                )
            },
            "points.1.paragraph",
            id="point-on-missing-paragraph",
        ),
        pytest.param(
            {"points": (cmd.PointSpec(paragraph=1, question="Q?", options=("x", "y", "x")),)},
            "points.0.options",
            id="duplicate-options",
        ),
        pytest.param(
            {"points": (cmd.PointSpec(paragraph=2, question="Q?", options=("Yes", " Yes ")),)},
            "points.0.options",
            id="options-equal-once-stripped",
        ),
        pytest.param(
            {"stakeholder_groups": ("Government", "Youth", "Government")},
            "stakeholder_groups",
            id="duplicate-stakeholder-groups",
        ),
        pytest.param(
            {"group_count": 3, "target_group_size": 6},
            "group_count",
            id="group-count-and-target-size",
        ),
    ],
)
def test_configure_refuses_an_inconsistent_set_up(fields: dict[str, object], field: str) -> None:
    # Given a new session
    driver = SessionDriver.create()
    # When the set-up contradicts itself
    # Then it is refused as invalid, naming the field, and nothing is recorded
    error = driver.refuse(configure_command(driver, **fields), Invalid, field=field)
    assert error.code == "invalid"
    assert not driver.state.configured


def test_configure_is_refused_once_groups_are_assigned() -> None:
    # Given a session whose groups are assigned
    driver, _ = assigned_session()
    # When the moderator tries to change the set-up
    # Then it is refused: the set-up is fixed
    error = driver.refuse(configure_command(driver), WrongPhase)
    assert error.code == "wrong_phase"


def test_configure_without_a_size_defaults_to_a_target_group_size() -> None:
    # Given a new session, when configured with neither a group count nor a size
    driver = configured_session()
    # Then a target group size is chosen, so assignment scales with the number of people
    assert driver.state.settings.group_count is None
    assert driver.state.settings.target_group_size is not None


# --- join ---------------------------------------------------------------------------------


def test_join_records_the_participant_with_the_id_the_shell_gave() -> None:
    # Given a configured session
    driver = configured_session()
    # When a guest joins at a given time
    context = driver.context("guest", now=driver.now + 5_000)
    (event,) = driver.decide_in(join_command(driver, organisation="ISOC"), context)
    # Then the participant gets the fresh id and the join time from the context
    assert isinstance(event, ev.ParticipantJoined)
    assert event.participant.participant_id == context.new_id
    assert event.participant.joined_at_ms == context.now_ms
    assert event.participant.organisation == "ISOC"


def test_join_checks_the_stakeholder_group_against_the_sessions_list() -> None:
    # Given a session configured with its own list of stakeholder groups
    driver = SessionDriver.create()
    driver.run(configure_command(driver, stakeholder_groups=("States", "Industry")))
    # When a guest picks a default group that this session does not use
    # Then the join is refused on the stakeholder group field
    driver.refuse(
        join_command(driver, stakeholder_group=DEFAULT_STAKEHOLDER_GROUPS[0]),
        Invalid,
        role="guest",
        field="stakeholder_group",
    )
    # And a group from the session's list is accepted
    assert driver.run(join_command(driver, stakeholder_group="Industry"), role="guest")


def test_join_from_a_hub_requires_the_hub_name() -> None:
    # Given a configured session
    driver = configured_session()
    # When someone joins in hub mode without saying which hub (blank counts as none)
    # Then it is refused on the hub name field
    driver.refuse(join_command(driver, mode="hub"), Invalid, role="guest", field="hub_name")
    driver.refuse(
        join_command(driver, mode="hub", hub_name="   "), Invalid, role="guest", field="hub_name"
    )
    # And with the hub's name it is accepted
    (event,) = driver.run(join_command(driver, mode="hub", hub_name="Lagos"), role="guest")
    assert isinstance(event, ev.ParticipantJoined)
    assert event.participant.hub_name == "Lagos"


def test_a_hub_name_given_outside_hub_mode_is_dropped() -> None:
    # Given a configured session
    driver = configured_session()
    # When someone in the room fills in a hub name anyway
    (event,) = driver.run(join_command(driver, mode="room", hub_name="Lagos"), role="guest")
    # Then they are not recorded as being at a hub
    assert isinstance(event, ev.ParticipantJoined)
    assert event.participant.hub_name == ""


# --- assign -------------------------------------------------------------------------------


def test_assign_requires_a_configured_session() -> None:
    # Given a session that was created but not configured, with someone in it
    driver = SessionDriver.create()
    driver.join()
    # When the moderator assigns groups, then it is refused as the wrong phase
    driver.refuse(cmd.AssignGroups(command_id=driver.cid(), seed=1), WrongPhase)


def test_assign_requires_at_least_one_participant() -> None:
    # Given a configured session nobody has joined
    driver = configured_session()
    # When the moderator assigns groups, then it is refused as invalid
    error = driver.refuse(cmd.AssignGroups(command_id=driver.cid(), seed=1), Invalid)
    assert error.code == "invalid"


def test_assignment_records_the_seed_and_the_groups() -> None:
    # Given twelve people of mixed modes
    driver, people = session_with_participants(target_group_size=4)
    # When the moderator assigns with an explicit seed
    (event,) = driver.assign(seed=424242)
    # Then the event holds the seed and groups that seat everyone exactly once
    assert isinstance(event, ev.GroupsAssigned)
    assert event.seed == 424242
    seated = [m for g in event.groups for m in g.members]
    assert sorted(seated) == sorted(people)
    assert [g.group_id for g in event.groups] == [f"g{n}" for n in range(1, len(event.groups) + 1)]
    assert [g.number for g in event.groups] == list(range(1, len(event.groups) + 1))
    # And remote and hub participants sit in remote groups, the room in room groups
    for group in event.groups:
        modes = {driver.state.participants[m].mode for m in group.members}
        assert modes <= ({"room"} if group.kind == "room" else {"remote", "hub"})
    # And the state follows the event
    assert driver.state.phase == "assigned"
    assert driver.state.seed == 424242
    assert all(driver.state.group_of[m] == g.group_id for g in event.groups for m in g.members)


def test_assignment_without_a_seed_records_the_seed_the_shell_supplied() -> None:
    # Given people in a configured session
    driver, _ = session_with_participants()
    # When the moderator assigns without a seed
    context = driver.context()
    (event,) = driver.decide_in(cmd.AssignGroups(command_id=driver.cid()), context)
    # Then the context's seed is the one recorded, so the draw can be re-run
    assert isinstance(event, ev.GroupsAssigned)
    assert event.seed == context.seed


def test_the_same_seed_gives_the_same_groups() -> None:
    # Given two sessions with the same people
    first, _ = assigned_session(seed=99)
    second, _ = assigned_session(seed=99)
    # Then the same seed drew the same groups
    assert first.state.groups == second.state.groups
    # And drawing again in the first session with that seed changes nothing in its groups
    first.assign(seed=99)
    assert first.state.groups == second.state.groups


def test_a_different_seed_can_give_different_groups() -> None:
    # Given the same people, when drawn with many seeds, then not every draw is the same
    draws = {
        tuple(g.members for g in assigned_session(seed=seed)[0].state.groups.values())
        for seed in range(5)
    }
    assert len(draws) > 1


def test_reassigning_keeps_the_labels_given_to_groups() -> None:
    # Given assigned groups, one of which the moderator labelled
    driver, _ = assigned_session(seed=1)
    driver.run(cmd.LabelGroup(command_id=driver.cid(), group_id="g2", label="By the window"))
    # When the groups are drawn again with another seed
    driver.assign(seed=2)
    # Then the label stays with the group
    assert driver.state.groups["g2"].label == "By the window"
    assert driver.state.groups["g4"].label == "remote"


def test_reassigning_does_not_carry_the_remote_label_to_a_room_group() -> None:
    # Given five in the room and one remote, drawn into g1 (room) and g2 (remote)
    driver, _ = assigned_session(("room",) * 5 + ("remote",), target_group_size=8)
    assert [(g.kind, g.label) for g in driver.state.groups.values()] == [
        ("room", ""),
        ("remote", "remote"),
    ]
    # And ten more people arriving in the room
    driver.join_many(("room",) * 10)
    # When the moderator draws again, now with two room groups before the remote one
    driver.assign(seed=3)
    # Then g2 is a room group and is not labelled "remote"; g3 is the remote group
    kinds_and_labels = {g.group_id: (g.kind, g.label) for g in driver.state.groups.values()}
    assert kinds_and_labels == {
        "g1": ("room", ""),
        "g2": ("room", ""),
        "g3": ("remote", "remote"),
    }


def test_assign_is_refused_once_the_rotation_has_started() -> None:
    # Given a running rotation, when groups are drawn again, then it is refused
    driver, _ = rotating_session()
    driver.refuse(cmd.AssignGroups(command_id=driver.cid(), seed=5), WrongPhase)


# --- late joiners -------------------------------------------------------------------------


def test_a_late_joiner_is_placed_in_a_smallest_group_of_their_kind() -> None:
    # Given room groups of 4, 3 and 3 (and a remote group of 2)
    driver, _ = assigned_session()
    room_sizes = {
        g.group_id: len(g.members) for g in driver.state.groups.values() if g.kind == "room"
    }
    smallest = min(room_sizes.values())
    # When someone joins in the room after assignment
    events = driver.run(join_command(driver, mode="room"), role="guest")
    # Then they are joined and placed in one of the smallest room groups
    assert [type(e) for e in events] == [ev.ParticipantJoined, ev.ParticipantPlaced]
    placed = events[1]
    assert isinstance(placed, ev.ParticipantPlaced)
    assert room_sizes[placed.group_id] == smallest
    assert driver.state.group_of[placed.participant_id] == placed.group_id
    assert placed.participant_id in driver.state.groups[placed.group_id].members


def test_a_late_hub_joiner_goes_to_a_remote_group() -> None:
    # Given assigned groups with one remote group
    driver, _ = assigned_session()
    # When a hub joins during the rotation
    driver.start_rotation()
    events = driver.run(join_command(driver, mode="hub", hub_name="Suva"), role="guest")
    # Then the hub is placed in the remote group
    placed = events[-1]
    assert isinstance(placed, ev.ParticipantPlaced)
    assert driver.state.groups[placed.group_id].kind == "remote"


def test_a_remote_late_joiner_gets_a_new_group_when_none_is_remote() -> None:
    # Given groups drawn when everyone was in the room: g1, g2, g3
    driver, _ = assigned_session(("room",) * 9)
    assert {g.kind for g in driver.state.groups.values()} == {"room"}
    count = len(driver.state.groups)
    # When someone joins remotely
    events = driver.run(join_command(driver, mode="remote"), role="guest")
    # Then a remote group is opened and they are placed in it
    assert [type(e) for e in events] == [
        ev.ParticipantJoined,
        ev.GroupCreated,
        ev.ParticipantPlaced,
    ]
    created, placed = events[1], events[2]
    assert isinstance(created, ev.GroupCreated) and isinstance(placed, ev.ParticipantPlaced)
    assert created.group.kind == "remote"
    assert created.group.number == count + 1
    assert created.group.group_id not in {f"g{n}" for n in range(1, count + 1)}
    assert created.group.members == ()
    assert placed.group_id == created.group.group_id
    assert driver.state.groups[created.group.group_id].members == (placed.participant_id,)


def test_a_remote_late_joiner_during_the_rotation_can_take_part() -> None:
    # Given a rotation running with room groups only
    driver, _ = rotating_session(("room",) * 6)
    # When someone joins remotely
    person = driver.join("Late remote", mode="remote")
    # Then their group works on a point this round, as a room joiner's would (DESIGN.md:
    # remote participants are on an equal footing), so they can give a position
    group = driver.group(person)
    point = driver.state.current_point(group)
    assert point is not None, f"{group} has no place in the rotation plan"
    (event,) = driver.take_position(person, "a", point)
    assert isinstance(event, ev.PositionTaken)


def test_a_joiner_before_assignment_is_not_placed() -> None:
    # Given a configured session, when someone joins, then only the join is recorded
    driver = configured_session()
    events = driver.run(join_command(driver), role="guest")
    assert [type(e) for e in events] == [ev.ParticipantJoined]
    assert not driver.state.group_of


# --- moving and labelling -----------------------------------------------------------------


def test_the_moderator_moves_a_participant_between_groups() -> None:
    # Given assigned groups
    driver, _ = assigned_session()
    person = driver.member_of("g1")
    # When the moderator moves someone from g1 to g2
    (event,) = driver.run(
        cmd.MoveParticipant(command_id=driver.cid(), participant_id=person, group_id="g2")
    )
    # Then the move names both groups and both groups' members follow
    assert event == ev.ParticipantMoved(participant_id=person, from_group_id="g1", to_group_id="g2")
    assert driver.state.group_of[person] == "g2"
    assert person not in driver.state.groups["g1"].members
    assert driver.state.groups["g2"].members[-1] == person


@pytest.mark.parametrize(
    ("participant", "group", "error", "field"),
    [
        pytest.param("nobody", "g2", NotFound, "participant_id", id="unknown-participant"),
        pytest.param(None, "g99", NotFound, "group_id", id="unknown-group"),
        pytest.param(None, "g1", Invalid, "group_id", id="same-group"),
    ],
)
def test_a_move_is_refused_when_it_makes_no_sense(
    participant: str | None, group: str, error: type[Invalid], field: str
) -> None:
    # Given assigned groups and someone in g1
    driver, _ = assigned_session()
    person = participant or driver.member_of("g1")
    # When the moderator moves them as given, then it is refused on the right field
    command = cmd.MoveParticipant(command_id=driver.cid(), participant_id=person, group_id=group)
    driver.refuse(command, error, field=field)


def test_a_move_before_assignment_is_refused() -> None:
    # Given people but no groups, when the moderator moves someone, then it is the wrong phase
    driver, people = session_with_participants()
    command = cmd.MoveParticipant(command_id=driver.cid(), participant_id=people[0], group_id="g1")
    driver.refuse(command, WrongPhase)


def test_the_moderator_labels_a_group() -> None:
    # Given assigned groups
    driver, _ = assigned_session()
    # When the moderator labels g1 (with stray spaces)
    events = driver.run(cmd.LabelGroup(command_id=driver.cid(), group_id="g1", label="  Table 1 "))
    # Then the label is recorded stripped
    assert events == [ev.GroupLabelled(group_id="g1", label="Table 1")]
    assert driver.state.groups["g1"].label == "Table 1"
    # And giving the same label again records nothing
    assert driver.run(cmd.LabelGroup(command_id=driver.cid(), group_id="g1", label="Table 1")) == []


def test_labelling_an_unknown_group_is_refused() -> None:
    driver, _ = assigned_session()
    command = cmd.LabelGroup(command_id=driver.cid(), group_id="g99", label="Nowhere")
    driver.refuse(command, NotFound, field="group_id")


# --- who may give what --------------------------------------------------------------------

FORBIDDEN_CASES = [
    pytest.param(command_type, role, id=f"{command_type.__name__}-by-{role}")
    for command_type, allowed in MAY_GIVE.items()
    for role in ROLES
    if role not in allowed
]


@pytest.mark.parametrize(("command_type", "role"), FORBIDDEN_CASES)
def test_a_command_is_forbidden_to_a_role_that_may_not_give_it(
    command_type: type[cmd.Command], role: Role
) -> None:
    # Given a session in the middle of its rotation (so most commands would otherwise apply)
    driver, people = rotating_session()
    # When a role not allowed to gives the command (the check comes before any field is read)
    command = command_type.model_construct(command_id=driver.cid())
    # Then it is forbidden and nothing changes
    error = driver.refuse(command, Forbidden, role=role, participant_id=people[0], group_id="g1")
    assert error.code == "forbidden"


def test_every_command_is_allowed_to_some_role_and_the_screen_gives_none() -> None:
    # Given the table of who may give what
    # Then every command can be given by some known role, and the screen only watches
    for allowed in MAY_GIVE.values():
        assert allowed and set(allowed) <= set(ROLES)
    assert all("screen" not in allowed for allowed in MAY_GIVE.values())


def test_creating_a_session_twice_is_refused() -> None:
    driver = SessionDriver.create()
    driver.refuse(cmd.CreateSession(command_id=driver.cid(), title="Again"), WrongPhase)


def test_the_mixed_preset_has_room_remote_and_hub_people() -> None:
    # Guards the presets the other tests rely on.
    driver, people = session_with_participants()
    modes = [driver.state.participants[p].mode for p in people]
    assert modes == list(MIXED_MODES)
    assert len({driver.state.participants[p].stakeholder_group for p in people}) > 1
