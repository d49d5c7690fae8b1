"""The report's content: agenda, a summary per point, findings per paragraph, the stances of the
stakeholder groups, participation figures.

The breakout session is the default rotating session (room groups g1, g2, g3; g4 the remote
group) run to the end of the rotation; `people[n]` is in stakeholder group n mod 5, people[11]
is a hub.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation.report import (
    UNRECORDED,
    CandidateLine,
    GroupOutcomeLine,
    Participation,
    StakeholderStance,
    build_report,
    participation,
)
from facilitation.vocabulary import DEFAULT_STAKEHOLDER_GROUPS, Mode, Reaction

from .builders import SessionDriver, configured_session, rotating_session

GOVERNMENT, PRIVATE, CIVIL, TECHNICAL, INTERGOVERNMENTAL = DEFAULT_STAKEHOLDER_GROUPS
HUB = 11


def finished_session(round_secs: int = 20 * 60) -> tuple[SessionDriver, list[str]]:
    driver, people = rotating_session(round_secs=round_secs)
    while driver.state.phase != "finished":
        driver.end_round()
    return driver, people


def join(
    driver: SessionDriver,
    name: str,
    stakeholder_group: str,
    mode: Mode,
    region: str,
    country: str = "",
    hub_name: str = "",
) -> str:
    events = driver.run(
        cmd.Join(
            command_id=driver.cid(),
            name=name,
            stakeholder_group=stakeholder_group,
            region=region,
            mode=mode,
            hub_name=hub_name,
            country=country,
        ),
        "guest",
    )
    joined = events[0]
    assert isinstance(joined, ev.ParticipantJoined)
    return joined.participant.participant_id


def compose(driver: SessionDriver, paragraph: int, text: str) -> None:
    driver.run(
        cmd.ComposeParagraph(
            command_id=driver.cid(), paragraph=paragraph, source="custom", text=text
        )
    )


def react(
    driver: SessionDriver, person: str, paragraph: int, kind: Reaction, head_count: int = 1
) -> None:
    reason = "We cannot accept this." if kind == "object" else ""
    command = cmd.React(
        command_id=driver.cid(),
        paragraph=paragraph,
        reaction=kind,
        reason=reason,
        head_count=head_count,
    )
    driver.run(command, "participant", person)


def address(driver: SessionDriver, person: str, paragraph: int) -> None:
    driver.run(
        cmd.AddressObjection(command_id=driver.cid(), paragraph=paragraph, participant_id=person)
    )


# --- participation ---------------------------------------------------------------------------


def test_participation_counts_by_stakeholder_group_mode_hub_country_and_region() -> None:
    # Given eight people: in the room, remote, and at two hubs, from five countries
    driver = configured_session()
    join(driver, "Ana", GOVERNMENT, "room", "Africa", "Kenya")
    join(driver, "Bo", PRIVATE, "room", "Latin America and Caribbean", "Brazil")
    join(driver, "Cy", CIVIL, "remote", "Africa", "Kenya")
    join(driver, "Di", GOVERNMENT, "hub", "Africa", "Kenya", "Nairobi hub")
    join(driver, "Ed", TECHNICAL, "hub", "Latin America and Caribbean", "Peru", "Lima hub")
    join(driver, "Fa", CIVIL, "hub", "Africa", "", "Nairobi hub")
    join(driver, "Gu", PRIVATE, "room", "Western Europe and others", "Germany")
    join(driver, "Ha", GOVERNMENT, "room", "Western Europe and others", "France")
    # When the report counts them
    figures = participation(driver.state)
    # Then
    assert figures == Participation(
        total=8,
        people=8,
        hub_block=0,
        by_stakeholder_group={
            GOVERNMENT: 3,
            PRIVATE: 2,
            CIVIL: 2,
            TECHNICAL: 1,
            INTERGOVERNMENTAL: 0,
        },
        by_mode={"room": 4, "hub": 3, "remote": 1},
        hubs={"Lima hub": 1, "Nairobi hub": 2},
        countries=("Brazil", "France", "Germany", "Kenya", "Peru"),
        regions={"Africa": 4, "Latin America and Caribbean": 2, "Western Europe and others": 2},
    )
    # In the configured order of stakeholder groups, so the table reads the same every time
    assert list(figures.by_stakeholder_group) == list(DEFAULT_STAKEHOLDER_GROUPS)
    assert build_report(driver.state).participation == figures


def test_a_registered_hubs_people_are_counted_once_with_those_who_joined_at_it() -> None:
    # Given a registered hub of 14 people, two of whom also joined on their own phones,
    driver = configured_session()
    driver.run(cmd.RegisterHub(command_id=driver.cid(), name="Nairobi hub", expected_head_count=14))
    join(driver, "Di", GOVERNMENT, "hub", "Africa", "Kenya", "Nairobi hub")
    join(driver, "Fa", CIVIL, "hub", "Africa", "", "nairobi hub")
    join(driver, "Ana", GOVERNMENT, "room", "Africa", "Kenya")
    # When the report counts them
    figures = participation(driver.state)
    # Then the hub is 14 people, not 16: its two known people and a block of 12,
    assert figures.hubs == {"Nairobi hub": 14}
    assert (figures.total, figures.people, figures.hub_block) == (15, 3, 12)
    assert figures.by_mode == {"room": 1, "hub": 14, "remote": 0}
    # and every table adds up to the same total, the block's details marked as not recorded.
    assert figures.by_stakeholder_group[UNRECORDED] == 12
    assert sum(figures.by_stakeholder_group.values()) == figures.total
    assert sum(figures.regions.values()) == figures.total


PEOPLE = st.lists(
    st.tuples(
        st.sampled_from(["room", "remote", "hub"]),
        st.sampled_from(["Nairobi hub", "Lima hub", "Quito hub"]),
        st.sampled_from(DEFAULT_STAKEHOLDER_GROUPS),
        st.booleans(),
    ),
    max_size=20,
)


@settings(max_examples=40, deadline=None)
@given(
    people=PEOPLE,
    hubs=st.lists(st.integers(0, 60), max_size=3),
)
def test_the_participation_figures_always_add_up(
    people: list[tuple[Mode, str, str, bool]], hubs: list[int]
) -> None:
    # Given any mix of people (some later removed) and registered hubs of any size,
    driver = configured_session()
    for n, head_count in enumerate(hubs):
        name = ["Nairobi hub", "Lima hub", "Quito hub"][n]
        driver.run(cmd.RegisterHub(command_id=driver.cid(), name=name,
                                   expected_head_count=max(head_count, 1)))  # fmt: skip
        if head_count == 0:
            driver.run(cmd.SetHeadCount(command_id=driver.cid(), head_count=0), "hub", f"h{n + 1}")
    removed = 0
    for n, (mode, hub, group, remove) in enumerate(people):
        who = join(driver, f"P{n}", group, mode, "Africa", "", hub if mode == "hub" else "")
        if remove:
            driver.run(cmd.RemoveParticipant(command_id=driver.cid(), participant_id=who,
                                             reason="Test."))  # fmt: skip
            removed += 1
    # When the report counts them
    figures = participation(driver.state)
    # Then every table adds up to the total, which is the people plus the hubs' blocks,
    assert figures.total == figures.people + figures.hub_block
    assert figures.people == len(people) - removed
    for table in (figures.by_stakeholder_group, figures.by_mode, figures.regions):
        assert sum(table.values()) == figures.total
    assert sum(figures.hubs.values()) == figures.by_mode["hub"]
    # and the removed are counted apart, never in the total.
    assert figures.removed == removed


def test_participation_of_an_empty_session_is_all_zeros() -> None:
    driver = configured_session()
    figures = participation(driver.state)
    assert figures.total == 0
    assert set(figures.by_stakeholder_group.values()) == {0}
    assert figures.by_mode == {"room": 0, "hub": 0, "remote": 0}
    assert (figures.hubs, figures.countries, figures.regions) == ({}, (), {})


# --- agenda ----------------------------------------------------------------------------------


def test_the_agenda_says_how_many_groups_and_rounds_and_how_long() -> None:
    driver, _ = finished_session()
    agenda = build_report(driver.state).agenda
    breakout = next(line for line in agenda if line.startswith("Breakout"))
    assert len(driver.state.plan) == 3
    assert "4 groups, 3 rounds of 20 minutes" in breakout
    assert any("Plenary review" in line for line in agenda)


@pytest.mark.parametrize(("round_secs", "length"), [(90, "1.5 minutes"), (45, "45 seconds")])
def test_the_agenda_gives_the_round_length_in_minutes_or_seconds(
    round_secs: int, length: str
) -> None:
    driver, _ = finished_session(round_secs=round_secs)
    breakout = build_report(driver.state).agenda[1]
    assert f"3 rounds of {length}" in breakout


def test_the_agenda_reads_in_the_singular_for_one_group_one_round_one_minute() -> None:
    # Given a one-point session with two people in one group and one-minute rounds
    driver, _ = rotating_session(("room", "room"), points=1, round_secs=60)
    assert len(driver.state.group_order) == 1 and len(driver.state.plan) == 1
    # Then the agenda says so in plain English
    breakout = build_report(driver.state).agenda[1]
    assert breakout.startswith("Breakout: 1 group, 1 round of 1 minute,"), breakout


# --- point summaries -------------------------------------------------------------------------


def summarised_session() -> tuple[SessionDriver, list[str]]:
    """On p1: g1 a consensus for a, g2 nothing, g3 a majority for b, g4 a compromise.
    On p2: g1 and g2 a consensus each, for a and for b: a near-tie."""
    driver, people = finished_session()
    record = driver.record_outcome
    record("g1", "p1", choice="a", strength="consensus", notes="Clear.", role="moderator")
    record("g3", "p1", choice="b", strength="majority", role="moderator")
    record(
        "g4",
        "p1",
        choice="compromise",
        compromise_text="Both, in stages.",
        strength="rough_consensus",
        role="moderator",
    )
    record("g1", "p2", choice="a", strength="consensus", role="moderator")
    record("g2", "p2", choice="b", strength="consensus", role="moderator")
    return driver, people


def stakeholders_of(driver: SessionDriver, group_id: str) -> tuple[str, ...]:
    state = driver.state
    return tuple(
        sorted({state.participants[m].stakeholder_group for m in state.groups[group_id].members})
    )


def test_a_point_summary_lists_every_groups_outcome_in_group_order() -> None:
    driver, _ = summarised_session()
    summary = build_report(driver.state).points[0]
    assert (summary.number, summary.paragraph, summary.question) == (1, 1, "Question 1?")
    assert summary.outcomes == (
        GroupOutcomeLine("Group 1", "Option 1.1", "consensus", "Clear."),
        GroupOutcomeLine("Group 2", "no outcome recorded", "", ""),
        GroupOutcomeLine("Group 3", "Option 1.2", "majority", ""),
        GroupOutcomeLine("Group 4, remote", "compromise: Both, in stages.", "rough consensus", ""),
    )


def test_a_point_summary_ranks_the_backed_candidates_with_groups_of_groups() -> None:
    driver, _ = summarised_session()
    summary = build_report(driver.state).points[0]
    assert summary.candidates == (
        CandidateLine("Option 1.1", 1.0, 1, 4, stakeholders_of(driver, "g1"), False),
        CandidateLine("Compromise of group 4: Both, in stages.", 0.68, 1, 4, (), False),
        CandidateLine("Option 1.2", 0.36, 1, 4, (), False),
    )


def test_a_point_summary_flags_a_near_tie_and_leaves_out_what_nobody_backed() -> None:
    driver, _ = summarised_session()
    report = build_report(driver.state)
    p2, p3 = report.points[1], report.points[2]
    assert [(c.label, c.score, c.near_tie) for c in p2.candidates] == [
        ("Option 2.1", 1.0, True),
        ("Option 2.2", 1.0, True),
    ]
    # p3 has no outcome at all: no candidate, and every group without an outcome
    assert p3.candidates == ()
    assert {o.choice for o in p3.outcomes} == {"no outcome recorded"}
    assert len(p3.outcomes) == 4


# --- findings per paragraph and stances ------------------------------------------------------


def reviewed_session() -> tuple[SessionDriver, list[str]]:
    """Paragraphs 1-4 composed; people 0 (Government), 1 (Private sector), 2 (Civil society):
    1: support, support -> agreement
    2: object (open), support, support -> disagreement
    3: object (addressed), live with, support -> agreement
    4: object (addressed), object (addressed), support -> disagreement
    5: not composed -> no reactions"""
    driver, people = finished_session()
    for paragraph in range(1, 5):
        compose(driver, paragraph, f"Composite {paragraph}.")
    reactions: dict[int, tuple[Reaction, ...]] = {
        1: ("support", "support"),
        2: ("object", "support", "support"),
        3: ("object", "live_with", "support"),
        4: ("object", "object", "support"),
    }
    for paragraph, kinds in reactions.items():
        for person, kind in zip(people, kinds, strict=False):
            react(driver, person, paragraph, kind)
    address(driver, people[0], 3)
    address(driver, people[0], 4)
    address(driver, people[1], 4)
    return driver, people


def test_each_paragraph_is_found_in_agreement_disagreement_or_without_reactions() -> None:
    driver, _ = reviewed_session()
    findings = build_report(driver.state).paragraphs
    assert [(f.paragraph, f.finding) for f in findings] == [
        (1, "agreement"),
        (2, "disagreement"),
        (3, "agreement"),
        (4, "disagreement"),
        (5, "no_reactions"),
    ]
    assert [f.text for f in findings] == [
        *(f"Composite {n}." for n in range(1, 5)),
        (driver.state.paragraphs[4]),
    ]
    assert findings[1].review.open_objections == 1


def test_a_hubs_head_count_weighs_in_the_finding() -> None:
    # Given an addressed objection and a hub of twelve living with paragraph 1
    driver, people = finished_session()
    compose(driver, 1, "Composite 1.")
    react(driver, people[0], 1, "object")
    react(driver, people[1], 1, "object")
    address(driver, people[0], 1)
    address(driver, people[1], 1)
    assert build_report(driver.state).paragraphs[0].finding == "disagreement"
    # When a registered hub reacts for its twelve people
    driver.run(cmd.RegisterHub(command_id=driver.cid(), name="Accra hub", expected_head_count=12))
    command = cmd.React(command_id=driver.cid(), paragraph=1, reaction="live_with", head_count=12)
    driver.run(command, "hub", "h1")
    # Then the objectors are a small minority, all addressed
    assert build_report(driver.state).paragraphs[0].finding == "agreement"


def test_the_stance_of_each_stakeholder_group_lists_the_paragraphs_by_reaction() -> None:
    driver, _ = reviewed_session()
    stances = build_report(driver.state).stakeholder_stances
    assert stances == (
        StakeholderStance(GOVERNMENT, (1,), (), (2, 3, 4)),
        StakeholderStance(PRIVATE, (1, 2), (3,), (4,)),
        StakeholderStance(CIVIL, (2, 3, 4), (), ()),
        StakeholderStance(TECHNICAL, (), (), ()),
        StakeholderStance(INTERGOVERNMENTAL, (), (), ()),
    )


def test_the_report_carries_the_decision_and_the_endorsements_by_stakeholder_group() -> None:
    # Given a closed text with three endorsements
    driver, people = reviewed_session()
    driver.run(cmd.CloseText(command_id=driver.cid()))
    for person, group in ((people[0], CIVIL), (people[1], GOVERNMENT), (people[2], CIVIL)):
        driver.run(
            cmd.Endorse(
                command_id=driver.cid(),
                name=f"Endorser {person}",
                stakeholder_group=group,
                country="Kenya",
            ),
            "participant",
            person,
        )
    report = build_report(driver.state)
    assert report.decision == driver.state.plenary.decision
    assert report.decision is not None and report.decision.kind == "closed"
    assert report.endorsements_by_stakeholder_group == {CIVIL: 2, GOVERNMENT: 1}
    assert list(report.endorsements_by_stakeholder_group) == [CIVIL, GOVERNMENT]
    assert (report.title, report.created_at_ms) == (driver.state.title, driver.state.created_at_ms)


def test_a_report_after_a_decision_not_to_close_records_the_chairs_note() -> None:
    driver, _ = reviewed_session()
    driver.run(cmd.DeclineToClose(command_id=driver.cid(), note="Paragraphs 2 and 4 divide us."))
    report = build_report(driver.state)
    assert report.decision is not None
    assert (report.decision.kind, report.decision.note) == (
        "not_closed",
        "Paragraphs 2 and 4 divide us.",
    )
    assert report.endorsements_by_stakeholder_group == {}
    assert {f.finding for f in report.paragraphs} == {"agreement", "disagreement", "no_reactions"}
