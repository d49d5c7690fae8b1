"""A small vocabulary of document blocks. The composite text and the report are laid out once
as blocks; each renderer (Markdown, HTML, DOCX) turns blocks into its format, and is the one
place where that format's escaping happens."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A run of text. User text is only ever a span's `text`: never markup."""

    text: str
    strong: bool = False
    code: bool = False
    mark: bool = False
    """A mark the reader should notice, such as "changed from the draft"."""


Inline = tuple[Span, ...]


def inline(*parts: str | Span) -> Inline:
    """Plain strings become plain spans; empty strings are dropped."""
    return tuple(p if isinstance(p, Span) else Span(p) for p in parts if p != "")


@dataclass(frozen=True)
class Heading:
    level: int
    """1 is the document title; sections are 2, their parts 3 and 4."""
    text: str


@dataclass(frozen=True)
class Paragraph:
    spans: Inline


@dataclass(frozen=True)
class Numbered:
    """A numbered paragraph of the text itself, marked when it differs from the draft."""

    number: int
    text: str
    changed: bool


@dataclass(frozen=True)
class Bullets:
    items: tuple[Inline, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Numbered | Bullets | Table


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]


CHANGED = "changed from the draft"
