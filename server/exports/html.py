"""Blocks to a standalone HTML document with a small inline stylesheet, readable on screen
and on paper. Every piece of text goes through `html.escape` here and nowhere else: the
markup comes only from this module's constants, never from user text."""

from html import escape

from .blocks import CHANGED, Block, Bullets, Document, Heading, Inline, Numbered, Paragraph, Table

STYLE = """
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #111; max-width: 46em;
       margin: 2em auto; padding: 0 1em; }
h1, h2, h3, h4 { font-family: Helvetica, Arial, sans-serif; line-height: 1.25; }
h1 { font-size: 1.8em; margin-bottom: .2em; }
h2 { font-size: 1.35em; border-bottom: 1px solid #999; padding-bottom: .15em; margin-top: 1.8em; }
h3 { font-size: 1.15em; margin-top: 1.4em; }
h4 { font-size: 1em; margin-top: 1.2em; }
p, li { white-space: pre-line; }
p.numbered { padding-left: .6em; border-left: 3px solid transparent; }
p.numbered.changed { border-left-color: #b36b00; }
.number { font-weight: bold; margin-right: .4em; }
.mark { font-style: italic; color: #7a4a00; }
code { font: .9em/1.3 Consolas, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .6em 0 1em; }
th, td { border: 1px solid #888; padding: .2em .6em; text-align: left; vertical-align: top; }
th { background: #eee; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2, h3, h4 { page-break-after: avoid; }
  tr, p.numbered { page-break-inside: avoid; }
  th { background: none; }
}
"""


def _text(text: str) -> str:
    return escape(text, quote=True)


def _inline(spans: Inline) -> str:
    out = []
    for span in spans:
        text = _text(span.text)
        if span.code:
            text = f"<code>{text}</code>"
        if span.strong:
            text = f"<strong>{text}</strong>"
        if span.mark:
            text = f'<span class="mark">({text})</span>'
        out.append(text)
    return "".join(out)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 6)
        return f"<h{level}>{_text(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_inline(block.spans)}</p>"
    if isinstance(block, Numbered):
        mark = f' <span class="mark">({CHANGED})</span>' if block.changed else ""
        css = "numbered changed" if block.changed else "numbered"
        return (
            f'<p class="{css}"><span class="number">{block.number}.</span>'
            f"{_text(block.text)}{mark}</p>"
        )
    if isinstance(block, Bullets):
        items = "".join(f"<li>{_inline(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    return _table(block)


def _table(table: Table) -> str:
    head = "".join(f'<th scope="col">{_text(h)}</th>' for h in table.header)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def render_html(document: Document) -> str:
    body = "\n".join(_block(b) for b in document.blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_text(document.title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
