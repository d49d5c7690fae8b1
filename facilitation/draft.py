"""Splitting a draft into numbered paragraphs, and short join codes."""

import re

_BLANK_LINES = re.compile(r"\n\s*\n")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud and typed on phones
CODE_LENGTH = 6


def split_paragraphs(draft: str) -> tuple[str, ...]:
    """Paragraphs are separated by blank lines, as in Markdown and plain text files."""
    text = draft.replace("\r\n", "\n").replace("\r", "\n")
    return tuple(p.strip() for p in _BLANK_LINES.split(text) if p.strip())


def join_code(seed: int) -> str:
    letters = []
    for _ in range(CODE_LENGTH):
        seed, digit = divmod(seed, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[digit])
    return "".join(letters)


def normalise_code(typed: str) -> str:
    """What a person types may have lower case, spaces or dashes."""
    return re.sub(r"[\s\-]", "", typed).upper()
