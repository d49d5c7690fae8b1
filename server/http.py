"""Plain HTTP: the pages, session creation (with the operator key), the join QR code and the
protocol document."""

import io
import uuid
from pathlib import Path
from typing import Any

import segno
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from facilitation.commands import CreateSession
from facilitation.events import SessionCreated

from .asyncapi import asyncapi_document
from .errors import Refusal, http_error
from .links import session_opened
from .operator import bearer
from .services import Services
from .store import StoreUnavailable

PAGES = ("moderator", "screen", "facilitator", "join", "hub")
QR_MAX_CHARS = 500  # a join link; anything longer is not what this endpoint is for


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def routes(static: Path) -> list[Route]:

    def page(name: str) -> Route:
        async def serve(_: Request) -> Response:
            return FileResponse(static / f"{name}.html", headers={"Cache-Control": "no-cache"})

        return Route(f"/{name}", serve, name=name)

    async def home(_: Request) -> Response:
        return FileResponse(static / "index.html")

    async def create_session(request: Request) -> Response:
        services = _services(request)
        if not services.operator.admits(bearer(request)):
            message = (
                "Creating a session needs the operator key, as `Authorization: Bearer KEY`: "
                "open the link the server printed at start-up, or ask the operator for the key."
            )
            return http_error(Refusal("bad_token", message))
        try:
            body: Any = await request.json()
        except ValueError:
            return http_error(Refusal("invalid", "Send the session as JSON.", status=400))
        if isinstance(body, dict):
            body.setdefault("command_id", uuid.uuid4().hex)
        try:
            command = CreateSession.model_validate(body)
            ack = await services.sessions.create(command)
        except (ValidationError, StoreUnavailable) as error:
            return http_error(error)
        created = ack.events[0].event
        assert isinstance(created, SessionCreated)
        return JSONResponse(
            session_opened(services.tokens, created.session_id, created.code),
            status_code=200 if ack.duplicate else 201,
        )

    async def qr(request: Request) -> Response:
        text = request.query_params.get("text", "")
        if not text or len(text) > QR_MAX_CHARS:
            message = f"Give `text` of 1 to {QR_MAX_CHARS} characters."
            return http_error(Refusal("invalid", message, "text", status=400))
        out = io.BytesIO()
        segno.make(text, error="m").save(out, kind="svg", scale=10, border=2, xmldecl=False)
        return Response(out.getvalue(), media_type="image/svg+xml")

    async def asyncapi(_: Request) -> Response:
        return JSONResponse(asyncapi_document())

    async def health(_: Request) -> Response:
        return JSONResponse({"ok": True})

    return [
        Route("/", home),
        *(page(name) for name in PAGES),
        Route("/api/sessions", create_session, methods=["POST"]),
        Route("/qr.svg", qr),
        Route("/asyncapi.json", asyncapi),
        Route("/healthz", health),
    ]
