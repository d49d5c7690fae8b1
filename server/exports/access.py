"""Who may download what: a role token of the session itself, as `Authorization: Bearer
TOKEN` or `?token=TOKEN` (so a plain link can download)."""

from collections.abc import Set

from starlette.requests import Request

from facilitation.vocabulary import Role

from ..errors import Refusal
from ..journal import Journal
from ..services import Services
from ..store import StoreUnavailable
from ..tokens import TokenError


class Denied(Refusal):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code, message, status=status)


def token_of(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.query_params.get("token") or None


async def authorise(
    request: Request, services: Services, session_id: str, roles: Set[Role]
) -> Journal:
    """The session's journal, if the request's token lets its holder download from it."""
    token = token_of(request)
    if token is None:
        raise Denied(
            401,
            "bad_token",
            "Send a role token of this session: `Authorization: Bearer TOKEN` or `?token=TOKEN`.",
        )
    try:
        grant = services.tokens.read(token)
    except TokenError as error:
        raise Denied(401, error.code, str(error)) from error
    try:
        journal = await services.sessions.open(session_id)
    except StoreUnavailable as error:
        message = "The server's store is not answering: try again in a moment."
        raise Denied(503, "unavailable", message) from error
    if journal is None:
        raise Denied(404, "not_found", "This server has no such session.")
    if grant.session_id != session_id:
        raise Denied(403, "forbidden", "This token is for another session.")
    if grant.actor.role not in roles:
        who = " or the ".join(sorted(roles))
        raise Denied(403, "forbidden", f"Only the {who} may download this.")
    return journal
