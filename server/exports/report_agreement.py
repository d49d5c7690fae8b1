"""The report's "Agreement and disagreement": per paragraph (the finding, the tallies by
stakeholder group, objections with their reasons, who stayed silent) and per stakeholder
group (which paragraphs it supported, could live with, objected to)."""

from facilitation.consensus import Objection, Tally
from facilitation.report import ParagraphFinding, Report

from .blocks import Block, Bullets, Heading, Numbered, Paragraph, Span, Table, inline
from .wording import count, listing

FINDINGS = {
    "agreement": "agreement",
    "disagreement": "disagreement",
    "no_reactions": "no reactions yet",
}
REACTION_HEADERS = ("Support", "Can live with", "Object")


def agreement(report: Report) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, "Agreement and disagreement"),
        Paragraph(
            inline(
                "Reactions count people: a hub's reaction counts the people at the hub. Only "
                "reactions to a paragraph's current wording count."
            )
        ),
        Heading(3, "By paragraph"),
    ]
    for finding in report.paragraphs:
        blocks += _paragraph(finding)
    blocks += [Heading(3, "By stakeholder group"), _stances(report)]
    return blocks


def _tally(tally: Tally) -> tuple[str, ...]:
    return (str(tally["support"]), str(tally["live_with"]), str(tally["object"]))


def _paragraph(finding: ParagraphFinding) -> list[Block]:
    review = finding.review
    label = FINDINGS.get(finding.finding, finding.finding)
    blocks: list[Block] = [
        Heading(4, f"Paragraph {finding.paragraph}: {label}"),
        Numbered(finding.paragraph, finding.text, review.changed),
    ]
    if review.revision == 0:
        blocks.append(Paragraph(inline("Kept the draft: not put to the room for reactions.")))
        return blocks
    support, live_with, objected = _tally(review.totals)
    blocks.append(
        Paragraph(inline(f"Support {support}, can live with {live_with}, object {objected}."))
    )
    if review.by_stakeholder_group:
        blocks.append(
            Table(
                ("Stakeholder group", *REACTION_HEADERS),
                tuple((g, *_tally(t)) for g, t in review.by_stakeholder_group.items()),
            )
        )
    if review.objections:
        blocks += [
            Paragraph(
                inline(
                    Span("Objections", strong=True),
                    f" ({review.open_objections} open):",
                )
            ),
            Bullets(tuple(_objection(o) for o in review.objections)),
        ]
    silent = review.silent_stakeholder_groups
    blocks.append(
        Paragraph(
            inline("Stakeholder groups present that did not react: ", listing(silent), ".")
            if silent
            else inline("Every stakeholder group present reacted.")
        )
    )
    if review.earlier_reactions:
        blocks.append(
            Paragraph(
                inline(
                    f"{count(review.earlier_reactions, 'reaction')} to an earlier wording "
                    "no longer count."
                )
            )
        )
    return blocks


def _objection(objection: Objection) -> tuple[Span, ...]:
    who = [objection.stakeholder_group]
    if objection.hub_name:
        who.append(objection.hub_name)
    if objection.head_count > 1:
        who.append(f"for {count(objection.head_count, 'person', 'people')}")
    return inline(
        objection.name or "Someone",
        " (",
        ", ".join(who),
        "): ",
        objection.reason,
        " ",
        Span("addressed" if objection.addressed else "open", mark=True),
    )


def _stances(report: Report) -> Table:
    def numbers(paragraphs: tuple[int, ...]) -> str:
        return ", ".join(str(n) for n in paragraphs) or "-"

    return Table(
        ("Stakeholder group", "Supported", "Could live with", "Objected to"),
        tuple(
            (s.stakeholder_group, numbers(s.supported), numbers(s.lived_with), numbers(s.objected))
            for s in report.stakeholder_stances
        ),
    )
