"""The pages enable a control exactly when the core would accept its command: client_static/js/
allowed.js reads the generated capability table and the state, and here each of its answers
is held to `decide` on the same state, for the same role."""

from collections.abc import Callable
from typing import Any

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation.errors import DomainError
from facilitation.model import Participant
from facilitation.state import evolve
from facilitation.vocabulary import Role
from tests.facilitation.builders import SessionDriver, configured_session, rotating_session

from .mirror import as_plain, module, run_node

ASK_JS = """
import { readFileSync } from "node:fs";
import { canAssign, canEndorse } from %s;
const asks = JSON.parse(readFileSync(0, "utf8"));
const answer = (a) =>
  a.ask === "assign" ? canAssign(a.state, a.me.role) : canEndorse(a.state, a.me);
process.stdout.write(JSON.stringify(asks.map(answer)));
"""


def core_allows(driver: SessionDriver, command: cmd.Command, role: Role, who: str | None) -> bool:
    try:
        driver.decide(command, role, participant_id=who)
    except DomainError:
        return False
    return True


def page_allows(asks: list[dict[str, Any]]) -> list[bool]:
    answers: list[bool] = run_node(ASK_JS % module("allowed.js"), asks)
    return answers


def ask(kind: str, driver: SessionDriver, role: Role, who: str | None = None) -> dict[str, Any]:
    me = {"role": role, "session_id": driver.state.session_id, "participant_id": who}
    return {"ask": kind, "state": as_plain(driver.state), "me": {**me, "group_id": None}}


Case = tuple[str, SessionDriver, Role, str | None, Callable[[SessionDriver], cmd.Command]]


def assign(driver: SessionDriver) -> cmd.Command:
    return cmd.AssignGroups(command_id=driver.cid(), seed=3)


def endorse(driver: SessionDriver) -> cmd.Command:
    return cmd.Endorse(
        command_id=driver.cid(),
        name=f"Someone {driver.cid()}",
        stakeholder_group=driver.state.stakeholder_groups[0],
        country="Kenya",
    )


def register_hub(driver: SessionDriver) -> None:
    driver.run(cmd.RegisterHub(command_id=driver.cid(), name="Accra hub", expected_head_count=12))


def assign_cases() -> list[Case]:
    only_hubs = configured_session()
    register_hub(only_hubs)  # the drift: the page kept Assign disabled with no participant
    nobody = configured_session()
    unconfigured = SessionDriver.create()
    unconfigured.join("Ada")
    people = configured_session()
    people.join("Ada")
    assigned = configured_session()
    assigned.join_many(["room", "room", "remote"])
    assigned.assign()
    rotating, _ = rotating_session()
    cases: list[Case] = []
    for driver in (only_hubs, nobody, unconfigured, people, assigned, rotating):
        cases += [("assign", driver, role, None, assign) for role in ("moderator", "screen")]
    return cases


def endorse_cases() -> list[Case]:
    driver, people = rotating_session()
    while driver.state.phase != "finished":
        driver.end_round()
    driver.run(
        cmd.ComposeParagraph(command_id=driver.cid(), paragraph=1, source="custom", text="One.")
    )
    driver.advance(1000)
    driver.run(cmd.CloseText(command_id=driver.cid()))
    driver.advance(1000)
    late = late_joiner(driver)  # the drift: the form was offered, the core refused
    driver.run(
        cmd.RemoveParticipant(
            command_id=driver.cid(), participant_id=people[2], reason="A fake join"
        )
    )
    before_open = [
        ("endorse", driver, "participant", people[0], endorse),
        ("endorse", driver, "participant", late, endorse),
        ("endorse", driver, "participant", people[2], endorse),  # removed by the moderator
        ("endorse", driver, "guest", None, endorse),
        ("endorse", driver, "hub", None, endorse),
        ("endorse", driver, "moderator", None, endorse),
    ]
    cases: list[Case] = [(k, _snapshot(d), r, w, c) for k, d, r, w, c in before_open]
    driver.run(endorse(driver), "participant", participant_id=people[1])
    driver.run(cmd.OpenRegister(command_id=driver.cid()))
    cases += [
        ("endorse", driver, "participant", late, endorse),
        ("endorse", driver, "participant", people[1], endorse),  # once per person
        ("endorse", driver, "participant", people[2], endorse),
        ("endorse", driver, "guest", None, endorse),
    ]
    declined, _ = rotating_session()
    while declined.state.phase != "finished":
        declined.end_round()
    declined.run(cmd.DeclineToClose(command_id=declined.cid()))
    cases.append(("endorse", declined, "participant", declined.member_of("g1"), endorse))
    return cases


def late_joiner(driver: SessionDriver) -> str:
    """Someone who joined after the decision: the core now closes joining then, but a log
    written before that rule (an imported archive) holds such joins, and evolve folds them."""
    person = Participant(
        participant_id="late1",
        name="Late Comer",
        organisation="",
        stakeholder_group=driver.state.stakeholder_groups[0],
        region="Africa",
        mode="room",
        joined_at_ms=driver.now,
    )
    joined = ev.ParticipantJoined(participant=person)
    driver.state = evolve(driver.state, joined)
    driver.log.append(joined)
    return person.participant_id


def _snapshot(driver: SessionDriver) -> SessionDriver:
    """The driver as it is now; later commands on the original leave this one alone."""
    return SessionDriver(driver.ctx, driver.state, list(driver.log))


def check(cases: list[Case]) -> None:
    expected = [core_allows(d, order(d), role, who) for _, d, role, who, order in cases]
    got = page_allows([ask(kind, d, role, who) for kind, d, role, who, _ in cases])
    for n, (case, page, core) in enumerate(zip(cases, got, expected, strict=True)):
        kind, driver, role, who, _ = case
        where = f"case {n}: {kind} by {role} {who or ''} in phase {driver.state.phase}"
        assert page == core, f"{where}: the page says {page}, the core {core}"
    assert any(expected) and not all(expected)


def test_assign_is_enabled_exactly_when_the_core_would_draw_the_groups() -> None:
    # Given sessions before and after set-up, with people, with only a registered hub, with
    # nobody, assigned and rotating, and the moderator's and the screen's role
    # When the moderator page asks whether to enable Assign, and the core is given AssignGroups
    # Then the two agree in every case, the session with only hubs included
    check(assign_cases())


def test_the_endorsement_form_is_offered_exactly_to_those_the_core_accepts() -> None:
    # Given a closed text: someone who took part, someone who joined after the decision,
    # someone the moderator removed, a guest, a hub and the moderator; then the register
    # opened to everyone, with one endorsement given; and a text the chair did not close
    # When the phone asks whether to offer the form, and the core is given Endorse
    # Then the two agree in every case, the late joiner before the register opens included
    check(endorse_cases())
