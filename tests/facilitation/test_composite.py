"""The composite text: the moderator composes it paragraph by paragraph, every choice with its
provenance; the room and the hubs react; the chair marks objections addressed.

The session: the default rotating session (room groups g1, g2, g3; remote group g4 with one
remote person and one hub), run to the end of the rotation. Then the moderator records on p1
(about paragraph 1): g1 a consensus for a (round 1), g2 a divided a with hands 2 to 1
(round 3), g3 a majority for b (round 2), g4 a rough-consensus compromise (round 1).
People: `people[n]` is in stakeholder group n mod 5; people[10] is remote, people[11] a hub.
"""

from __future__ import annotations

import pytest

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation.errors import DomainError, Forbidden, Invalid, NotFound, WrongPhase
from facilitation.model import Backer, CompositeParagraph, Provenance, ReactionRecord
from facilitation.ranking import DEFAULT_SHARE, STRENGTH_WEIGHT

from .builders import SessionDriver, rotating_session

COMPROMISE_TEXT = "Both, in stages."
HUB = 11
REMOTE = 10


def finished_session() -> tuple[SessionDriver, list[str]]:
    driver, people = rotating_session()
    while driver.state.phase != "finished":
        driver.end_round()
    return driver, people


def ready_session() -> tuple[SessionDriver, list[str]]:
    """The rotation over, with the four outcomes on p1 of the module docstring."""
    driver, people = finished_session()
    record = driver.record_outcome
    record("g1", "p1", choice="a", strength="consensus", role="moderator")
    record(
        "g2",
        "p1",
        choice="a",
        strength="divided",
        hands={"in_favour": 2, "against": 1},
        role="moderator",
    )
    record("g3", "p1", choice="b", strength="majority", role="moderator")
    record(
        "g4",
        "p1",
        choice="compromise",
        compromise_text=COMPROMISE_TEXT,
        strength="rough_consensus",
        role="moderator",
    )
    return driver, people


def compose(driver: SessionDriver, paragraph: int, source: str, **fields: object) -> cmd.Command:
    return cmd.ComposeParagraph.model_validate(
        {"command_id": driver.cid(), "paragraph": paragraph, "source": source, **fields}
    )


def compose_from(driver: SessionDriver, fields: dict[str, object]) -> cmd.Command:
    return cmd.ComposeParagraph.model_validate({"command_id": driver.cid(), **fields})


def reaction(driver: SessionDriver, paragraph: int, kind: str, **fields: object) -> cmd.Command:
    return cmd.React.model_validate(
        {"command_id": driver.cid(), "paragraph": paragraph, "reaction": kind, **fields}
    )


def react(
    driver: SessionDriver, person: str, paragraph: int, kind: str, **fields: object
) -> list[ev.Event]:
    return driver.run(reaction(driver, paragraph, kind, **fields), "participant", person)


def address(
    driver: SessionDriver, paragraph: int, person: str, addressed: bool = True
) -> cmd.Command:
    return cmd.AddressObjection(
        command_id=driver.cid(), paragraph=paragraph, participant_id=person, addressed=addressed
    )


def composed(events: list[ev.Event]) -> ev.ParagraphComposed:
    assert len(events) == 1
    event = events[0]
    assert isinstance(event, ev.ParagraphComposed)
    return event


def stakeholders_of(driver: SessionDriver, group_id: str) -> tuple[str, ...]:
    state = driver.state
    return tuple(
        sorted({state.participants[m].stakeholder_group for m in state.groups[group_id].members})
    )


# --- composing: each source, with its provenance --------------------------------------------


def test_keeping_the_draft_takes_the_draft_wording() -> None:
    driver, _ = ready_session()
    # When the moderator keeps paragraph 1 as drafted
    event = composed(driver.run(compose(driver, 1, "draft")))
    # Then the wording is the draft's, with a draft provenance, at revision 1 and version 1
    assert event.entry == CompositeParagraph(
        paragraph=1,
        text=driver.state.paragraphs[0],
        provenance=Provenance(source="draft"),
        revision=1,
    )
    assert event.composite_version == 1
    assert driver.state.plenary.composite[1] == event.entry
    assert driver.state.plenary.composite_version == 1


