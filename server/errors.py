"""Every failure becomes a structured reply here, and only here: `{ok: false, code, message,
field}` with a stable code, as a socket ack or as an HTTP response with its status. A failure
that is nobody's input (a bug, a crash) is logged once, with an incident id that the reply
carries, so a moderator's report and the server's log meet."""

import logging
import secrets
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, Final

from pydantic import ValidationError
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from facilitation.errors import DomainError

from .store import ConcurrencyError, StoreUnavailable
from .tokens import TokenError

log = logging.getLogger("roundtable.errors")

STATUS: Final[dict[str, int]] = {
    "invalid": 422,
    "unknown_command": 422,
    "unknown_request": 404,
    "unknown_event": 422,
    "forbidden": 403,
    "wrong_phase": 409,
    "not_found": 404,
    "stale": 409,
    "duplicate": 409,
    "conflict": 409,
    "refused": 409,
    "rate_limited": 429,
    "bad_token": 401,
    "too_large": 413,
    "unavailable": 503,
    "internal": 500,
}
"""Each code with the HTTP status it has when it answers a request (docs/protocol.md)."""

UNAVAILABLE = (
    "The server cannot save anything right now (its store is not answering). Nothing was "
    "lost: what you entered is kept on this device and sent again by itself."
)
BUSY = (
    "The session is very busy right now and this could not be saved: it is sent again by "
    "itself in a moment, and will count once."
)
_UNKNOWN_TYPE = {"union_tag_invalid", "union_tag_not_found", "model_attributes_type", "dict_type"}


class Refusal(Exception):
    """A refusal by the shell rather than the process: a token, a size, a conflict. `status`
    overrides the code's usual HTTP status where a request needs another (400 for a body that
    is not JSON at all, say)."""

    def __init__(
        self,
        code: str,
        message: str,
        field: str | None = None,
        status: int | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.status = status
        self.extra = extra


def ok(**fields: Any) -> dict[str, Any]:
    return {"ok": True, **fields}


def refused(code: str, message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "code": code, "message": message, "field": field, **extra}


def reply(error: BaseException) -> dict[str, Any]:
    """The structured reply to any failure; logs the ones that are not someone's input."""
    if isinstance(error, DomainError):
        return refused(error.code, error.message, error.field)
    if isinstance(error, Refusal):
        return refused(error.code, error.message, error.field, **error.extra)
    if isinstance(error, ValidationError):
        return _from_validation(error)
    if isinstance(error, TokenError):
        return refused(error.code, str(error))
    if isinstance(error, StoreUnavailable):
        log.warning("store unavailable: %s", error)
        return refused("unavailable", UNAVAILABLE)
    if isinstance(error, ConcurrencyError):  # other processes kept writing first: try again
        log.warning("%s", error)
        return refused("unavailable", BUSY)
    incident = secrets.token_hex(4)
    log.error("internal error, incident %s", incident, exc_info=error)
    return refused(
        "internal",
        f"The server could not finish this (incident {incident}). Try again: a retry is "
        "applied at most once. If it happens again, tell the moderator this incident number.",
        incident=incident,
    )


def status_of(body: dict[str, Any]) -> int:
    return STATUS.get(str(body.get("code")), 400)


def http_error(error: BaseException) -> JSONResponse:
    body = reply(error)
    explicit = error.status if isinstance(error, Refusal) else None
    status = explicit or status_of(body)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


Handler = Callable[..., Awaitable[Any]]


def guarded(handler: Handler) -> Handler:
    """A socket handler that always answers: any failure, whatever the client sent (extra
    arguments included), becomes an error ack instead of an exception with no reply."""

    @wraps(handler)
    async def answer(sid: str, *args: Any) -> Any:
        try:
            return await handler(sid, *args[:1])
        except Exception as error:  # the one boundary where every failure becomes a reply
            return reply(error)

    return answer


class Guard:
    """ASGI middleware: an exception escaping an HTTP handler becomes a structured 500 (logged
    once, with its incident id) instead of a traceback and an empty reply."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._app(scope, receive, sending)
        except Exception as error:  # the HTTP boundary: answered once, logged once
            if started:
                log.error("failure after the response started", exc_info=error)
                return
            await http_error(error)(scope, receive, send)


def _from_validation(error: ValidationError) -> dict[str, Any]:
    problems = error.errors(include_url=False, include_input=False)
    first = problems[0]
    location = [str(part) for part in first["loc"]]
    if first["type"] in _UNKNOWN_TYPE and len(location) <= 1:
        return refused("unknown_command", "This is not a command the server knows.", "type")
    # The union's discriminator leads every location: drop it so `field` names the form field.
    field = ".".join(location[1:] if len(location) > 1 else location)
    details = [
        {"field": ".".join(str(p) for p in e["loc"][1:]), "message": e["msg"]} for e in problems
    ]
    return refused(
        "invalid", f"{field or 'message'}: {first['msg']}", field or None, details=details
    )
