"""The report's figures: participation tables, the decision, endorsements by stakeholder
group."""

from collections.abc import Mapping

from facilitation.model import Decision
from facilitation.report import UNRECORDED, Participation, Report

from .blocks import Block, Heading, Paragraph, Span, Table, inline
from .wording import count, listing, moment_utc

MODES = {"room": "In the room", "hub": "At a remote hub", "remote": "Remote on their own"}


def _counts(header: str, figures: Mapping[str, int], total_label: str = "") -> Table:
    rows = tuple((name, str(n)) for name, n in figures.items())
    if total_label:
        rows += ((total_label, str(sum(figures.values()))),)
    return Table((header, "Participants"), rows)


def participation_section(participation: Participation) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, "Participation"),
        Paragraph(
            inline(
                f"{count(participation.total, 'person', 'people')} took part: "
                f"{count(participation.people, 'person', 'people')} joined on their own, and "
                f"{participation.hub_block} more at registered remote hubs."
            )
        ),
        Paragraph(
            inline(
                "How these figures are counted: everyone once. A person who joined counts one. "
                "A registered hub counts its head count, as its operator last gave it (never "
                "more than the moderator registered); the people who also joined on their "
                "own saying they were at that hub are part of it, counted once, with their "
                "own details. The hubs' other people are known only as a number: their "
                f"stakeholder groups and regions are shown as “{UNRECORDED}”."
            )
        ),
        Heading(3, "By stakeholder group"),
        _counts("Stakeholder group", participation.by_stakeholder_group, "Total"),
        Heading(3, "In the room, at hubs and remote"),
        _counts("Mode", {MODES.get(m, m): n for m, n in participation.by_mode.items()}, "Total"),
        Heading(3, "Remote hubs"),
    ]
    if participation.hubs:
        blocks.append(_counts("Hub", participation.hubs))
    else:
        blocks.append(Paragraph(inline("No remote hub took part.")))
    countries = participation.countries
    blocks += [
        Heading(3, "Countries"),
        Paragraph(
            inline(
                f"{count(len(countries), 'country', 'countries')}: ",
                listing(countries, "none given"),
                ".",
            )
        ),
        Heading(3, "Regions"),
        _counts("Region", participation.regions, "Total"),
    ]
    left_out = [
        (participation.removed, "removed by the moderator"),
        (participation.merged, "merged into another record of the same person"),
        (participation.turned_away, "not let in from the waiting list"),
    ]
    if any(n for n, _ in left_out):
        blocks += [
            Heading(3, "Not counted"),
            Paragraph(
                inline(
                    "; ".join(f"{count(n, 'record')} {why}" for n, why in left_out if n)
                    + ". What they did stays in the session's log, but counts nowhere."
                )
            ),
        ]
    return blocks


def decision_section(decision: Decision | None) -> list[Block]:
    heading = Heading(2, "Decision")
    if decision is None:
        return [heading, Paragraph(inline("The chair has not decided yet."))]
    fingerprint = Paragraph(
        inline(
            f"Composite version {decision.composite_version}, content hash ",
            Span(decision.content_hash, code=True),
            ".",
        )
    )
    when = moment_utc(decision.decided_at_ms)
    if decision.kind == "closed":
        blocks: list[Block] = [
            heading,
            Paragraph(inline(Span(f"The chair closed the text on {when}.", strong=True))),
            fingerprint,
        ]
    else:
        blocks = [
            heading,
            Paragraph(
                inline(
                    Span(f"The chair did not close the text on {when}.", strong=True),
                    " This report of agreement and disagreement stands in its place.",
                )
            ),
            fingerprint,
        ]
    if decision.note:
        blocks.append(Paragraph(inline("The chair's note: ", decision.note)))
    return blocks


def endorsements_section(report: Report) -> list[Block]:
    heading = Heading(2, "Endorsements")
    by_group = report.endorsements_by_stakeholder_group
    if report.decision is None or report.decision.kind != "closed":
        return [heading, Paragraph(inline("The register opens once the chair closes the text."))]
    if not by_group:
        return [heading, Paragraph(inline("No endorsements yet."))]
    total = sum(by_group.values())
    return [
        heading,
        Paragraph(inline(f"{count(total, 'endorsement')} of the closed text.")),
        Table(
            ("Stakeholder group", "Endorsements"),
            tuple((g, str(n)) for g, n in by_group.items()) + (("Total", str(total)),),
        ),
    ]


def record_section(signing_key: str) -> list[Block]:
    """How a reader checks that the record behind this report is the one the server kept."""
    return [
        Heading(2, "The record"),
        Paragraph(
            inline(
                "Every change in this session is an event in a hash-chained log. Its archive "
                "(archive.json) is signed by this server's Ed25519 key, fingerprint ",
                Span(signing_key, code=True),
                ", also published at /api/signing-key. Anyone can check the archive, its "
                "draw, its scores and the closed text's hash with ",
                Span("roundtable verify ARCHIVE.json", code=True),
                " (docs/record.md).",
            )
        ),
    ]