def test_taking_the_top_option_records_which_groups_and_rounds_backed_it_and_how_strongly() -> None:
    driver, _ = ready_session()
    # When the moderator takes option a on p1 for paragraph 1
    event = composed(driver.run(compose(driver, 1, "option", point_id="p1", option_id="a")))
    # Then the wording is the option's label, and the provenance names its backers
    provenance = event.entry.provenance
    assert event.entry.text == "Option 1.1"
    assert provenance.source == "option"
    assert (provenance.point_id, provenance.option_id, provenance.group_id) == ("p1", "a", None)
    assert provenance.backers == (
        Backer(group_id="g1", round=1, strength="consensus", share=1.0),
        Backer(group_id="g2", round=3, strength="divided", share=0.6667),
    )
    assert provenance.score == pytest.approx(1.0 + STRENGTH_WEIGHT["divided"] * 2 / 3)
    # And the stakeholder groups: all of g1 (a consensus), none of g2 (nobody took a position)
    assert provenance.stakeholder_groups == stakeholders_of(driver, "g1")


def test_taking_a_groups_compromise_records_that_group_as_its_backer() -> None:
    driver, _ = ready_session()
    event = composed(driver.run(compose(driver, 1, "compromise", point_id="p1", group_id="g4")))
    provenance = event.entry.provenance
    assert event.entry.text == COMPROMISE_TEXT
    assert (provenance.source, provenance.option_id, provenance.group_id) == (
        "compromise",
        None,
        "g4",
    )
    assert provenance.backers == (
        Backer(group_id="g4", round=1, strength="rough_consensus", share=0.85),
    )
    assert provenance.score == pytest.approx(
        STRENGTH_WEIGHT["rough_consensus"] * DEFAULT_SHARE["rough_consensus"]
    )
    assert provenance.stakeholder_groups == ()


def test_an_option_nobody_backed_can_be_taken_with_an_empty_provenance() -> None:
    driver, _ = ready_session()
    event = composed(driver.run(compose(driver, 2, "option", point_id="p2", option_id="b")))
    assert event.entry.text == "Option 2.2"
    assert event.entry.provenance.backers == ()
    assert event.entry.provenance.score == 0


def test_new_wording_is_custom_and_an_option_can_be_reworded_keeping_its_provenance() -> None:
    driver, _ = ready_session()
    # When the moderator writes new wording for paragraph 3
    custom = composed(driver.run(compose(driver, 3, "custom", text="  Entirely new words.  ")))
    # Then it is kept, trimmed, as custom
    assert custom.entry.text == "Entirely new words."
    assert custom.entry.provenance == Provenance(source="custom")
    # When they take option b on p1 but reword it
    reworded = composed(
        driver.run(compose(driver, 1, "option", point_id="p1", option_id="b", text="B, reworded."))
    )
    # Then the wording is theirs and the provenance still says who backed b
    assert reworded.entry.text == "B, reworded."
    assert reworded.entry.provenance.backers == (
        Backer(group_id="g3", round=2, strength="majority", share=0.6),
    )


def test_every_edit_is_a_new_revision_and_a_new_composite_version() -> None:
    driver, _ = ready_session()
    first = composed(driver.run(compose(driver, 1, "option", point_id="p1", option_id="a")))
    second = composed(driver.run(compose(driver, 1, "compromise", point_id="p1", group_id="g4")))
    other = composed(driver.run(compose(driver, 2, "custom", text="Two.")))
    third = composed(driver.run(compose(driver, 1, "custom", text="One.")))
    assert [e.entry.revision for e in (first, second, other, third)] == [1, 2, 1, 3]
    assert [e.composite_version for e in (first, second, other, third)] == [1, 2, 3, 4]
    assert driver.state.plenary.composite_version == 4
    assert driver.state.composite_text()[:3] == ("One.", "Two.", driver.state.paragraphs[2])


@pytest.mark.parametrize(
    "fields",
    [
        {"source": "draft"},
        {"source": "option", "point_id": "p1", "option_id": "a"},
        {"source": "compromise", "point_id": "p1", "group_id": "g4"},
        {"source": "custom", "text": "Same words."},
    ],
)
def test_composing_the_same_choice_again_changes_nothing(fields: dict[str, object]) -> None:
    driver, _ = ready_session()
    driver.run(compose_from(driver, {"paragraph": 1, **fields}))
    before, length = driver.state, len(driver.log)
    assert driver.run(compose_from(driver, {"paragraph": 1, **fields})) == []
    assert driver.state is before and len(driver.log) == length


def test_words_equal_to_an_option_are_that_option_whatever_the_page_says() -> None:
    # Given a paragraph the moderator fills with option a's exact words, filed as new wording,
    driver, _ = ready_session()
    event = composed(driver.run(compose(driver, 1, "custom", text="Option 1.1")))
    # Then the core records them as option a, with the groups behind it,
    assert event.entry.provenance.source == "option"
    assert event.entry.provenance.option_id == "a"
    # and taking option a itself afterwards changes nothing.
    assert driver.run(compose(driver, 1, "option", point_id="p1", option_id="a")) == []


