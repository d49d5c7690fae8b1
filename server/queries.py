"""Read-only socket.io queries of the moderator's and the screen's pages."""

from collections.abc import Awaitable, Callable
from typing import Any

from facilitation.capabilities import may_ask
from facilitation.context import Actor

from . import errors
from .insight import insight
from .presence import Presence
from .sessions import SessionService
from .tokens import Grant, Tokens

GrantOf = Callable[[str], Awaitable[Grant]]


class Queries:
    def __init__(
        self, service: SessionService, tokens: Tokens, presence: Presence, grant_of: GrantOf
    ) -> None:
        self._service = service
        self._tokens = tokens
        self._presence = presence
        self._grant_of = grant_of

    async def presence(self, sid: str, data: Any = None) -> dict[str, Any]:
        grant = await self._grant_of(sid)
        if not may_ask(grant.actor.role, "presence"):
            return errors.refused("forbidden", "Only the moderator sees who is connected.")
        return errors.ok(links=self._presence.snapshot(grant.session_id))

    async def links(self, sid: str, data: Any = None) -> dict[str, Any]:
        grant = await self._grant_of(sid)
        if not may_ask(grant.actor.role, "links"):
            return errors.refused("forbidden", "Only the moderator sees the session's links.")
        journal = await self._service.open(grant.session_id)
        assert journal is not None
        state = journal.state
        issue = self._tokens.issue
        return errors.ok(
            code=state.code,
            join=f"/join?code={state.code}",
            hub=f"/hub?code={state.code}",
            screen=f"/screen#{issue(state.session_id, Actor('screen'))}",
            hubs=[
                {
                    "hub_id": h.hub_id,
                    "name": h.name,
                    "link": "/hub#"
                    + issue(state.session_id, Actor("hub", participant_id=h.hub_id)),
                }
                for h in state.remote.hubs.values()
            ],
            facilitators=[
                {
                    "group_id": g.group_id,
                    "number": g.number,
                    "label": g.label,
                    "link": "/facilitator#"
                    + issue(state.session_id, Actor("facilitator", group_id=g.group_id)),
                }
                for g in state.groups.values()
            ],
        )

    async def review(self, sid: str, data: Any = None) -> dict[str, Any]:
        grant = await self._grant_of(sid)
        if not may_ask(grant.actor.role, "review"):
            return errors.refused("forbidden", "Only the moderator and the screen see the review.")
        journal = await self._service.open(grant.session_id)
        assert journal is not None
        return errors.ok(**insight(journal.state))
