"""The composite text laid out as blocks: title, where it stands, the numbered paragraphs with
the changed ones marked, and the provenance appendix (where each paragraph's wording came from
and which groups backed it, how strongly)."""

from facilitation.model import CompositeParagraph, Decision, Provenance
from facilitation.state import SessionState

from .blocks import Block, Bullets, Document, Heading, Numbered, Paragraph, Span, Table, inline
from .wording import listing, moment_utc, score, share


def composite_document(state: SessionState) -> Document:
    decision = state.plenary.decision
    text = decision.paragraphs if decision is not None else state.composite_text()
    blocks: list[Block] = [
        Heading(1, state.title),
        Paragraph(inline(Span("Composite text", strong=True))),
        *_status(state, decision),
        Heading(2, "Text"),
        *(
            Numbered(n, paragraph, changed=_changed(state, n, paragraph))
            for n, paragraph in enumerate(text, start=1)
        ),
        Heading(2, "Provenance appendix"),
        Paragraph(
            inline(
                "For each paragraph: where its wording comes from, the breakout groups that "
                "backed it (round, strength of their agreement, share of the group behind it), "
                "its score, and the stakeholder groups behind it."
            )
        ),
    ]
    for n in range(1, len(text) + 1):
        blocks += _provenance(state, n, state.plenary.composite.get(n))
    return Document(title=state.title, blocks=tuple(blocks))


def _changed(state: SessionState, number: int, text: str) -> bool:
    return number <= len(state.paragraphs) and text != state.paragraphs[number - 1]


def _status(state: SessionState, decision: Decision | None) -> list[Block]:
    version = state.plenary.composite_version
    if decision is None:
        return [
            Paragraph(
                inline(
                    Span("Status: draft composite.", strong=True),
                    f" The chair has not decided yet (composite version {version}); "
                    "this text may still change.",
                )
            )
        ]
    fingerprint = inline("Content hash: ", Span(decision.content_hash, code=True))
    if decision.kind == "closed":
        return [
            Paragraph(
                inline(
                    Span(f"Status: closed on {moment_utc(decision.decided_at_ms)}.", strong=True),
                    " This is the final text; endorsements are bound to its content hash.",
                )
            ),
            Paragraph(fingerprint),
        ]
    blocks: list[Block] = [
        Paragraph(
            inline(
                Span("Status: not closed.", strong=True),
                f" On {moment_utc(decision.decided_at_ms)} the chair did not close the text: "
                "the session issues a report of agreement and disagreement instead. "
                "The text below is the composite as it stood.",
            )
        ),
        Paragraph(fingerprint),
    ]
    if decision.note:
        blocks.append(Paragraph(inline("The chair's note: ", decision.note)))
    return blocks


def _provenance(state: SessionState, number: int, entry: CompositeParagraph | None) -> list[Block]:
    heading = Heading(3, f"Paragraph {number}")
    if entry is None:
        return [heading, Bullets((inline("Source: kept the draft (not composed)."),))]
    provenance = entry.provenance
    facts = [
        inline("Source: ", source_of(state, provenance), "."),
        inline(f"Score: {score(provenance.score)}."),
        inline(
            "Stakeholder groups behind it: ",
            listing(provenance.stakeholder_groups, "none recorded"),
            ".",
        ),
        inline(f"Wording revision {entry.revision}."),
    ]
    blocks: list[Block] = [heading, Bullets(tuple(facts))]
    if provenance.backers:
        blocks.append(
            Table(
                ("Backing group", "Round", "Strength", "Share of the group"),
                tuple(
                    (
                        group_name(state, b.group_id),
                        str(b.round),
                        b.strength.replace("_", " "),
                        share(b.share),
                    )
                    for b in provenance.backers
                ),
            )
        )
    else:
        blocks.append(Paragraph(inline("No breakout group backed this wording.")))
    return blocks


def group_name(state: SessionState, group_id: str | None) -> str:
    group = state.groups.get(group_id or "")
    if group is None:
        return f"group {group_id}"
    return f"Group {group.number}" + (f" ({group.label})" if group.label else "")


def source_of(state: SessionState, provenance: Provenance) -> str:
    """kept the draft / option X of point N / compromise of group G / new wording."""
    numbers = {p.point_id: n for n, p in enumerate(state.points, start=1)}
    point = state.point(provenance.point_id or "")
    on_point = f"point {numbers[point.point_id]}" if point is not None else "a point"
    if provenance.source == "draft":
        return "kept the draft"
    if provenance.source == "custom":
        return "new wording" + (f", settling {on_point}" if point is not None else "")
    if provenance.source == "option":
        labels = {o.option_id: o.label for o in point.options} if point is not None else {}
        option = provenance.option_id or "?"
        label = labels.get(option)
        return f"option {option}" + (f" ({label})" if label else "") + f" of {on_point}"
    return f"compromise of {group_name(state, provenance.group_id)} on {on_point}"