def test_edited_words_are_new_wording_that_names_what_it_was_edited_from() -> None:
    # Given option a taken, then its words edited by the chair,
    driver, _ = ready_session()
    taken = composed(driver.run(compose(driver, 1, "option", point_id="p1", option_id="a")))
    edited = composed(
        driver.run(compose(driver, 1, "option", point_id="p1", option_id="a", text="Option 1.1!"))
    )
    # Then the edit is new wording, not the option: the option's backers are kept beside it
    provenance = edited.entry.provenance
    assert (provenance.source, provenance.edited_from) == ("custom", "option")
    assert provenance.option_id == "a"
    assert provenance.backers == taken.entry.provenance.backers
    # and words of the chair's own are new wording edited from nothing.
    own = composed(driver.run(compose(driver, 1, "draft", text="Wholly new words.")))
    assert (own.entry.provenance.source, own.entry.provenance.edited_from) == ("custom", "draft")


@pytest.mark.parametrize("source", ["draft", "option", "compromise", "custom"])
def test_a_page_cannot_file_new_wording_under_a_candidate(source: str) -> None:
    # Given any starting point the page names, and words that are nobody's,
    driver, _ = ready_session()
    fields = {
        "draft": {},
        "option": {"point_id": "p1", "option_id": "a"},
        "compromise": {"point_id": "p1", "group_id": "g4"},
        "custom": {},
    }[source]
    event = composed(
        driver.run(compose(driver, 1, source, text="Words the chair wrote.", **fields))
    )
    # Then they are recorded as new wording, never as the candidate.
    assert event.entry.provenance.source == "custom"


# --- composing: refusals ----------------------------------------------------------------------


def test_the_composite_waits_for_the_end_of_the_rotation() -> None:
    driver, _ = rotating_session()
    driver.refuse(compose(driver, 1, "draft"), WrongPhase)


@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"paragraph": 6, "source": "draft"}, NotFound, "paragraph"),
        ({"paragraph": 6, "source": "custom", "text": "Six."}, NotFound, "paragraph"),
        (
            {"paragraph": 2, "source": "option", "point_id": "p1", "option_id": "a"},
            Invalid,
            "point_id",
        ),
        ({"paragraph": 1, "source": "option", "option_id": "a"}, NotFound, "point_id"),
        (
            {"paragraph": 1, "source": "option", "point_id": "p9", "option_id": "a"},
            NotFound,
            "point_id",
        ),
        (
            {"paragraph": 1, "source": "option", "point_id": "p1", "option_id": "z"},
            NotFound,
            "option_id",
        ),
        ({"paragraph": 1, "source": "option", "point_id": "p1"}, NotFound, "option_id"),
        (
            {"paragraph": 1, "source": "compromise", "point_id": "p1", "group_id": "g3"},
            NotFound,
            "group_id",
        ),
        (
            {"paragraph": 1, "source": "compromise", "point_id": "p1", "group_id": "g9"},
            NotFound,
            "group_id",
        ),
        ({"paragraph": 1, "source": "compromise", "point_id": "p1"}, NotFound, "group_id"),
        ({"paragraph": 1, "source": "custom"}, Invalid, "text"),
        ({"paragraph": 1, "source": "custom", "text": ""}, Invalid, "text"),
        ({"paragraph": 1, "source": "custom", "text": "   "}, Invalid, "text"),
        (
            {"paragraph": 1, "source": "option", "point_id": "p1", "option_id": "a", "text": " "},
            Invalid,
            "text",
        ),
    ],
)
def test_bad_composite_choices_are_refused_with_the_field_and_change_nothing(
    fields: dict[str, object], error: type[DomainError], field: str
) -> None:
    driver, _ = ready_session()
    driver.refuse(compose_from(driver, fields), error, field=field)


def test_new_wording_may_name_the_point_it_settles() -> None:
    driver, _ = ready_session()
    event = composed(driver.run(compose(driver, 1, "custom", point_id="p1", text="Our words.")))
    assert event.entry.provenance == Provenance(source="custom", point_id="p1")


@pytest.mark.parametrize(
    ("point_id", "error"),
    [("p9", NotFound), ("p2", Invalid)],
)
def test_new_wording_naming_an_unknown_point_or_another_paragraphs_point_is_refused(
    point_id: str, error: type[DomainError]
) -> None:
    # Given the rotation over; p9 does not exist and p2 is about paragraph 2
    driver, _ = ready_session()
    # When the moderator writes new wording for paragraph 1 "settling" that point
    command = compose(driver, 1, "custom", point_id=point_id, text="Our words.")
    # Then it is refused like the same point with an option: the provenance must not lie
    driver.refuse(command, error, field="point_id")


