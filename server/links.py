"""The links each role opens. Tokens ride in the fragment (after `#`), which browsers never
send to a server, so they stay out of access logs and referrers."""

from typing import Any

from facilitation.context import Actor

from . import errors
from .tokens import Tokens


def join_link(code: str) -> str:
    return f"/join?code={code}"


def role_link(tokens: Tokens, session_id: str, page: str, actor: Actor) -> str:
    return f"/{page}#{tokens.issue(session_id, actor)}"


def session_opened(tokens: Tokens, session_id: str, code: str) -> dict[str, Any]:
    """The answer to creating or importing a session: what the moderator needs next."""
    token = tokens.issue(session_id, Actor("moderator"))
    return errors.ok(
        session_id=session_id,
        code=code,
        moderator_token=token,
        links={
            "moderator": f"/moderator#{token}",
            "screen": role_link(tokens, session_id, "screen", Actor("screen")),
            "join": join_link(code),
        },
    )
