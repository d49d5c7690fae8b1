"""The chair's view of the plenary review, paragraph by paragraph. It never declares
consensus: it lays out who reacted how, by stakeholder group, so the chair can judge."""

from collections.abc import Mapping
from dataclasses import dataclass

from .model import ReactionRecord
from .state import SessionState
from .vocabulary import REACTIONS, Reaction

Tally = Mapping[Reaction, int]


@dataclass(frozen=True)
class Objection:
    participant_id: str
    name: str
    stakeholder_group: str
    hub_name: str
    head_count: int
    reason: str
    addressed: bool


@dataclass(frozen=True)
class ParagraphReview:
    paragraph: int
    text: str
    draft: str
    revision: int
    """0 while the paragraph keeps the draft and nobody can react to it yet."""
    changed: bool
    totals: Tally
    """People per reaction to the current wording; a hub counts its head count."""
    by_stakeholder_group: Mapping[str, Tally]
    objections: tuple[Objection, ...]
    silent_stakeholder_groups: tuple[str, ...]
    """Stakeholder groups present in the session with no reaction to the current wording."""
    earlier_reactions: int
    """Reactions to an earlier wording: they no longer count until given again."""

    @property
    def open_objections(self) -> int:
        return sum(1 for o in self.objections if not o.addressed)


def _empty() -> dict[Reaction, int]:
    return {r: 0 for r in REACTIONS}


def review(state: SessionState) -> tuple[ParagraphReview, ...]:
    present = sorted({p.stakeholder_group for p in state.participants.values()})
    return tuple(
        _review_paragraph(state, number, draft, present)
        for number, draft in enumerate(state.paragraphs, start=1)
    )


def _review_paragraph(
    state: SessionState, number: int, draft: str, present: list[str]
) -> ParagraphReview:
    entry = state.plenary.composite.get(number)
    revision = entry.revision if entry else 0
    reactions = state.plenary.reactions.get(number, {})
    current = [r for r in reactions.values() if r.revision == revision]
    totals = _empty()
    by_group: dict[str, dict[Reaction, int]] = {}
    for reaction in current:
        group = _stakeholder_group(state, reaction)
        totals[reaction.reaction] += reaction.head_count
        by_group.setdefault(group, _empty())[reaction.reaction] += reaction.head_count
    objections = tuple(
        _objection(state, number, r)
        for r in sorted(current, key=lambda r: r.participant_id)
        if r.reaction == "object"
    )
    return ParagraphReview(
        paragraph=number,
        text=entry.text if entry else draft,
        draft=draft,
        revision=revision,
        changed=entry is not None and entry.text != draft,
        totals=totals,
        by_stakeholder_group={g: by_group[g] for g in sorted(by_group)},
        objections=objections,
        silent_stakeholder_groups=tuple(g for g in present if g not in by_group),
        earlier_reactions=len(reactions) - len(current),
    )


HUBS_LABEL = "Remote hubs"
"""Registered hubs speak as blocks of mixed people: their reactions are tallied together."""


def _stakeholder_group(state: SessionState, reaction: ReactionRecord) -> str:
    participant = state.participants.get(reaction.participant_id)
    if participant is not None:
        return participant.stakeholder_group
    return HUBS_LABEL if reaction.participant_id in state.remote.hubs else "unknown"


def _objection(state: SessionState, number: int, reaction: ReactionRecord) -> Objection:
    participant = state.participants.get(reaction.participant_id)
    hub = state.remote.hubs.get(reaction.participant_id)
    return Objection(
        participant_id=reaction.participant_id,
        name=participant.name if participant else (hub.name if hub else ""),
        stakeholder_group=_stakeholder_group(state, reaction),
        hub_name=participant.hub_name if participant else (hub.name if hub else ""),
        head_count=reaction.head_count,
        reason=reaction.reason,
        addressed=(number, reaction.participant_id) in state.plenary.addressed,
    )