@pytest.mark.parametrize("decision", ["close", "decline"])
def test_after_the_chairs_decision_the_composite_no_longer_changes(decision: str) -> None:
    # Given a composed paragraph, then the chair's decision
    driver, people = ready_session()
    driver.run(compose(driver, 1, "option", point_id="p1", option_id="a"))
    react(driver, people[0], 1, "object", reason="Too strong.")
    if decision == "close":
        driver.run(cmd.CloseText(command_id=driver.cid()))
    else:
        driver.run(cmd.DeclineToClose(command_id=driver.cid(), note="No rough consensus."))
    # Then editing, reacting and marking objections are all refused
    driver.refuse(compose(driver, 1, "custom", text="Edited after."), WrongPhase)
    driver.refuse(compose(driver, 2, "draft"), WrongPhase)
    driver.refuse(reaction(driver, 1, "support"), WrongPhase, "participant", people[1])
    driver.refuse(address(driver, 1, people[0]), WrongPhase)


def test_only_the_moderator_composes() -> None:
    driver, people = ready_session()
    driver.refuse(compose(driver, 1, "draft"), Forbidden, "participant", people[0])
    driver.refuse(compose(driver, 1, "draft"), Forbidden, "facilitator", group_id="g1")


# --- reactions ------------------------------------------------------------------------------


def composed_session() -> tuple[SessionDriver, list[str]]:
    driver, people = ready_session()
    driver.run(compose(driver, 1, "option", point_id="p1", option_id="a"))
    return driver, people


def test_a_reaction_is_recorded_against_the_current_wording() -> None:
    driver, people = composed_session()
    events = react(driver, people[0], 1, "support")
    assert events == [
        ev.ReactionGiven(
            reaction=ReactionRecord(
                participant_id=people[0], paragraph=1, revision=1, reaction="support"
            )
        )
    ]
    assert isinstance(events[0], ev.ReactionGiven)
    assert driver.state.plenary.reactions[1][people[0]] == events[0].reaction


def test_an_objection_needs_a_reason_and_keeps_it_trimmed() -> None:
    driver, people = composed_session()
    driver.refuse(reaction(driver, 1, "object"), Invalid, "participant", people[0], field="reason")
    driver.refuse(
        reaction(driver, 1, "object", reason="   "),
        Invalid,
        "participant",
        people[0],
        field="reason",
    )
    event = react(driver, people[0], 1, "object", reason="  Too strong for us.  ")[0]
    assert isinstance(event, ev.ReactionGiven)
    assert event.reaction.reason == "Too strong for us."


@pytest.mark.parametrize("kind", ["support", "live_with"])
def test_a_reason_is_kept_only_with_an_objection(kind: str) -> None:
    driver, people = composed_session()
    event = react(driver, people[0], 1, kind, reason="Fine by us.")[0]
    assert isinstance(event, ev.ReactionGiven)
    assert event.reaction.reason == ""


def test_a_person_who_joined_at_a_hub_counts_as_one() -> None:
    # Given a participant who said, on the join form, that they are at a hub
    driver, people = composed_session()
    hub = people[HUB]
    assert driver.state.participants[hub].mode == "hub"
    # When they react without a head count, they count as one person,
    event = react(driver, hub, 1, "support")[0]
    assert isinstance(event, ev.ReactionGiven)
    assert event.reaction.head_count == 1
    # and they cannot speak for more: only a registered hub, through its operator, does.
    driver.refuse(
        reaction(driver, 1, "object", reason="For all of us", head_count=500),
        Invalid,
        "participant",
        participant_id=hub,
        field="head_count",
    )


@pytest.mark.parametrize("who", [0, REMOTE])
def test_only_a_hub_reacts_for_more_than_one_person(who: int) -> None:
    driver, people = composed_session()
    person = people[who]
    assert driver.state.participants[person].mode in ("room", "remote")
    driver.refuse(
        reaction(driver, 1, "support", head_count=3),
        Invalid,
        "participant",
        person,
        field="head_count",
    )
    # A head count of one is no claim to speak for others
    event = react(driver, person, 1, "support", head_count=1)[0]
    assert isinstance(event, ev.ReactionGiven)
    assert event.reaction.head_count == 1


