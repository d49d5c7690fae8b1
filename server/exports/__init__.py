"""Exports: the composite text, the report, the endorsement register and the archive of the
log, as plain downloads. The content comes from the core (`facilitation.report`, the state);
these modules only lay it out and render it: Markdown, HTML, DOCX, CSV, JSON."""
