"""The plenary part of a session's state: the composite text as it forms, reactions to it,
the chair's decision and the endorsement register. Folded by `evolve_plenary`."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import singledispatch

from . import events as ev
from .model import CompositeParagraph, Decision, Endorsement, ReactionRecord
from .vocabulary import Register

PLENARY_EVENTS = (
    ev.ParagraphComposed,
    ev.ReactionGiven,
    ev.ObjectionAddressed,
    ev.TextClosed,
    ev.TextNotClosed,
    ev.RegisterOpened,
    ev.EndorsementGiven,
    ev.EndorsementWithdrawn,
)


@dataclass(frozen=True)
class Plenary:
    composite: Mapping[int, CompositeParagraph] = field(default_factory=dict)
    """paragraph number -> its composite wording; a paragraph not here keeps the draft."""
    composite_version: int = 0
    reactions: Mapping[int, Mapping[str, ReactionRecord]] = field(default_factory=dict)
    """paragraph number -> participant id -> their latest reaction."""
    addressed: frozenset[tuple[int, str]] = frozenset()
    """(paragraph, participant id) of objections the chair marked addressed."""
    decision: Decision | None = None
    register: Register = "closed"
    endorsements: Mapping[str, Endorsement] = field(default_factory=dict)


@singledispatch
def evolve_plenary(event: ev.Event, plenary: Plenary) -> Plenary:
    return plenary


@evolve_plenary.register
def _(event: ev.ParagraphComposed, plenary: Plenary) -> Plenary:
    entry = event.entry
    return replace(
        plenary,
        composite={**plenary.composite, entry.paragraph: entry},
        composite_version=event.composite_version,
    )


@evolve_plenary.register
def _(event: ev.ReactionGiven, plenary: Plenary) -> Plenary:
    reaction = event.reaction
    on_paragraph = {
        **plenary.reactions.get(reaction.paragraph, {}),
        reaction.participant_id: reaction,
    }
    # A new reaction is a new objection, or none: an earlier "addressed" mark does not carry over.
    addressed = plenary.addressed - {(reaction.paragraph, reaction.participant_id)}
    return replace(
        plenary,
        reactions={**plenary.reactions, reaction.paragraph: on_paragraph},
        addressed=addressed,
    )


@evolve_plenary.register
def _(event: ev.ObjectionAddressed, plenary: Plenary) -> Plenary:
    key = (event.paragraph, event.participant_id)
    addressed = plenary.addressed | {key} if event.addressed else plenary.addressed - {key}
    return replace(plenary, addressed=addressed)


@evolve_plenary.register
def _(event: ev.TextClosed, plenary: Plenary) -> Plenary:
    return replace(plenary, decision=event.decision, register="present")


@evolve_plenary.register
def _(event: ev.TextNotClosed, plenary: Plenary) -> Plenary:
    return replace(plenary, decision=event.decision)


@evolve_plenary.register
def _(event: ev.RegisterOpened, plenary: Plenary) -> Plenary:
    return replace(plenary, register=event.open_to)


@evolve_plenary.register
def _(event: ev.EndorsementGiven, plenary: Plenary) -> Plenary:
    endorsement = event.endorsement
    return replace(
        plenary, endorsements={**plenary.endorsements, endorsement.endorsement_id: endorsement}
    )


@evolve_plenary.register
def _(event: ev.EndorsementWithdrawn, plenary: Plenary) -> Plenary:
    remaining = {k: v for k, v in plenary.endorsements.items() if k != event.endorsement_id}
    return replace(plenary, endorsements=remaining)