def test_a_reaction_to_a_paragraph_not_in_the_composite_is_refused() -> None:
    driver, people = composed_session()
    # Paragraph 2 exists in the draft but keeps the draft: nothing to react to yet
    driver.refuse(
        reaction(driver, 2, "support"), NotFound, "participant", people[0], field="paragraph"
    )
    # Paragraph 99 does not exist at all
    driver.refuse(
        reaction(driver, 99, "support"), NotFound, "participant", people[0], field="paragraph"
    )


def test_a_reaction_from_someone_not_in_the_session_or_not_a_participant_is_refused() -> None:
    driver, _ = composed_session()
    driver.refuse(reaction(driver, 1, "support"), NotFound, "participant", "id9999")
    driver.refuse(reaction(driver, 1, "support"), Forbidden, "moderator")
    driver.refuse(reaction(driver, 1, "support"), Forbidden, "guest")


def test_the_same_reaction_again_gives_no_event() -> None:
    driver, people = composed_session()
    driver.run(cmd.RegisterHub(command_id=driver.cid(), name="Quito hub", expected_head_count=9))

    def hub(head_count: int) -> list[ev.Event]:
        command = reaction(driver, 1, "support", head_count=head_count)
        return driver.run(command, "hub", "h1")

    react(driver, people[0], 1, "object", reason="Too strong.")
    hub(7)
    length = len(driver.log)
    assert react(driver, people[0], 1, "object", reason=" Too strong. ") == []
    assert hub(7) == []
    assert len(driver.log) == length
    # But a changed reason, or a changed head count, is a new reaction
    assert len(react(driver, people[0], 1, "object", reason="Far too strong.")) == 1
    assert len(hub(8)) == 1
    # and a registered hub reacts for no more people than its head count.
    driver.refuse(reaction(driver, 1, "support", head_count=10), Invalid, "hub", "h1",
                  field="head_count")  # fmt: skip


def test_after_a_new_wording_the_same_reaction_is_recorded_again_for_the_new_revision() -> None:
    driver, people = composed_session()
    react(driver, people[0], 1, "support")
    driver.run(compose(driver, 1, "compromise", point_id="p1", group_id="g4"))
    event = react(driver, people[0], 1, "support")[0]
    assert isinstance(event, ev.ReactionGiven)
    assert event.reaction.revision == 2


# --- objections addressed -----------------------------------------------------------------


def test_the_chair_marks_an_objection_addressed_and_can_take_the_mark_back() -> None:
    driver, people = composed_session()
    react(driver, people[0], 1, "object", reason="Too strong.")
    # When the chair marks it addressed
    events = driver.run(address(driver, 1, people[0]))
    assert events == [ev.ObjectionAddressed(paragraph=1, participant_id=people[0], addressed=True)]
    assert (1, people[0]) in driver.state.plenary.addressed
    # Marking it again changes nothing
    assert driver.run(address(driver, 1, people[0])) == []
    # Taking the mark back
    assert len(driver.run(address(driver, 1, people[0], addressed=False))) == 1
    assert (1, people[0]) not in driver.state.plenary.addressed
    assert driver.run(address(driver, 1, people[0], addressed=False)) == []


def test_only_an_existing_objection_can_be_marked_addressed() -> None:
    driver, people = composed_session()
    react(driver, people[1], 1, "support")
    # A support is no objection; nobody reacting is none either; nor another paragraph
    driver.refuse(address(driver, 1, people[1]), NotFound, field="participant_id")
    driver.refuse(address(driver, 1, people[2]), NotFound, field="participant_id")
    driver.refuse(address(driver, 2, people[1]), NotFound, field="participant_id")
    # And only the moderator marks
    react(driver, people[0], 1, "object", reason="Too strong.")
    driver.refuse(address(driver, 1, people[0]), Forbidden, "participant", people[0])


@pytest.mark.parametrize(
    ("kind", "fields"),
    [("object", {"reason": "Still too strong."}), ("live_with", {}), ("support", {})],
)
def test_reacting_again_clears_the_addressed_mark(kind: str, fields: dict[str, object]) -> None:
    # Given an objection the chair marked addressed
    driver, people = composed_session()
    react(driver, people[0], 1, "object", reason="Too strong.")
    driver.run(address(driver, 1, people[0]))
    # When the objector reacts anew
    react(driver, people[0], 1, kind, **fields)
    # Then the old mark does not carry over
    assert (1, people[0]) not in driver.state.plenary.addressed


def test_repeating_the_same_objection_keeps_the_addressed_mark() -> None:
    driver, people = composed_session()
    react(driver, people[0], 1, "object", reason="Too strong.")
    driver.run(address(driver, 1, people[0]))
    assert react(driver, people[0], 1, "object", reason="Too strong.") == []
    assert (1, people[0]) in driver.state.plenary.addressed
