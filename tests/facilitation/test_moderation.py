"""Moderating people: removing, renaming and merging them, locking joining, a new code, a
waiting list, named revocable links, and hubs speaking for no more people than registered."""

from __future__ import annotations

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation.context import Actor, Context
from facilitation.errors import Forbidden, Invalid, NotFound, WrongPhase
from facilitation.ranking import rank_point
from facilitation.report import build_report
from facilitation.tally import group_tally

from .builders import (
    SessionDriver,
    assigned_session,
    configured_session,
    rotating_session,
)


def remove(driver: SessionDriver, who: str, reason: str = "Not a participant.") -> None:
    driver.run(cmd.RemoveParticipant(command_id=driver.cid(), participant_id=who, reason=reason))


def test_a_removed_persons_position_stops_counting_and_they_can_do_nothing_more() -> None:
    # Given a round running, and a person who took a position,
    driver, people = rotating_session()
    fake = people[0]
    group = driver.group(fake)
    point = driver.current_point(group)
    driver.take_position(fake, "b")
    assert group_tally(driver.state, group, point).get("b") == 1
    log_length = len(driver.log)
    # When the moderator removes them,
    remove(driver, fake, "Joined under a false name.")
    # Then the position no longer counts in the tally or the ranking, but stays in the log,
    assert group_tally(driver.state, group, point).get("b", 0) == 0
    assert all(fake not in c.group_ids or c.score == 0 for c in rank_point(driver.state, point))
    assert any(isinstance(e, ev.PositionTaken) for e in driver.log[:log_length])
    # they are in no group and not among the participants, but their record and reason are kept,
    assert fake not in driver.state.group_of and fake not in driver.state.participants
    assert driver.state.roster.removed[fake].reason == "Joined under a false name."
    # and whatever they send is refused.
    command = cmd.TakePosition(command_id=driver.cid(), point_id=point, choice="a")
    error = driver.refuse(command, Forbidden, "participant", fake)
    assert "removed" in error.message


def test_the_report_counts_the_people_removed_apart() -> None:
    driver, people = rotating_session()
    remove(driver, people[0])
    remove(driver, people[1])
    report = build_report(driver.state)
    assert report.participation.removed == 2
    assert report.participation.people == len(people) - 2


def test_renaming_changes_the_name_shown_everywhere() -> None:
    driver = configured_session()
    ada = driver.join("Ada Lovelace")
    driver.run(
        cmd.RenameParticipant(command_id=driver.cid(), participant_id=ada, name="Ada King")
    )
    assert driver.state.participants[ada].name == "Ada King"
    refused = cmd.RenameParticipant(command_id=driver.cid(), participant_id="nobody", name="X")
    driver.refuse(refused, NotFound, field="participant_id")


def test_two_records_of_one_person_merge_into_one_that_counts_once() -> None:
    # Given one person who joined twice, both records in the same group with positions,
    driver, people = rotating_session(modes=("room",) * 4, group_count=1)
    first, twice = people[0], people[1]
    point = driver.current_point(driver.group(first))
    driver.take_position(twice, "b")
    # When the moderator merges the second record into the first,
    driver.run(cmd.MergeParticipants(command_id=driver.cid(), keep_id=first, merge_id=twice))
    # Then the person counts once: the merged record's position is now the kept one's,
    assert group_tally(driver.state, driver.group(first), point) == {"b": 1}
    assert twice not in driver.state.participants
    # and the second device acts as that one person from now on.
    driver.run(
        cmd.TakePosition(command_id=driver.cid(), point_id=point, choice="a"),
        "participant",
        twice,
    )
    assert driver.state.positions[point][first].choice == "a"
    assert twice not in driver.state.positions[point]


def test_joining_can_be_locked_and_closes_when_the_text_is_decided() -> None:
    driver = configured_session()
    driver.run(cmd.LockJoining(command_id=driver.cid(), locked=True))
    join = cmd.Join(
        command_id=driver.cid(), name="Late", stakeholder_group="Government", region="Africa",
        mode="room",
    )  # fmt: skip
    driver.refuse(join, WrongPhase, "guest")
    driver.run(cmd.LockJoining(command_id=driver.cid(), locked=False))
    assert driver.join("Now") in driver.state.participants


