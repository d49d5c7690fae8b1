"""The export endpoints: plain HTTP downloads of the composite text and the report (Markdown,
HTML, DOCX), the endorsement register (CSV), the signed archive of the log (JSON) and the key
it is signed with; and the import of an archive (importing.py). Rendering runs off the event
loop: the loop keeps serving live sockets."""

import json
from collections.abc import Awaitable, Callable, Sequence, Set
from dataclasses import dataclass
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
from ..errors import http_error
from ..services import Services
from ..store import StoredEvent, StoreUnavailable
from . import docx, html, markdown, register_csv
from .access import Denied, authorise
from .acted import acted_section, changes_by_link
from .archive import export_archive
from .blocks import Document
from .composite import composite_document
from .importing import import_archive
from .report import report_document
from .wording import slug

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


@dataclass(frozen=True)
class Extras:
    """What an export needs besides the session's state."""

    signing_key: str
    """The fingerprint of the key this server signs archives with."""
    log: Sequence[StoredEvent] = ()
    """The log as stored, for the exports that read its attribution (the report)."""


Make = Callable[[SessionState, Extras], Response]


def _export(roles: Set[Role], make: Make, with_log: bool = False) -> Handler:
    async def handle(request: Request) -> Response:
        services = _services(request)
        try:
            journal = await authorise(
                request, services, request.path_params["session_id"], roles
            )
        except Denied as denied:
            return http_error(denied)
        state = journal.state  # immutable: the fold of its first state.version events
        log: Sequence[StoredEvent] = ()
        if with_log:
            try:
                log = await services.store.read(state.session_id, 0, limit=state.version)
            except StoreUnavailable as error:
                return http_error(error)
        extras = Extras(services.signer.public_key.fingerprint, log)
        return await run_in_threadpool(make, state, extras)

    return handle


def _document(name: str, build: Callable[[SessionState, Extras], Document], ext: str) -> Handler:
    render, media_type = FORMATS[ext]

    def make(state: SessionState, extras: Extras) -> Response:
        body = render(build(state, extras))
        return _download(body, media_type, f"{slug(state.title)}-{name}.{ext}")

    return _export(EXPORTS[name], make, with_log=name == "report")


def _report(state: SessionState, extras: Extras) -> Document:
    acted = acted_section(state, changes_by_link(extras.log))
    return report_document(build_report(state), extras.signing_key, acted)


def _composite(state: SessionState, _: Extras) -> Document:
    return composite_document(state)


def _register(state: SessionState, _: Extras) -> Response:
    body = register_csv.endorsement_csv(state)
    return _download(body, register_csv.MEDIA_TYPE, f"{slug(state.title)}-endorsements.csv")


def export_routes(clock: Clock | None = None) -> list[Route]:
    clock = clock or SystemClock()

    async def archive(request: Request) -> Response:
        services = _services(request)
        try:
            journal = await authorise(
                request, services, request.path_params["session_id"], EXPORTS["archive"]
            )
        except Denied as denied:
            return http_error(denied)
        state = journal.state  # the fold of the first state.version events, read below
        exported_at_ms = clock.now_ms()
        try:
            stored = await services.store.read(state.session_id, 0, limit=state.version)
        except StoreUnavailable as error:
            return http_error(error)

        def make() -> Response:
            document = export_archive(state, stored, exported_at_ms, services.signer)
            filename = f"{slug(state.title)}-archive.json"
            return _download(_json(document), "application/json", filename)

        # Hashing the whole chain takes a while on a long log: off the event loop.
        return await run_in_threadpool(make)

    async def signing_key(request: Request) -> Response:
        return JSONResponse(_services(request).signer.public_key.described())

    base = "/api/sessions/{session_id}"
    return [
        *(
            Route(f"{base}/{name}.{ext}", _document(name, build, ext), name=f"{name}_{ext}")
            for name, build in (("composite", _composite), ("report", _report))
            for ext in FORMATS
        ),
        Route(
            f"{base}/endorsements.csv",
            _export(EXPORTS["endorsements"], _register),
            name="endorsements_csv",
        ),
        Route(f"{base}/archive.json", archive, name="archive_json"),
        Route("/api/sessions/import", import_archive, methods=["POST"], name="import_archive"),
        Route("/api/signing-key", signing_key, name="signing_key"),
    ]


def _json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
