"""Blocks to a Word document (python-docx). Text goes into runs, which python-docx writes as
XML text, so user text cannot become markup; characters XML cannot hold are dropped."""

import io
import re

import docx
from docx.document import Document as WordDocument
from docx.text.paragraph import Paragraph as WordParagraph

from .blocks import CHANGED, Block, Bullets, Document, Heading, Inline, Numbered, Paragraph, Table

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Control characters and lone surrogates: XML 1.0 has no way to write them."""
MONO_FONT = "Consolas"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _runs(paragraph: WordParagraph, spans: Inline) -> None:
    for span in spans:
        text = f"({span.text})" if span.mark else span.text
        run = paragraph.add_run(_clean(text))
        run.bold = span.strong or None
        run.italic = span.mark or None
        if span.code:
            run.font.name = MONO_FONT


def _block(word: WordDocument, block: Block) -> None:
    if isinstance(block, Heading):
        # Level 1 is the document's title (Word's "Title" style); sections are Heading 1, ...
        word.add_heading(_clean(block.text), level=min(block.level - 1, 9))
    elif isinstance(block, Paragraph):
        _runs(word.add_paragraph(), block.spans)
    elif isinstance(block, Numbered):
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{block.number}. ").bold = True
        paragraph.add_run(_clean(block.text))
        if block.changed:
            paragraph.add_run(f" ({CHANGED})").italic = True
    elif isinstance(block, Bullets):
        for item in block.items:
            _runs(word.add_paragraph(style="List Bullet"), item)
    else:
        _table(word, block)


def _table(word: WordDocument, table: Table) -> None:
    grid = word.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.paragraphs[0].add_run(_clean(text)).bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.paragraphs[0].add_run(_clean(text))
    word.add_paragraph()


def render_docx(document: Document) -> bytes:
    word = docx.Document()
    word.core_properties.title = _clean(document.title)[:255]
    for block in document.blocks:
        _block(word, block)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
