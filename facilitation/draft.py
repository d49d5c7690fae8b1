"""Splitting a draft into numbered paragraphs, and short join codes."""

import re

PARAGRAPH_BREAK = r"\n[ \t]*\n"
r"""A blank line (spaces and tabs allowed on it). Spelt with ASCII classes only, so the set-up
page's preview (client_static/js/setup-form.js, given this very pattern) splits exactly as
the server does: the two languages' `\s` and trim disagree on Unicode spaces."""
PARAGRAPH_TRIM = " \t\n"
_BLANK_LINES = re.compile(PARAGRAPH_BREAK)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud and typed on phones
CODE_LENGTH = 6


def split_paragraphs(draft: str) -> tuple[str, ...]:
    """Paragraphs are separated by blank lines, as in Markdown and plain text files."""
    text = draft.replace("\r\n", "\n").replace("\r", "\n")
    return tuple(
        p.strip(PARAGRAPH_TRIM) for p in _BLANK_LINES.split(text) if p.strip(PARAGRAPH_TRIM)
    )


def join_code(seed: int) -> str:
    letters = []
    for _ in range(CODE_LENGTH):
        seed, digit = divmod(seed, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[digit])
    return "".join(letters)


def normalise_code(typed: str) -> str:
    """What a person types may have lower case, spaces or dashes."""
    return re.sub(r"[\s\-]", "", typed).upper()
