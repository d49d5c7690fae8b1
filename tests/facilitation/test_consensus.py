"""The chair's view of the plenary review: reactions tallied overall and by stakeholder group,
every objection with its reason and mark, the stakeholder groups that stayed silent.

The session: the default rotating session run to the end of the rotation, paragraph 1
composed from option a of p1. `people[n]` is in stakeholder group n mod 5 of the default
list (Government, Private sector, Civil society, Technical and academic community,
Intergovernmental organisations); people[10] is remote, people[11] joined saying they are at
a hub (they count as one person). The registered hub h1, "Nairobi hub" (40 people), reacts
through its operator for its head count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation.consensus import HUBS_LABEL, Objection, ParagraphReview, review
from facilitation.state import SessionState
from facilitation.vocabulary import DEFAULT_STAKEHOLDER_GROUPS, REACTIONS, Mode, Reaction

from .builders import MIXED_MODES, SessionDriver, rotating_session

GOVERNMENT, PRIVATE, CIVIL, TECHNICAL, INTERGOVERNMENTAL = DEFAULT_STAKEHOLDER_GROUPS
HUB = 11
REMOTE = 10
NAIROBI = "h1"


def composed_session(modes: Sequence[Mode] = MIXED_MODES) -> tuple[SessionDriver, list[str]]:
    driver, people = rotating_session(modes)
    while driver.state.phase != "finished":
        driver.end_round()
    driver.run(
        cmd.RegisterHub(command_id=driver.cid(), name="Nairobi hub", expected_head_count=40)
    )
    driver.run(
        cmd.ComposeParagraph(
            command_id=driver.cid(), paragraph=1, source="option", point_id="p1", option_id="a"
        )
    )
    return driver, people


def react(
    driver: SessionDriver,
    person: str,
    kind: Reaction,
    paragraph: int = 1,
    reason: str = "",
    head_count: int | None = None,
) -> list[ev.Event]:
    command = cmd.React(
        command_id=driver.cid(),
        paragraph=paragraph,
        reaction=kind,
        reason=reason,
        head_count=head_count,
    )
    return driver.run(command, "participant", person)


def hub_react(
    driver: SessionDriver, kind: Reaction, head_count: int, reason: str = ""
) -> list[ev.Event]:
    """The registered hub reacting through its operator, for `head_count` of its people."""
    command = cmd.React(
        command_id=driver.cid(), paragraph=1, reaction=kind, reason=reason, head_count=head_count
    )
    return driver.run(command, "hub", NAIROBI)


def address(driver: SessionDriver, person: str, paragraph: int = 1) -> None:
    driver.run(
        cmd.AddressObjection(command_id=driver.cid(), paragraph=paragraph, participant_id=person)
    )


def paragraph_review(state: SessionState, number: int = 1) -> ParagraphReview:
    found = review(state)
    assert [r.paragraph for r in found] == list(range(1, len(state.paragraphs) + 1))
    return found[number - 1]


def tally(support: int = 0, live_with: int = 0, objection: int = 0) -> dict[Reaction, int]:
    return {"support": support, "live_with": live_with, "object": objection}


def reacted_session() -> tuple[SessionDriver, list[str]]:
    """Five reactions to paragraph 1; the remote objection is marked addressed."""
    driver, people = composed_session()
    react(driver, people[0], "object", reason="Too strong.")
    react(driver, people[1], "support")
    hub_react(driver, "live_with", 12)
    react(driver, people[5], "support")
    react(driver, people[REMOTE], "object", reason="Not our wording.")
    address(driver, people[REMOTE])
    return driver, people


def test_totals_count_people_with_a_hub_counting_its_head_count() -> None:
    driver, _ = reacted_session()
    found = paragraph_review(driver.state)
    assert found.totals == tally(support=2, live_with=12, objection=2)


def test_reactions_are_tallied_per_stakeholder_group() -> None:
    driver, _ = reacted_session()
    found = paragraph_review(driver.state)
    # people 0, 5 and 10 are Government; person 1 is Private sector; the registered hub
    # speaks for a block of mixed people, tallied apart
    assert found.by_stakeholder_group == {
        GOVERNMENT: tally(support=1, objection=2),
        HUBS_LABEL: tally(live_with=12),
        PRIVATE: tally(support=1),
    }
    assert list(found.by_stakeholder_group) == sorted(found.by_stakeholder_group)


def test_the_stakeholder_groups_with_no_reaction_at_all_are_listed() -> None:
    driver, _ = reacted_session()
    found = paragraph_review(driver.state)
    assert found.silent_stakeholder_groups == (CIVIL, INTERGOVERNMENTAL, TECHNICAL)


def test_only_stakeholder_groups_present_in_the_session_can_be_silent() -> None:
    # Given only two people, a Government and a Private-sector one
    driver, people = composed_session(("room", "room"))
    # When only the Government one reacts
    react(driver, people[0], "support")
    # Then only Private sector is silent: nobody of the other groups came
    assert paragraph_review(driver.state).silent_stakeholder_groups == (PRIVATE,)


def test_every_objection_is_listed_with_its_reason_and_whether_it_was_addressed() -> None:
    driver, people = reacted_session()
    found = paragraph_review(driver.state)
    expected = {
        people[0]: Objection(
            participant_id=people[0],
            name="Person 0",
            stakeholder_group=GOVERNMENT,
            hub_name="",
            head_count=1,
            reason="Too strong.",
            addressed=False,
        ),
        people[REMOTE]: Objection(
            participant_id=people[REMOTE],
            name="Person 10",
            stakeholder_group=GOVERNMENT,
            hub_name="",
            head_count=1,
            reason="Not our wording.",
            addressed=True,
        ),
    }
    assert found.objections == tuple(expected[p] for p in sorted(expected))
    assert found.open_objections == 1


def test_a_hubs_objection_names_the_hub_and_its_head_count() -> None:
    driver, people = composed_session()
    hub_react(driver, "object", 30, reason="Our people disagree.")
    (objection,) = paragraph_review(driver.state).objections
    assert (objection.hub_name, objection.head_count) == ("Nairobi hub", 30)
    assert paragraph_review(driver.state).totals == tally(objection=30)


def test_a_changed_reaction_replaces_the_earlier_one() -> None:
    driver, people = reacted_session()
    react(driver, people[0], "live_with")
    found = paragraph_review(driver.state)
    assert found.totals == tally(support=2, live_with=13, objection=1)
    assert [o.participant_id for o in found.objections] == [people[REMOTE]]


def test_reactions_to_an_earlier_wording_no_longer_count_until_given_again() -> None:
    # Given five reactions to revision 1 of paragraph 1
    driver, people = reacted_session()
    # When the moderator rewords the paragraph
    driver.run(
        cmd.ComposeParagraph(
            command_id=driver.cid(), paragraph=1, source="custom", text="A new wording."
        )
    )
    # Then none of them counts; they are counted as earlier reactions
    found = paragraph_review(driver.state)
    assert (found.revision, found.text, found.changed) == (2, "A new wording.", True)
    assert found.totals == tally()
    assert found.by_stakeholder_group == {}
    assert found.objections == ()
    assert found.earlier_reactions == 5
    assert found.silent_stakeholder_groups == tuple(sorted(DEFAULT_STAKEHOLDER_GROUPS))
    # When one of them reacts to the new wording
    hub_react(driver, "support", 12)
    # Then it counts, and four earlier reactions remain
    found = paragraph_review(driver.state)
    assert found.totals == tally(support=12)
    assert found.earlier_reactions == 4


def test_a_paragraph_not_composed_shows_the_draft_with_no_reactions() -> None:
    driver, _ = reacted_session()
    found = paragraph_review(driver.state, 2)
    assert found.revision == 0
    assert found.text == found.draft == driver.state.paragraphs[1]
    assert found.changed is False
    assert found.totals == tally()
    assert found.earlier_reactions == 0
    assert found.silent_stakeholder_groups == tuple(sorted(DEFAULT_STAKEHOLDER_GROUPS))


def test_a_paragraph_keeping_the_draft_wording_is_not_changed() -> None:
    driver, _ = composed_session()
    driver.run(cmd.ComposeParagraph(command_id=driver.cid(), paragraph=2, source="draft"))
    found = paragraph_review(driver.state, 2)
    assert (found.revision, found.changed) == (1, False)
    assert paragraph_review(driver.state, 1).changed is True


def test_the_view_never_declares_consensus_even_when_everyone_supports() -> None:
    # Given everyone supporting paragraph 1
    driver, people = composed_session()
    for person in people:
        react(driver, person, "support")
    before = driver.state
    # When the chair looks at the review
    found = paragraph_review(driver.state)
    # Then it lays out the reactions, and nothing is decided: that is the chair's call
    assert found.totals == tally(support=len(people))
    assert found.silent_stakeholder_groups == ()
    assert driver.state is before
    assert driver.state.plenary.decision is None


# --- property: the tallies are the latest reaction of each person -----------------------------

REACTIONS_GIVEN = st.lists(
    st.tuples(st.integers(0, 11), st.sampled_from(REACTIONS), st.integers(1, 40)),
    max_size=25,
)


@settings(max_examples=25, deadline=None)
@given(given_reactions=REACTIONS_GIVEN)
def test_tallies_are_the_latest_reaction_of_each_person_weighted_by_head_count(
    given_reactions: list[tuple[int, Reaction, int]],
) -> None:
    # Given people reacting, some several times
    driver, people = composed_session()
    latest: dict[str, tuple[Reaction, int]] = {}
    for index, kind, heads in given_reactions:
        reason = "Because." if kind == "object" else ""
        if index == HUB:  # the registered hub, for a part of its 40 people
            hub_react(driver, kind, heads, reason=reason)
            latest[NAIROBI] = (kind, heads)
        else:
            react(driver, people[index], kind, reason=reason)
            latest[people[index]] = (kind, 1)
    # When the chair looks
    found = paragraph_review(driver.state)
    # Then the totals are the latest reactions, each person weighed by their head count
    expected: Counter[str] = Counter()
    for kind, head_count in latest.values():
        expected[kind] += head_count
    assert found.totals == {r: expected[r] for r in REACTIONS}
    # And the stakeholder-group tallies add up to the totals
    for kind in REACTIONS:
        assert sum(t[kind] for t in found.by_stakeholder_group.values()) == found.totals[kind]
    # And every present stakeholder group is either in the tallies or silent, not both
    present = {p.stakeholder_group for p in driver.state.participants.values()}
    people_groups = set(found.by_stakeholder_group) - {HUBS_LABEL}
    assert people_groups | set(found.silent_stakeholder_groups) == present
    assert not set(found.by_stakeholder_group) & set(found.silent_stakeholder_groups)
    # And every objector is listed once, none addressed
    objectors = sorted(p for p, (kind, _) in latest.items() if kind == "object")
    assert [o.participant_id for o in found.objections] == objectors
    assert found.open_objections == len(objectors)
    assert found.earlier_reactions == 0