def test_a_new_join_code_replaces_the_old() -> None:
    driver = configured_session()
    old = driver.state.code
    (changed,) = driver.run(cmd.ChangeJoinCode(command_id=driver.cid()))
    assert isinstance(changed, ev.JoinCodeChanged)
    assert driver.state.code == changed.code != old
    # and the new code is for the watchers only: those who had the old one are not told it.
    assert ev.concerns(changed) == ev.WATCHERS_ONLY


def test_joins_wait_on_a_list_the_moderator_approves_in_bulk_or_turns_away() -> None:
    # Given groups assigned and approval required,
    driver, people = assigned_session()
    driver.run(cmd.RequireApproval(command_id=driver.cid(), required=True))
    # When three people join,
    waiting = [driver.join(f"Waiting {n}") for n in range(3)]
    # Then they wait: not participants, in no group, and whatever they send is refused,
    assert set(waiting) == set(driver.state.roster.pending)
    assert not set(waiting) & set(driver.state.participants)
    assert not set(waiting) & set(driver.state.group_of)
    # and when the moderator lets two in and turns one away,
    driver.run(cmd.DecideJoins(command_id=driver.cid(), participant_ids=tuple(waiting[:2])))
    driver.run(
        cmd.DecideJoins(command_id=driver.cid(), participant_ids=(waiting[2],), approve=False)
    )
    # the two are participants, each placed in a group, and the third is not.
    assert all(p in driver.state.participants and p in driver.state.group_of for p in waiting[:2])
    assert waiting[2] not in driver.state.participants
    assert waiting[2] in driver.state.roster.turned_away
    assert driver.state.roster.pending == {}


def test_a_revoked_link_can_do_nothing_and_a_co_moderator_cannot_manage_links() -> None:
    driver, _ = rotating_session()
    (created,) = driver.run(
        cmd.CreateRoleLink(command_id=driver.cid(), role="co_moderator", label="Chair 2, Maria")
    )
    assert isinstance(created, ev.RoleLinkCreated)
    link = created.link.link_id

    def as_co_moderator(command: cmd.Command) -> list[ev.Event]:
        context = driver.context()
        return driver.decide_in(
            command, Context(Actor("moderator", link_id=link), context.now_ms, "x1", 1)
        )

    # A co-moderator does what the moderator does, but managing links,
    assert as_co_moderator(cmd.PauseRound(command_id=driver.cid()))
    try:
        as_co_moderator(cmd.RevokeRoleLink(command_id=driver.cid(), link_id=link))
    except Forbidden:
        pass
    else:
        raise AssertionError("a co-moderator revoked a link")
    # and once revoked, the link can do nothing at all.
    driver.run(cmd.RevokeRoleLink(command_id=driver.cid(), link_id=link))
    try:
        as_co_moderator(cmd.PauseRound(command_id=driver.cid()))
    except Forbidden as refused:
        assert "revoked" in refused.message
    else:
        raise AssertionError("a revoked link was obeyed")


def test_a_hub_reports_no_more_people_than_registered_until_the_moderator_raises_it() -> None:
    driver = configured_session()
    driver.run(cmd.RegisterHub(command_id=driver.cid(), name="Lima", expected_head_count=15))
    too_many = cmd.SetHeadCount(command_id=driver.cid(), head_count=500)
    driver.refuse(too_many, Invalid, "hub", "h1", field="head_count")
    driver.run(cmd.SetExpectedHeadCount(command_id=driver.cid(), hub_id="h1",
                                        expected_head_count=600))  # fmt: skip
    driver.run(cmd.SetHeadCount(command_id=driver.cid(), head_count=500), "hub", "h1")
    assert driver.state.remote.hubs["h1"].head_count == 500


def test_a_paused_round_takes_no_positions_or_outcomes() -> None:
    driver, people = rotating_session()
    driver.run(cmd.PauseRound(command_id=driver.cid()))
    group = driver.group(people[0])
    point = driver.current_point(group)
    position = cmd.TakePosition(command_id=driver.cid(), point_id=point, choice="a")
    error = driver.refuse(position, WrongPhase, "participant", people[0])
    assert "paused" in error.message
    outcome = cmd.RecordOutcome(
        command_id=driver.cid(), group_id=group, point_id=point, choice="a", strength="majority"
    )
    driver.refuse(outcome, WrongPhase, "facilitator", group_id=group)
