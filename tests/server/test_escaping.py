"""Script and markup typed into any text field of a session stay text in every export: the
HTML exports hold them escaped only, Markdown and DOCX hold them as text, and the CSV
register holds them as plain cells with formulas defused."""

import csv
import io
import re
from dataclasses import replace
from html.parser import HTMLParser

from tests.server.test_exports import (
    ALL_EXPORTS,
    Attendee,
    Download,
    Texts,
    docx_text,
    html_text,
    http,
    markdown_text,
    run_session,
)
from tests.support.live_server import LiveServer

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
BREAKOUT = '"><b>x</b>'
PAYLOADS = (SCRIPT, IMAGE, BREAKOUT)

HOSTILE = Texts(
    title=f"{SCRIPT} Breakout {BREAKOUT}",
    draft=(
        f"Draft one {IMAGE}",
        f"Draft two {SCRIPT}",
        f"Draft three {BREAKOUT}",
        f"Kept as drafted {IMAGE}\n# not a heading",
    ),
    questions=(f"Question {SCRIPT}?", f"Question {IMAGE}?"),
    options=((f"Yes {BREAKOUT}", f"No {SCRIPT}"), (f"Equal {IMAGE}", f"Roles {BREAKOUT}")),
    stakeholder_groups=("Civil society", "Government", f"{BREAKOUT} sector"),
    people=(
        Attendee(f"Ana {SCRIPT}", f"Org {IMAGE}", "Civil society", "room", "Kenya"),
        Attendee(f"Ben {IMAGE}", f"Org {BREAKOUT}", "Government", "room", f"Land {SCRIPT}"),
        Attendee(f"Chen {BREAKOUT}", "Example", f"{BREAKOUT} sector", "room", "Japan"),
        Attendee(
            f"Eli {SCRIPT}", "Agency", "Government", "remote", "USA", region=f"Region {IMAGE}"
        ),
        Attendee(
            f"Fay {IMAGE}", "Network", "Civil society", "hub", "Kenya", hub_name=f"Hub {SCRIPT}"
        ),
    ),
    group_label=f"Window {IMAGE}",
    compromise=f"Compromise {SCRIPT}",
    notes=(f"Note {IMAGE}", f"Note {BREAKOUT}"),
    custom=f"Custom {SCRIPT} {BREAKOUT}",
    objection=f"Reason {IMAGE}",
    guest=('=HYPERLINK("http://evil.example","x")', "@SUM(1+1)", "+44 -London"),
)
"""Every text field of a session, each carrying script or markup."""

COMPOSITE_FIELDS = (
    HOSTILE.title,
    HOSTILE.options[0][0],  # paragraph 1 is option a of point 1
    HOSTILE.compromise,
    HOSTILE.custom,
    "Kept as drafted " + IMAGE,
    HOSTILE.group_label,
    HOSTILE.stakeholder_groups[2],
)
REPORT_FIELDS = (
    HOSTILE.title,
    *HOSTILE.questions,
    HOSTILE.options[0][0],
    HOSTILE.options[1][1],  # the remote group's pick on point 2
    HOSTILE.compromise,
    HOSTILE.custom,
    *HOSTILE.notes,
    HOSTILE.group_label,
    HOSTILE.objection,
    HOSTILE.people[0].name,  # the objector
    HOSTILE.people[1].country,
    HOSTILE.people[3].region,
    HOSTILE.people[4].hub_name,
    HOSTILE.stakeholder_groups[2],
)
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main",
    "h1", "h2", "h3", "h4", "p", "ul", "li", "strong", "code", "span",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"lang", "charset", "name", "content", "class", "scope"}


