"""The session report laid out as blocks, shaped like a meeting report: event information
and agenda, a summary per point, agreement and disagreement, participation, the decision and
the endorsements. Every figure comes from `facilitation.report.build_report`."""

from collections.abc import Sequence

from facilitation.report import Participation, PointSummary, Report

from .blocks import Block, Bullets, Document, Heading, Paragraph, Span, inline
from .report_agreement import agreement
from .report_figures import (
    decision_section,
    endorsements_section,
    participation_section,
    record_section,
)
from .wording import count, day_utc, listing, score


def report_document(
    report: Report, signing_key: str, acted: Sequence[Block] = ()
) -> Document:
    """`signing_key`: the fingerprint of the key this server signs archives with; `acted`:
    who acted for the session (server/exports/acted.py)."""
    blocks: list[Block] = [
        Heading(1, report.title),
        Paragraph(inline(Span("Report of the session", strong=True))),
        _standing(report),
        *_event_information(report),
        Heading(2, "Summary per point"),
        *(block for point in report.points for block in _point(point)),
        *agreement(report),
        *participation_section(report.participation),
        *decision_section(report.decision),
        *endorsements_section(report),
        *acted,
        *record_section(signing_key),
    ]
    return Document(title=report.title, blocks=tuple(blocks))


def _standing(report: Report) -> Paragraph:
    decision = report.decision
    if decision is None:
        where = "Draft: the chair has not decided yet; the figures are those of the moment."
    elif decision.kind == "closed":
        where = f"The chair closed the text on {day_utc(decision.decided_at_ms)}."
    else:
        where = (
            f"The chair did not close the text on {day_utc(decision.decided_at_ms)}: this "
            "report records where there is agreement and where there is not."
        )
    return Paragraph(inline(Span("Where the session stands: ", strong=True), where))


def attendance(participation: Participation) -> str:
    """attended by N people: X in the room, Y at H remote hubs, Z remote on their own, from
    C countries."""
    modes = participation.by_mode
    hubs = len(participation.hubs)
    sentence = (
        f"attended by {count(participation.total, 'person', 'people')}: "
        f"{modes.get('room', 0)} in the room, "
        f"{modes.get('hub', 0)} at {count(hubs, 'remote hub')}, "
        f"{modes.get('remote', 0)} remote on their own"
    )
    countries = len(participation.countries)
    if countries:
        sentence += f", from {count(countries, 'country', 'countries')}"
    return sentence


def _event_information(report: Report) -> list[Block]:
    return [
        Heading(2, "Event information and agenda"),
        Paragraph(
            inline(
                f"The session took place on {day_utc(report.created_at_ms)}. It was ",
                attendance(report.participation),
                ".",
            )
        ),
        Paragraph(inline("The meeting followed this agenda:")),
        Bullets(tuple(inline(item) for item in report.agenda)),
    ]


def _point(point: PointSummary) -> list[Block]:
    blocks: list[Block] = [
        Heading(3, f"Point {point.number}: {point.question}"),
        Paragraph(inline(f"On paragraph {point.paragraph} of the draft.")),
        Paragraph(inline(Span("Outcome of each group", strong=True))),
        Bullets(
            tuple(
                inline(f"{o.group}: ", o.choice, f" ({o.strength})" if o.strength else "")
                for o in point.outcomes
            )
            or (inline("No group has reached this point yet."),)
        ),
        Paragraph(inline(Span("Options and compromises, strongest first", strong=True))),
    ]
    if point.candidates:
        blocks.append(
            Bullets(
                tuple(
                    inline(
                        c.label,
                        f": score {score(c.score)}, backed in {c.groups} of "
                        f"{count(c.of_groups, 'group')}, by "
                        f"{count(len(c.stakeholder_groups), 'stakeholder group')}"
                        + (" (" if c.stakeholder_groups else ""),
                        listing(c.stakeholder_groups, ""),
                        ")" if c.stakeholder_groups else "",
                        *_near_tie(c.near_tie),
                    )
                    for c in point.candidates
                )
            )
        )
    else:
        blocks.append(Paragraph(inline("No group has recorded an outcome on this point.")))
    notes = [(o.group, o.notes) for o in point.outcomes if o.notes]
    if notes:
        spans: list[str | Span] = [Span("Key points raised: ", strong=True)]
        for index, (group, note) in enumerate(notes):
            spans += [f"{'; ' if index else ''}{group}: ", note]
        blocks.append(Paragraph(inline(*spans)))
    return blocks


def _near_tie(near_tie: bool) -> tuple[str | Span, ...]:
    return (" ", Span("near tie: the chair should look twice", mark=True)) if near_tie else ()
