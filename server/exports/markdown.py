"""Blocks to Markdown (CommonMark, with GFM tables). Every piece of text is escaped here, so
user text reads as typed and never becomes a heading, a link, a list or inline HTML."""

import re

from .blocks import (
    CHANGED,
    Block,
    Bullets,
    Document,
    Heading,
    Inline,
    Numbered,
    Paragraph,
    Span,
    Table,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|&~#!])")
"""Characters that can start markup anywhere in a line (`<` would start inline HTML)."""
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")
"""What would open a list, a setext heading or an ordered list at the start of a line."""
_WHITESPACE = re.compile(r"\s+")


def escape(text: str) -> str:
    """One line of literal text: whitespace (new lines included) collapses to one space, so
    user text can neither open a block nor break a table row."""
    return _SPECIAL.sub(r"\\\1", _WHITESPACE.sub(" ", text).strip())


def _line_start(line: str) -> str:
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match.group(1)[0].isdigit():
        end = match.end()
        return f"{line[:end]}\\{line[end:]}"  # `1\.` is text, `1.` a list
    return "\\" + line


def _span(span: Span) -> str:
    core = escape(span.text)
    if not core:
        return " " if span.text[:1].isspace() else ""
    if span.code:
        core = f"`{_WHITESPACE.sub(' ', span.text).strip().replace('`', '')}`"
    if span.strong:
        core = f"**{core}**"
    if span.mark:
        core = f"*({core})*"
    # Spaces stay outside the delimiters: `**bold **` is not bold in CommonMark.
    before = " " if span.text[:1].isspace() else ""
    after = " " if span.text[-1:].isspace() else ""
    return before + core + after


def _inline(spans: Inline) -> str:
    return _WHITESPACE.sub(" ", "".join(_span(s) for s in spans)).strip()


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {escape(block.text)}"
    if isinstance(block, Paragraph):
        return _line_start(_inline(block.spans))
    if isinstance(block, Numbered):
        mark = f" *({CHANGED})*" if block.changed else ""
        return f"**{block.number}.** {escape(block.text)}{mark}"
    if isinstance(block, Bullets):
        return "\n".join(f"- {_line_start(_inline(item))}" for item in block.items)
    return _table(block)


def _table(table: Table) -> str:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(escape(c) or " " for c in cells) + " |"

    lines = [row(table.header), "|" + "|".join(" --- " for _ in table.header) + "|"]
    lines += [row(r) for r in table.rows]
    return "\n".join(lines)


def render_markdown(document: Document) -> str:
    return "\n\n".join(_block(b) for b in document.blocks) + "\n"