class Markup(HTMLParser):
    """Every element and attribute a browser would build from the document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}


def assert_only_escaped(export: str, html: str, fields: tuple[str, ...]) -> None:
    markup = Markup()
    markup.feed(html)
    # No element or attribute comes from user text: only the exporter's own markup,
    assert markup.tags <= ALLOWED_TAGS, (export, markup.tags - ALLOWED_TAGS)
    assert markup.attributes <= ALLOWED_ATTRIBUTES, (export, markup.attributes)
    for raw in ("<script", "<img", "<b>"):
        assert raw not in html.lower(), (export, raw)
    # and every payload is there, escaped, and reads as typed.
    for payload in PAYLOADS:
        assert (
            payload.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&quot;")
            in html
        ), (export, payload)
    shown = html_text(html)
    for value in fields:
        assert " ".join(value.split()) in shown, (export, value)


def assert_as_text(export: str, markdown: str, fields: tuple[str, ...]) -> None:
    # Markdown holds no raw markup a renderer would pass through, nor a forged heading,
    unescaped = re.findall(r"(?<!\\)<(?:script|img|b>)", markdown)
    assert not unescaped, (export, unescaped)
    assert "\n# not a heading" not in markdown
    # and, escapes taken off, every field reads as typed.
    shown = " ".join(markdown_text(markdown).split())
    for value in fields:
        assert " ".join(value.split()) in shown, (export, value)


async def download_all(server: LiveServer, texts: Texts) -> dict[str, Download]:
    ran = await run_session(server, texts)
    async with http(server) as client:
        downloads = {
            e: await client.get(ran.session_id, e, ran.moderator_token) for e in ALL_EXPORTS
        }
    for export, download in downloads.items():
        assert download.status == 200, (export, download.body[:300])
    return downloads


async def test_markup_in_every_field_stays_text_in_every_export(server: LiveServer) -> None:
    # Given a whole session in which every text field carries script or markup,
    downloads = await download_all(server, HOSTILE)

    # Then the HTML exports contain it only escaped,
    assert_only_escaped("composite.html", downloads["composite.html"].text, COMPOSITE_FIELDS)
    assert_only_escaped("report.html", downloads["report.html"].text, REPORT_FIELDS)
    # the Markdown and Word exports contain it as text,
    assert_as_text("composite.md", downloads["composite.md"].text, COMPOSITE_FIELDS)
    assert_as_text("report.md", downloads["report.md"].text, REPORT_FIELDS)
    for export, fields in (("composite.docx", COMPOSITE_FIELDS), ("report.docx", REPORT_FIELDS)):
        shown = " ".join(docx_text(downloads[export].body).split())
        for value in fields:
            assert " ".join(value.split()) in shown, (export, value)

    # and the register holds the endorsers' fields as typed, formulas defused by a quote.
    rows = list(csv.reader(io.StringIO(downloads["endorsements.csv"].body.decode("utf-8-sig"))))
    ana, ben = HOSTILE.people[0], HOSTILE.people[1]
    assert sorted(tuple(r[:4]) for r in rows[1:]) == sorted(
        [
            (ana.name, ana.organisation, ana.stakeholder_group, ana.country),
            (ben.name, ben.organisation, ben.stakeholder_group, ben.country),
            (
                "'" + HOSTILE.guest[0],
                "'" + HOSTILE.guest[1],
                "Civil society",
                "'" + HOSTILE.guest[2],
            ),
        ]
    )


async def test_the_chairs_note_stays_text_when_the_text_is_not_closed(server: LiveServer) -> None:
    # Given the same session, in which the chair declines to close with a note carrying markup,
    note = f"Not yet {SCRIPT} {IMAGE} {BREAKOUT}"
    texts = replace(HOSTILE, decline_note=note)
    downloads = await download_all(server, texts)

    # Then the composite text and the report show the note as text, in every format.
    for kind, fields in (("composite", COMPOSITE_FIELDS), ("report", REPORT_FIELDS)):
        html = downloads[f"{kind}.html"].text
        assert_only_escaped(f"{kind}.html", html, (*fields, note))
        assert "not close" in html_text(html)
        assert_as_text(f"{kind}.md", downloads[f"{kind}.md"].text, (*fields, note))
        assert " ".join(note.split()) in " ".join(docx_text(downloads[f"{kind}.docx"].body).split())
