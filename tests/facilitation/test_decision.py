"""The chair's decision and the endorsement register.

The session: the default rotating session run to the end of the rotation. `people[n]` is in
stakeholder group n mod 5 (Government first); people[10] is remote, people[11] a hub.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation.decision import content_hash
from facilitation.errors import Duplicate, Forbidden, Invalid, NotFound, WrongPhase
from facilitation.events import EVENTS
from facilitation.model import Decision, Endorsement
from facilitation.state import replay
from facilitation.vocabulary import DEFAULT_STAKEHOLDER_GROUPS

from .builders import SessionDriver, rotating_session

GOVERNMENT, PRIVATE, CIVIL, TECHNICAL, INTERGOVERNMENTAL = DEFAULT_STAKEHOLDER_GROUPS
HUB = 11
REMOTE = 10


def finished_session() -> tuple[SessionDriver, list[str]]:
    driver, people = rotating_session()
    while driver.state.phase != "finished":
        driver.end_round()
    return driver, people


def composed_session() -> tuple[SessionDriver, list[str]]:
    """Paragraph 1 from option a of p1, paragraph 2 in new wording; the rest keep the draft."""
    driver, people = finished_session()
    driver.record_outcome("g1", "p1", choice="a", strength="consensus", role="moderator")
    driver.run(
        cmd.ComposeParagraph(
            command_id=driver.cid(), paragraph=1, source="option", point_id="p1", option_id="a"
        )
    )
    driver.run(
        cmd.ComposeParagraph(command_id=driver.cid(), paragraph=2, source="custom", text="Two.")
    )
    return driver, people


Order = Callable[[SessionDriver], cmd.Command]


def close(driver: SessionDriver) -> cmd.Command:
    return cmd.CloseText(command_id=driver.cid())


def decline(driver: SessionDriver, note: str = "") -> cmd.Command:
    return cmd.DeclineToClose(command_id=driver.cid(), note=note)


def open_register(driver: SessionDriver) -> cmd.Command:
    return cmd.OpenRegister(command_id=driver.cid())


def endorsement(
    driver: SessionDriver,
    name: str = "Ana Silva",
    organisation: str = "Open Net",
    stakeholder_group: str = CIVIL,
    country: str = "Kenya",
) -> cmd.Command:
    return cmd.Endorse(
        command_id=driver.cid(),
        name=name,
        organisation=organisation,
        stakeholder_group=stakeholder_group,
        country=country,
    )


def withdrawal(driver: SessionDriver, endorsement_id: str) -> cmd.Command:
    return cmd.WithdrawEndorsement(command_id=driver.cid(), endorsement_id=endorsement_id)


def given_endorsement(events: list[ev.Event]) -> Endorsement:
    assert len(events) == 1
    event = events[0]
    assert isinstance(event, ev.EndorsementGiven)
    return event.endorsement


def closed_session() -> tuple[SessionDriver, list[str]]:
    driver, people = composed_session()
    driver.run(close(driver))
    return driver, people


# --- content hash ----------------------------------------------------------------------------


def test_the_content_hash_is_a_pinned_sha256_of_the_paragraphs() -> None:
    # Pinned: endorsements in archives are bound to it, so it must not drift between releases
    assert content_hash(("Paragraph one.", "Deux — ünïcode.")) == (
        "sha256:cd5191d6c4774ef2ccf28444be15283ab0ac8e621a6726b2e1b8730c495989bf"
    )


TEXTS = st.lists(st.text(max_size=30), min_size=1, max_size=6).map(tuple)


@settings(max_examples=60, deadline=None)
@given(paragraphs=TEXTS, data=st.data())
def test_the_content_hash_is_deterministic_and_changes_when_any_paragraph_changes(
    paragraphs: tuple[str, ...], data: st.DataObject
) -> None:
    # The same text gives the same hash, a copy included
    assert content_hash(paragraphs) == content_hash(tuple(list(paragraphs)))
    assert content_hash(paragraphs).startswith("sha256:")
    assert len(content_hash(paragraphs)) == len("sha256:") + 64
    # Changing any one paragraph changes the hash
    index = data.draw(st.integers(0, len(paragraphs) - 1))
    other = data.draw(st.text(max_size=30).filter(lambda t: t != paragraphs[index]))
    changed = paragraphs[:index] + (other,) + paragraphs[index + 1 :]
    assert content_hash(changed) != content_hash(paragraphs)


def test_the_content_hash_keeps_paragraph_boundaries() -> None:
    assert content_hash(("ab", "c")) != content_hash(("a", "bc"))
    assert content_hash(("a", "b")) != content_hash(("a b",))
    assert content_hash(("a", "")) != content_hash(("a",))


# --- the chair's decision --------------------------------------------------------------------


def test_closing_freezes_the_composite_text_with_its_content_hash() -> None:
    # Given a composite with two paragraphs set, at version 2
    driver, _ = composed_session()
    text = driver.state.composite_text()
    assert text[:2] == ("Option 1.1", "Two.")
    assert text[2:] == driver.state.paragraphs[2:]
    # When the chair closes the text
    events = driver.run(close(driver), now=driver.advance(5_000))
    # Then the final version is frozen with its hash, and the register opens to those present
    assert events == [
        ev.TextClosed(
            decision=Decision(
                kind="closed",
                composite_version=2,
                paragraphs=text,
                content_hash=content_hash(text),
                decided_at_ms=driver.now,
            )
        )
    ]
    assert isinstance(events[0], ev.TextClosed)
    assert driver.state.plenary.decision == events[0].decision
    assert driver.state.plenary.register == "present"


def test_the_hash_of_the_closed_text_depends_on_every_composed_paragraph() -> None:
    # Given two sessions alike but for one composed paragraph
    first, _ = composed_session()
    second, _ = composed_session()
    second.run(
        cmd.ComposeParagraph(command_id=second.cid(), paragraph=5, source="custom", text="Five.")
    )
    # When both are closed
    first.run(close(first))
    second.run(close(second))
    decisions = [d.state.plenary.decision for d in (first, second)]
    assert decisions[0] is not None and decisions[1] is not None
    # Then their hashes differ
    assert decisions[0].content_hash != decisions[1].content_hash


def test_closing_needs_a_composed_paragraph() -> None:
    driver, _ = finished_session()
    driver.refuse(close(driver), Invalid)


def test_the_chair_decides_only_once_the_rotation_is_over() -> None:
    driver, _ = rotating_session()
    driver.refuse(close(driver), WrongPhase)
    driver.refuse(decline(driver), WrongPhase)


def test_declining_to_close_records_the_chairs_note_and_opens_no_register() -> None:
    driver, _ = composed_session()
    events = driver.run(decline(driver, "No rough consensus on paragraph 1."))
    assert len(events) == 1 and isinstance(events[0], ev.TextNotClosed)
    decision = events[0].decision
    assert decision.kind == "not_closed"
    assert decision.note == "No rough consensus on paragraph 1."
    assert decision.paragraphs == driver.state.composite_text()
    assert driver.state.plenary.register == "closed"


def test_the_chair_can_decline_even_before_anything_was_composed() -> None:
    driver, _ = finished_session()
    driver.run(decline(driver, "We ran out of time."))
    assert driver.state.plenary.decision is not None
    assert driver.state.plenary.decision.paragraphs == driver.state.paragraphs


@pytest.mark.parametrize(("first", "second"), [(close, close), (close, decline), (decline, close)])
def test_a_second_decision_is_refused(first: Order, second: Order) -> None:
    driver, _ = composed_session()
    driver.run(first(driver))
    decision = driver.state.plenary.decision
    driver.refuse(second(driver), WrongPhase)
    assert driver.state.plenary.decision == decision


def test_only_the_moderator_decides() -> None:
    driver, people = composed_session()
    driver.refuse(close(driver), Forbidden, "participant", people[0])
    driver.refuse(decline(driver), Forbidden, "screen")


def test_a_closed_text_can_no_longer_be_edited() -> None:
    driver, _ = closed_session()
    frozen = driver.state.plenary.decision
    driver.refuse(
        cmd.ComposeParagraph(command_id=driver.cid(), paragraph=1, source="custom", text="Later."),
        WrongPhase,
    )
    assert driver.state.plenary.decision == frozen


# --- the register ----------------------------------------------------------------------------


def test_endorsing_before_a_close_is_refused() -> None:
    driver, people = composed_session()
    driver.refuse(endorsement(driver), WrongPhase, "participant", people[0])
    driver.refuse(endorsement(driver), WrongPhase, "guest")
    driver.refuse(open_register(driver), WrongPhase)


def test_after_a_decision_not_to_close_there_is_no_register() -> None:
    driver, people = composed_session()
    driver.run(decline(driver))
    driver.refuse(endorsement(driver), WrongPhase, "participant", people[0])
    driver.refuse(open_register(driver), WrongPhase)


@pytest.mark.parametrize("who", [0, REMOTE, HUB])
def test_those_present_endorse_once_the_text_is_closed(who: int) -> None:
    # Given a closed text, and someone present: in the room, remote, or a hub
    driver, people = closed_session()
    person = people[who]
    decision = driver.state.plenary.decision
    assert decision is not None
    # When they endorse
    context = driver.context("participant", person, now=driver.advance(1_000))
    events = driver.decide_in(endorsement(driver), context)
    # Then the endorsement is theirs, bound to the closed version's hash
    assert given_endorsement(events) == Endorsement(
        endorsement_id=context.new_id,
        participant_id=person,
        name="Ana Silva",
        organisation="Open Net",
        stakeholder_group=CIVIL,
        country="Kenya",
        content_hash=decision.content_hash,
        endorsed_at_ms=context.now_ms,
    )


def test_a_guest_may_endorse_only_once_the_moderator_opens_the_register_to_anyone() -> None:
    # Given a closed text, open to those present
    driver, _ = closed_session()
    # Then someone with only the link is refused
    driver.refuse(endorsement(driver), Forbidden, "guest")
    # When the moderator opens the register to anyone with the link
    assert driver.run(open_register(driver)) == [ev.RegisterOpened(open_to="everyone")]
    assert driver.state.plenary.register == "everyone"
    # Then a guest's endorsement is accepted, with no participant behind it
    given = given_endorsement(driver.run(endorsement(driver), "guest"))
    assert given.participant_id is None
    assert given.endorsement_id in driver.state.plenary.endorsements
    # And opening it again changes nothing
    assert driver.run(open_register(driver)) == []


def test_only_the_moderator_opens_the_register() -> None:
    driver, people = closed_session()
    driver.refuse(open_register(driver), Forbidden, "participant", people[0])


def test_a_participant_endorses_only_once() -> None:
    driver, people = closed_session()
    driver.run(endorsement(driver), "participant", people[0])
    error = driver.refuse(
        endorsement(driver, name="Someone Else", organisation="Elsewhere"),
        Duplicate,
        "participant",
        people[0],
    )
    assert error.code == "duplicate"


@pytest.mark.parametrize(
    ("name", "organisation"),
    [
        ("Ana Silva", "Open Net"),
        ("ana silva", "OPEN NET"),
        ("  Ana   Silva ", "Open  Net"),
    ],
)
def test_the_same_name_and_organisation_endorse_only_once(name: str, organisation: str) -> None:
    # Given Ana Silva of Open Net has endorsed, as a participant
    driver, people = closed_session()
    driver.run(open_register(driver))
    driver.run(endorsement(driver), "participant", people[0])
    # Then the same name and organisation, whatever the case and spacing, is refused
    error = driver.refuse(endorsement(driver, name, organisation), Duplicate, "guest", field="name")
    assert error.code == "duplicate"
    driver.refuse(
        endorsement(driver, name, organisation), Duplicate, "participant", people[1], field="name"
    )


def test_a_namesake_of_another_organisation_may_endorse() -> None:
    driver, people = closed_session()
    driver.run(endorsement(driver), "participant", people[0])
    given_endorsement(
        driver.run(endorsement(driver, organisation="Other Org"), "participant", people[1])
    )
    assert len(driver.state.plenary.endorsements) == 2


def test_an_endorsement_names_one_of_the_sessions_stakeholder_groups() -> None:
    driver, people = closed_session()
    driver.refuse(
        endorsement(driver, stakeholder_group="Astronauts"),
        Invalid,
        "participant",
        people[0],
        field="stakeholder_group",
    )


def test_the_endorser_role_and_the_moderator_cannot_endorse() -> None:
    driver, _ = closed_session()
    driver.run(open_register(driver))
    driver.refuse(endorsement(driver), Forbidden, "moderator")
    driver.refuse(endorsement(driver), Forbidden, "endorser", "id500")


def test_someone_who_arrives_after_the_close_endorses_once_the_register_is_open_to_all() -> None:
    # Given a closed text, and someone who arrives only afterwards
    driver, _ = closed_session()
    late = cmd.Join(
        command_id="late-join-01",
        name="Late Comer",
        stakeholder_group=driver.state.stakeholder_groups[0],
        region="Africa",
        mode="room",
    )
    # When they try to join, they are refused: joining closed with the decision,
    driver.refuse(late, WrongPhase, "guest")
    # and while the register is open to those present only, they cannot endorse either,
    driver.refuse(endorsement(driver, name="Late Comer"), Forbidden, "guest")
    # but once it is open to everyone, they may, through the register's own path.
    driver.run(cmd.OpenRegister(command_id="open-register-1"), "moderator")
    assert given_endorsement(driver.run(endorsement(driver, name="Late Comer"), "guest"))


# --- withdrawing -----------------------------------------------------------------------------


def test_a_participant_withdraws_their_own_endorsement_and_nobody_elses() -> None:
    driver, people = closed_session()
    mine = given_endorsement(driver.run(endorsement(driver), "participant", people[0]))
    # Another participant cannot withdraw it
    driver.refuse(withdrawal(driver, mine.endorsement_id), Forbidden, "participant", people[1])
    # Nor the moderator
    driver.refuse(withdrawal(driver, mine.endorsement_id), Forbidden, "moderator")
    # The endorser can, and the withdrawal is addressed to their own device
    events = driver.run(withdrawal(driver, mine.endorsement_id), "participant", people[0])
    assert events == [
        ev.EndorsementWithdrawn(endorsement_id=mine.endorsement_id, endorser_id=people[0])
    ]
    assert ev.concerns(events[0]) == people[0]
    assert driver.state.plenary.endorsements == {}
    # And it is gone
    driver.refuse(
        withdrawal(driver, mine.endorsement_id),
        NotFound,
        "participant",
        people[0],
        field="endorsement_id",
    )


def test_someone_who_endorsed_by_the_link_withdraws_with_their_endorser_token() -> None:
    # Given a guest's endorsement, and another guest's
    driver, people = closed_session()
    driver.run(open_register(driver))
    theirs = given_endorsement(driver.run(endorsement(driver), "guest"))
    other = given_endorsement(driver.run(endorsement(driver, name="Bo Chen"), "guest"))
    # Then the other's token, a participant, or a guest cannot withdraw it
    driver.refuse(
        withdrawal(driver, theirs.endorsement_id), Forbidden, "endorser", other.endorsement_id
    )
    driver.refuse(withdrawal(driver, theirs.endorsement_id), Forbidden, "participant", people[0])
    driver.refuse(withdrawal(driver, theirs.endorsement_id), Forbidden, "guest")
    # But the endorser token bound to it can
    driver.run(withdrawal(driver, theirs.endorsement_id), "endorser", theirs.endorsement_id)
    assert list(driver.state.plenary.endorsements) == [other.endorsement_id]


def test_withdrawing_an_unknown_endorsement_is_refused() -> None:
    driver, people = closed_session()
    driver.refuse(
        withdrawal(driver, "nope"), NotFound, "participant", people[0], field="endorsement_id"
    )


# --- the log ----------------------------------------------------------------------------------


def test_the_whole_plenary_log_replays_to_the_same_state() -> None:
    # Given a session through composite, reactions, a close, endorsements and a withdrawal
    driver, people = composed_session()
    driver.run(
        cmd.React(command_id=driver.cid(), paragraph=1, reaction="object", reason="Too strong."),
        "participant",
        people[0],
    )
    driver.run(cmd.RegisterHub(command_id=driver.cid(), name="Lima hub", expected_head_count=9))
    driver.run(
        cmd.React(command_id=driver.cid(), paragraph=1, reaction="support", head_count=9),
        "hub",
        "h1",
    )
    driver.run(cmd.AddressObjection(command_id=driver.cid(), paragraph=1, participant_id=people[0]))
    driver.run(
        cmd.ComposeParagraph(command_id=driver.cid(), paragraph=3, source="custom", text="Three.")
    )
    driver.run(close(driver))
    driver.run(endorsement(driver), "participant", people[0])
    driver.run(open_register(driver))
    guest = given_endorsement(driver.run(endorsement(driver, name="Bo Chen"), "guest"))
    driver.run(withdrawal(driver, guest.endorsement_id), "endorser", guest.endorsement_id)
    plenary_types = {type(e) for e in driver.log} - {
        ev.SessionCreated,
        ev.SessionConfigured,
        ev.ParticipantJoined,
        ev.GroupsAssigned,
        ev.RotationStarted,
        ev.RoundStarted,
        ev.RoundEnded,
        ev.RotationFinished,
        ev.OutcomeRecorded,
        ev.HubRegistered,
    }
    assert plenary_types == {
        ev.ParagraphComposed,
        ev.ReactionGiven,
        ev.ObjectionAddressed,
        ev.TextClosed,
        ev.RegisterOpened,
        ev.EndorsementGiven,
        ev.EndorsementWithdrawn,
    }
    # Then the log replays to the same state, also after a trip through the wire/log schema
    assert replay(driver.log) == driver.state
    decoded = [EVENTS.validate_python(e.model_dump(mode="json")) for e in driver.log]
    assert decoded == driver.log
    assert replay(decoded) == driver.state
    assert driver.state.version == len(driver.log)


def test_a_decision_not_to_close_replays_too() -> None:
    driver, _ = composed_session()
    driver.run(decline(driver, "Not yet."))
    assert replay(driver.log) == driver.state
