"""POST /api/sessions/import: a session brought back from its archive, after the very checks
`roundtable verify` runs, by someone this server trusts with it."""

import json
import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import Refusal, http_error
from ..links import session_opened
from ..operator import credential
from ..services import Services
from ..sessions import SessionExists
from .archive import Archive, ArchiveError, read_archive

log = logging.getLogger(__name__)
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024  # a 2,000-person session's log is a few megabytes


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
    """Bring a session back from its archive, under its own id, on this server: with the
    operator key or a moderator token of this server, and only an archive whose checks all
    hold. One this server signed passes with either; one signed by another server's key, or
    an unsigned version 1 archive, only with the operator key (and is logged as such)."""
    services: Services = request.app.state.services
    who = credential(request, services.operator, services.tokens)
    if who is None:
        message = (
            "Importing an archive needs the operator key or a moderator token of this server, "
            "as `Authorization: Bearer KEY`."
        )
        return http_error(Refusal("bad_token", message))
    try:
        archive = await run_in_threadpool(_read, await _body(request))
    except ArchiveError as error:
        return http_error(error)
    ours = services.signer.public_key
    if archive.signer != ours and who != "operator":
        origin = (
            f"signed by another server's key ({archive.signer.fingerprint})"
            if archive.signer
            else "a version 1 archive, neither chained nor signed"
        )
        message = f"This archive is {origin}: only the server's operator may import it."
        return http_error(Refusal("forbidden", message, "signature"))
    if archive.signer != ours:
        log.warning(
            "session %s imported by the operator from %s",
            archive.session_id,
            f"an archive signed by {archive.signer.fingerprint}"
            if archive.signer
            else "an unsigned version 1 archive",
        )
    command_id = f"import-{archive.session_id}"[:64]
    try:
        journal = await services.sessions.restore(archive.events, command_id, archive.recorded)
    except SessionExists:
        message = "This server already has this session (or its join code)."
        return http_error(Refusal("conflict", message))
    state = journal.state
    return JSONResponse(
        session_opened(services.tokens, state.session_id, state.code), status_code=201
    )
