"""The set-up page's paragraph preview and the server split any draft the same way: the page
is given the server's own pattern (protocol.js), and this checks it on drafts of every kind."""

import json
import subprocess
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.draft import split_paragraphs

SETUP_FORM = Path(__file__).resolve().parents[2] / "client_static" / "js" / "setup-form.js"
SPLIT_JS = """
import { readFileSync } from "node:fs";
import { splitParagraphs } from %s;
const drafts = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(drafts.map((d) => splitParagraphs(d))));
"""
PIECES = st.sampled_from(
    ["\n", "\r\n", "\r", " ", "\t", "\u00a0", "\u2028", "\x1c", "\u3000", "word", "Ünï", "."]
)


@settings(max_examples=10, deadline=None)
@given(drafts=st.lists(st.lists(PIECES, max_size=30).map("".join), min_size=20, max_size=40))
def test_the_page_splits_a_draft_exactly_as_the_server(drafts: list[str]) -> None:
    # Given drafts mixing every kind of line break and space, when both sides split them,
    script = SPLIT_JS % json.dumps(SETUP_FORM.as_uri())
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(drafts),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # Then the page's preview is the server's paragraphs, draft for draft.
    assert json.loads(done.stdout) == [list(split_paragraphs(d)) for d in drafts]
