"""Rules of the composite text: the moderator composes it paragraph by paragraph, each choice
with its provenance; the room and the hubs react to each paragraph; the chair marks
objections addressed."""

from . import commands as cmd
from . import events as ev
from .context import Context
from .errors import Invalid, NotFound, WrongPhase
from .model import Backer, CompositeParagraph, Point, Provenance, ReactionRecord
from .ranking import Candidate, rank_point
from .state import SessionState
from .vocabulary import COMPROMISE, CompositeSource


def _open_for_composite(state: SessionState) -> None:
    if state.plenary.decision is not None:
        raise WrongPhase("The chair has decided: the composite text can no longer change.")
    if state.phase != "finished":
        raise WrongPhase("The composite is assembled once the rotation is over.")


def compose_paragraph(
    state: SessionState, command: cmd.ComposeParagraph, _: Context
) -> list[ev.Event]:
    _open_for_composite(state)
    if command.paragraph > len(state.paragraphs):
        raise NotFound(f"The draft has {len(state.paragraphs)} paragraphs.", "paragraph")
    text, provenance = _wording(state, command)
    text = text.strip()
    if not text:
        raise Invalid("The paragraph needs some text.", "text")
    current = state.plenary.composite.get(command.paragraph)
    if current is not None and current.text == text and current.provenance == provenance:
        return []
    entry = CompositeParagraph(
        paragraph=command.paragraph,
        text=text,
        provenance=provenance,
        revision=current.revision + 1 if current else 1,
    )
    return [
        ev.ParagraphComposed(entry=entry, composite_version=state.plenary.composite_version + 1)
    ]


def _wording(state: SessionState, command: cmd.ComposeParagraph) -> tuple[str, Provenance]:
    """The words and where they come from, decided here from the words themselves: the page
    says what the chair started from, never what the result is."""
    started, start_text = _start(state, command)
    text = (command.text if command.text is not None else start_text or "").strip()
    if start_text is not None and text == start_text.strip():
        return text, started
    same = _candidate_with_text(state, command.paragraph, text)
    if same is not None:
        return text, same
    # New wording. What it was edited from keeps its backers, shown apart from the edit.
    edited_from = started.source if started.source != "custom" else None
    return text, started.model_copy(update={"source": "custom", "edited_from": edited_from})


def _start(state: SessionState, command: cmd.ComposeParagraph) -> tuple[Provenance, str | None]:
    """The candidate the chair started from, and its words (None for a blank page)."""
    if command.source == "draft":
        return Provenance(source="draft"), state.paragraphs[command.paragraph - 1]
    if command.source == "custom":
        if not command.text:
            raise Invalid("Write the new wording.", "text")
        point_id = _settled_point(state, command).point_id if command.point_id else None
        return Provenance(source="custom", point_id=point_id), None
    point = _settled_point(state, command)
    if command.source == "option":
        key = command.option_id or ""
        field = "option_id"
    else:
        key = f"{COMPROMISE}:{command.group_id}"
        field = "group_id"
    candidate = next((c for c in rank_point(state, point.point_id) if c.key == key), None)
    if candidate is None:
        what = "option" if command.source == "option" else "group compromise"
        raise NotFound(f"No such {what} on this point.", field)
    return _provenance(command.source, point.point_id, candidate), candidate.label


def _candidate_with_text(state: SessionState, paragraph: int, text: str) -> Provenance | None:
    """The draft, an option or a group's compromise on this paragraph whose words these are."""
    if text == state.paragraphs[paragraph - 1].strip():
        return Provenance(source="draft")
    for point in (p for p in state.points if p.paragraph == paragraph):
        for candidate in rank_point(state, point.point_id):
            if candidate.label.strip() == text:
                source: CompositeSource = "option" if candidate.option_id else "compromise"
                return _provenance(source, point.point_id, candidate)
    return None


def _settled_point(state: SessionState, command: cmd.ComposeParagraph) -> Point:
    point = state.point(command.point_id or "")
    if point is None:
        raise NotFound("Say which point of disagreement this choice settles.", "point_id")
    if point.paragraph != command.paragraph:
        raise Invalid(f"That point is about paragraph {point.paragraph}.", "point_id")
    return point


def _provenance(source: CompositeSource, point_id: str, candidate: Candidate) -> Provenance:
    return Provenance(
        source=source,
        point_id=point_id,
        option_id=candidate.option_id,
        group_id=candidate.group_id,
        backers=tuple(
            Backer(group_id=b.group_id, round=b.round, strength=b.strength, share=round(b.share, 4))
            for b in candidate.backings
        ),
        score=candidate.score,
        stakeholder_groups=candidate.stakeholder_groups,
    )


def react(state: SessionState, command: cmd.React, context: Context) -> list[ev.Event]:
    _open_for_composite(state)
    who = context.actor.participant_id or ""
    participant = state.participants.get(who)
    hub = state.remote.hubs.get(who) if context.actor.role == "hub" else None
    if participant is None and hub is None:
        raise NotFound("This participant is not in the session.")
    entry = state.plenary.composite.get(command.paragraph)
    if entry is None:
        raise NotFound(f"Paragraph {command.paragraph} is not in the composite yet.", "paragraph")
    reason = command.reason.strip()
    if command.reaction == "object" and not reason:
        raise Invalid("Say briefly why you object.", "reason")
    # Only a registered hub speaks for its people, and for no more than it registered; a
    # person who joined "at a hub" on their own counts as one, like everybody else.
    if hub is not None:
        head_count = command.head_count or max(hub.head_count, 1)
        if head_count > max(hub.head_count, 1):
            raise Invalid(
                f"The hub's head count is {hub.head_count}: react for that many at most.",
                "head_count",
            )
    elif command.head_count not in (None, 1):
        raise Invalid("Only a registered hub reacts for more than one person.", "head_count")
    else:
        head_count = 1
    record = ReactionRecord(
        participant_id=who,
        paragraph=command.paragraph,
        revision=entry.revision,
        reaction=command.reaction,
        reason=reason if command.reaction == "object" else "",
        head_count=head_count,
    )
    if state.plenary.reactions.get(command.paragraph, {}).get(who) == record:
        return []
    return [ev.ReactionGiven(reaction=record)]


def address_objection(
    state: SessionState, command: cmd.AddressObjection, _: Context
) -> list[ev.Event]:
    _open_for_composite(state)
    reaction = state.plenary.reactions.get(command.paragraph, {}).get(command.participant_id)
    entry = state.plenary.composite.get(command.paragraph)
    current = entry is not None and reaction is not None and reaction.revision == entry.revision
    if reaction is None or reaction.reaction != "object" or not current:
        raise NotFound("There is no such objection to the current wording.", "participant_id")
    key = (command.paragraph, command.participant_id)
    if (key in state.plenary.addressed) == command.addressed:
        return []
    return [
        ev.ObjectionAddressed(
            paragraph=command.paragraph,
            participant_id=command.participant_id,
            addressed=command.addressed,
        )
    ]
