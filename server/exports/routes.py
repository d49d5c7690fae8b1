"""The export endpoints: plain HTTP downloads of the composite text and the report (Markdown,
HTML, DOCX), the endorsement register (CSV) and the archive of the log (JSON), and the import
of an archive. Rendering runs off the event loop: the loop keeps serving live sockets."""

import json
from collections.abc import Awaitable, Callable, Set
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from facilitation.capabilities import EXPORTS
from facilitation.report import build_report
from facilitation.state import SessionState
from facilitation.vocabulary import Role

from ..clock import Clock, SystemClock
from ..errors import Refusal, http_error
from ..links import session_opened
from ..services import Services
from ..sessions import SessionExists
from . import docx, html, markdown, register_csv
from .access import Denied, authorise
from .archive import Archive, ArchiveError, export_archive, read_archive
from .blocks import Document
from .composite import composite_document
from .report import report_document
from .wording import slug

MAX_ARCHIVE_BYTES = 64 * 1024 * 1024  # a 2,000-person session's log is a few megabytes
FORMATS: dict[str, tuple[Callable[[Document], str | bytes], str]] = {
    "md": (markdown.render_markdown, "text/markdown; charset=utf-8"),
    "html": (html.render_html, "text/html; charset=utf-8"),
    "docx": (docx.render_docx, docx.MEDIA_TYPE),
}
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'"  # no script, even if opened inline
Handler = Callable[[Request], Awaitable[Response]]


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def _download(body: str | bytes, media_type: str, filename: str) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",  # names and organisations: not for shared caches
        "X-Content-Type-Options": "nosniff",
    }
    if media_type.startswith("text/html"):
        headers["Content-Security-Policy"] = HTML_POLICY
    return Response(body, media_type=media_type, headers=headers)


def _export(roles: Set[Role], make: Callable[[SessionState], Response]) -> Handler:
    async def handle(request: Request) -> Response:
        try:
            journal = await authorise(
                request, _services(request), request.path_params["session_id"], roles
            )
        except Denied as denied:
            return http_error(denied)
        return await run_in_threadpool(make, journal.state)  # the state is immutable

    return handle


def _document(name: str, build: Callable[[SessionState], Document], ext: str) -> Handler:
    render, media_type = FORMATS[ext]

    def make(state: SessionState) -> Response:
        return _download(render(build(state)), media_type, f"{slug(state.title)}-{name}.{ext}")

    return _export(EXPORTS[name], make)


def _report(state: SessionState) -> Document:
    return report_document(build_report(state))


def _register(state: SessionState) -> Response:
    body = register_csv.endorsement_csv(state)
    return _download(body, register_csv.MEDIA_TYPE, f"{slug(state.title)}-endorsements.csv")


def export_routes(clock: Clock | None = None) -> list[Route]:
    clock = clock or SystemClock()

    async def archive(request: Request) -> Response:
        try:
            journal = await authorise(
                request, _services(request), request.path_params["session_id"], EXPORTS["archive"]
            )
        except Denied as denied:
            return http_error(denied)
        state, committed = journal.state, list(journal.events)  # a snapshot, taken at once
        exported_at_ms = clock.now_ms()

        def make() -> Response:
            body = _json(export_archive(state.session_id, committed, exported_at_ms))
            return _download(body, "application/json", f"{slug(state.title)}-archive.json")

        return await run_in_threadpool(make)

    base = "/api/sessions/{session_id}"
    return [
        *(
            Route(f"{base}/{name}.{ext}", _document(name, build, ext), name=f"{name}_{ext}")
            for name, build in (("composite", composite_document), ("report", _report))
            for ext in FORMATS
        ),
        Route(
            f"{base}/endorsements.csv",
            _export(EXPORTS["endorsements"], _register),
            name="endorsements_csv",
        ),
        Route(f"{base}/archive.json", archive, name="archive_json"),
        Route("/api/sessions/import", import_archive, methods=["POST"], name="import_archive"),
    ]


def _json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


async def _body(request: Request) -> bytes:
    """The request body, refused past MAX_ARCHIVE_BYTES before it is all read."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_ARCHIVE_BYTES:
        raise ArchiveError("too_large", "This archive is too large to import.", status=413)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_ARCHIVE_BYTES:
            raise ArchiveError("too_large", "This archive is too large to import.", status=413)
        chunks.append(chunk)
    return b"".join(chunks)


def _read(raw: bytes) -> Archive:
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise ArchiveError("invalid", "Send the archive as JSON.", status=400) from error
    return read_archive(body)


async def import_archive(request: Request) -> Response:
    """Bring a session back from its archive, under its own id, on this server."""
    try:
        archive = await run_in_threadpool(_read, await _body(request))
    except ArchiveError as error:
        return http_error(error)
    services = _services(request)
    command_id = f"import-{archive.session_id}"[:64]
    try:
        journal = await services.sessions.restore(archive.events, command_id=command_id)
    except SessionExists:
        message = "This server already has this session (or its join code)."
        return http_error(Refusal("conflict", message))
    state = journal.state
    return JSONResponse(
        session_opened(services.tokens, state.session_id, state.code), status_code=201
    )
