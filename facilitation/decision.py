"""Rules of the chair's decision and the endorsement register."""

import hashlib
import json

from . import commands as cmd
from . import events as ev
from .context import Context
from .errors import Duplicate, Forbidden, Invalid, NotFound, WrongPhase
from .model import Decision, Endorsement
from .state import SessionState
from .vocabulary import DecisionKind


def content_hash(paragraphs: tuple[str, ...]) -> str:
    """A stable fingerprint of the final text, that endorsements are bound to."""
    canonical = json.dumps(list(paragraphs), ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def _decision(state: SessionState, kind: DecisionKind, note: str, now_ms: int) -> Decision:
    if state.phase != "finished":
        raise WrongPhase("The chair decides once the rotation is over and the composite is ready.")
    if state.plenary.decision is not None:
        raise WrongPhase("The chair has already decided.")
    paragraphs = state.composite_text()
    return Decision(
        kind=kind,
        composite_version=state.plenary.composite_version,
        paragraphs=paragraphs,
        content_hash=content_hash(paragraphs),
        note=note,
        decided_at_ms=now_ms,
    )


def close_text(state: SessionState, _: cmd.CloseText, context: Context) -> list[ev.Event]:
    decision = _decision(state, "closed", "", context.now_ms)
    if not state.plenary.composite:
        raise Invalid("Compose at least one paragraph before closing the text.")
    return [ev.TextClosed(decision=decision)]


def decline_to_close(
    state: SessionState, command: cmd.DeclineToClose, context: Context
) -> list[ev.Event]:
    return [ev.TextNotClosed(decision=_decision(state, "not_closed", command.note, context.now_ms))]


def open_register(state: SessionState, _: cmd.OpenRegister, __: Context) -> list[ev.Event]:
    decision = state.plenary.decision
    if decision is None or decision.kind != "closed":
        raise WrongPhase("The register opens once the text is closed.")
    if state.plenary.register == "everyone":
        return []
    return [ev.RegisterOpened(open_to="everyone")]


def _same_person(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def endorse(state: SessionState, command: cmd.Endorse, context: Context) -> list[ev.Event]:
    decision = state.plenary.decision
    if decision is None or decision.kind != "closed":
        raise WrongPhase("Endorsements open once the chair has closed the text.")
    participant_id = context.actor.participant_id if context.actor.role == "participant" else None
    participant = state.participants.get(participant_id or "")
    if participant_id is not None and participant is None:
        raise NotFound("This participant is not in the session.")
    # Those present are those who took part before the chair decided; anyone else waits
    # until the moderator opens the register to everyone with the link.
    present = participant is not None and participant.joined_at_ms <= decision.decided_at_ms
    if not present and state.plenary.register != "everyone":
        raise Forbidden("The register is open to those who took part only, for now.")
    if command.stakeholder_group not in state.stakeholder_groups:
        choices = ", ".join(state.stakeholder_groups)
        raise Invalid(f"Choose one of the stakeholder groups: {choices}.", "stakeholder_group")
    for other in state.plenary.endorsements.values():
        if participant_id is not None and other.participant_id == participant_id:
            raise Duplicate("You have already endorsed this text.")
        if _same_person(other.name, command.name) and _same_person(
            other.organisation, command.organisation
        ):
            raise Duplicate("Someone of this name and organisation has already endorsed.", "name")
    endorsement = Endorsement(
        endorsement_id=context.new_id,
        participant_id=participant_id,
        name=command.name,
        organisation=command.organisation,
        stakeholder_group=command.stakeholder_group,
        country=command.country,
        content_hash=decision.content_hash,
        endorsed_at_ms=context.now_ms,
    )
    return [ev.EndorsementGiven(endorsement=endorsement)]


def withdraw_endorsement(
    state: SessionState, command: cmd.WithdrawEndorsement, context: Context
) -> list[ev.Event]:
    endorsement = state.plenary.endorsements.get(command.endorsement_id)
    if endorsement is None:
        raise NotFound("There is no such endorsement.", "endorsement_id")
    actor = context.actor
    mine = actor.participant_id is not None and (
        endorsement.participant_id == actor.participant_id
        if actor.role == "participant"
        else endorsement.endorsement_id == actor.participant_id
    )
    if not mine:
        raise Forbidden("Only the endorser can withdraw an endorsement.")
    return [
        ev.EndorsementWithdrawn(
            endorsement_id=command.endorsement_id,
            endorser_id=endorsement.participant_id or endorsement.endorsement_id,
        )
    ]
