"""The endorsement register as CSV, one row per endorsement, with a header row. Cells that a
spreadsheet would run as a formula are prefixed with a single quote."""

import csv
import io

from facilitation.state import SessionState

from .wording import iso_utc

MEDIA_TYPE = "text/csv; charset=utf-8"
HEADER = (
    "name",
    "organisation",
    "stakeholder group",
    "country",
    "endorsed at",
    "content hash",
    "present",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel, LibreOffice or Sheets read a cell as a formula (OWASP's list)."""
BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only when it opens with this mark


def guard(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def endorsement_csv(state: SessionState) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    endorsements = sorted(
        state.plenary.endorsements.values(), key=lambda e: (e.endorsed_at_ms, e.endorsement_id)
    )
    for e in endorsements:
        writer.writerow(
            guard(cell)
            for cell in (
                e.name,
                e.organisation,
                e.stakeholder_group,
                e.country,
                iso_utc(e.endorsed_at_ms),
                e.content_hash,
                "yes" if e.participant_id is not None else "no",
            )
        )
    return BOM + out.getvalue()
