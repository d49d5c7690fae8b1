"""socket.io handlers: each validates, calls the service, and acks. No process rule here."""

import logging
from typing import Any

import socketio
from pydantic import ValidationError

from facilitation.commands import COMMANDS, Endorse, Join
from facilitation.context import Actor
from facilitation.errors import DomainError
from facilitation.events import EndorsementGiven, ParticipantJoined

from . import acks
from .clock import Clock
from .codec import to_wire
from .insight import insight
from .journal import WATCHER_ROLES, Committed
from .rooms import participant_room, session_room, watch_room
from .sessions import SessionService
from .tokens import Grant, TokenError, Tokens

log = logging.getLogger(__name__)


class Realtime:
    def __init__(
        self, sio: socketio.AsyncServer, service: SessionService, tokens: Tokens, clock: Clock
    ) -> None:
        self._sio = sio
        self._service = service
        self._tokens = tokens
        self._clock = clock
        sio.on("connect", self.connect)
        sio.on("command", self.command)
        sio.on("sync", self.sync)
        sio.on("clock", self.clock)
        sio.on("links", self.links)
        sio.on("review", self.review)

    async def connect(self, sid: str, environ: dict[str, Any], auth: Any) -> None:
        grant = self._grant(auth)
        await self._sio.save_session(sid, {"grant": grant})
        await self._enter(sid, grant)

    def _grant(self, auth: Any) -> Grant:
        auth = auth if isinstance(auth, dict) else {}
        if isinstance(auth.get("token"), str):
            try:
                grant = self._tokens.read(auth["token"])
            except TokenError as error:
                raise _refuse(error.code, str(error)) from error
            if self._service.journal(grant.session_id) is None:
                raise _refuse("not_found", "This session no longer exists on this server.")
            return grant
        if isinstance(auth.get("code"), str):
            session_id = self._service.session_for_code(auth["code"])
            if session_id is None:
                raise _refuse("not_found", "No session has this code: check it on the screen.")
            return Grant(session_id, Actor("guest"))
        raise _refuse("bad_token", "Open the link you were given, or enter a join code.")

    async def _enter(self, sid: str, grant: Grant) -> None:
        await self._sio.enter_room(sid, session_room(grant.session_id))
        if grant.actor.role in WATCHER_ROLES:
            await self._sio.enter_room(sid, watch_room(grant.session_id))
        if grant.actor.participant_id:
            await self._sio.enter_room(
                sid, participant_room(grant.session_id, grant.actor.participant_id)
            )

    async def _grant_of(self, sid: str) -> Grant:
        session = await self._sio.get_session(sid)
        grant: Grant = session["grant"]
        return grant

    async def command(self, sid: str, data: Any = None) -> dict[str, Any]:
        grant = await self._grant_of(sid)
        try:
            command = COMMANDS.validate_python(data)
            ack = await self._service.dispatch(grant.session_id, command, grant.actor)
        except (DomainError, ValidationError) as error:
            return acks.from_error(error)
        result: dict[str, Any] = {}
        if isinstance(command, Join):
            result = await self._joined(sid, grant, ack.events)
        elif isinstance(command, Endorse):
            result = self._endorsed(grant, ack.events)
        return acks.ok(seq=ack.seq, duplicate=ack.duplicate, result=result)

    def _endorsed(self, grant: Grant, events: list[Committed]) -> dict[str, Any]:
        """Someone endorsing from the open link gets a token that lets them withdraw."""
        given = next((c.event for c in events if isinstance(c.event, EndorsementGiven)), None)
        if given is None:
            return {}
        endorsement_id = given.endorsement.endorsement_id
        result: dict[str, Any] = {"endorsement_id": endorsement_id}
        if grant.actor.role == "guest":
            endorser = Actor("endorser", participant_id=endorsement_id)
            result["token"] = self._tokens.issue(grant.session_id, endorser)
        return result

    async def _joined(self, sid: str, grant: Grant, events: list[Committed]) -> dict[str, Any]:
        """The guest socket becomes the participant it just created: no reconnect needed."""
        joined = next(c.event for c in events if isinstance(c.event, ParticipantJoined))
        actor = Actor("participant", participant_id=joined.participant.participant_id)
        participant = Grant(grant.session_id, actor)
        await self._sio.save_session(sid, {"grant": participant})
        await self._enter(sid, participant)
        token = self._tokens.issue(grant.session_id, actor)
        return {"participant_id": actor.participant_id, "token": token}

    async def sync(self, sid: str, data: Any = None) -> dict[str, Any]:
        grant = await self._grant_of(sid)
        after = data.get("after", 0) if isinstance(data, dict) else None
        if not isinstance(after, int) or isinstance(after, bool) or after < 0:
            return acks.refused(
                "invalid", "`after` is the last sequence number seen (0 or more).", "after"
            )
        journal = self._service.journal(grant.session_id)
        assert journal is not None
        group_id = grant.actor.group_id
        if grant.actor.participant_id:
            group_id = journal.state.group_of.get(grant.actor.participant_id)
        return acks.ok(
            events=[_wire(c) for c in journal.visible_after(after, grant.actor)],
            head=journal.version,
            now=self._clock.now_ms(),
            me={
                "role": grant.actor.role,
                "session_id": grant.session_id,
                "participant_id": grant.actor.participant_id,
                "group_id": group_id,
            },
        )

    async def clock(self, sid: str, data: Any = None) -> dict[str, Any]:
        t = data.get("t") if isinstance(data, dict) else None
        return {"t": t if isinstance(t, int | float) else None, "now": self._clock.now_ms()}

    async def links(self, sid: str, data: Any = None) -> dict[str, Any]:
        grant = await self._grant_of(sid)
        if grant.actor.role != "moderator":
            return acks.refused("forbidden", "Only the moderator sees the session's links.")
        journal = self._service.journal(grant.session_id)
        assert journal is not None
        state = journal.state
        issue = self._tokens.issue
        return acks.ok(
            code=state.code,
            join=f"/join?code={state.code}",
            hub=f"/hub?code={state.code}",
            screen=f"/screen#{issue(state.session_id, Actor('screen'))}",
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
        if grant.actor.role not in ("moderator", "screen"):
            return acks.refused("forbidden", "Only the moderator and the screen see the review.")
        journal = self._service.journal(grant.session_id)
        assert journal is not None
        return acks.ok(**insight(journal.state))

    async def publish(self, session_id: str, committed: list[Committed]) -> None:
        for c in committed:
            if c.participant_id is None:
                rooms: str | list[str] = session_room(session_id)
            else:
                rooms = [watch_room(session_id), participant_room(session_id, c.participant_id)]
            await self._sio.emit("event", _wire(c), to=rooms)


def _refuse(code: str, message: str) -> socketio.exceptions.ConnectionRefusedError:
    """The page's connect_error then carries `data: {code, message}`."""
    return socketio.exceptions.ConnectionRefusedError(message, {"code": code, "message": message})


def _wire(c: Committed) -> dict[str, Any]:
    return {"seq": c.seq, "prev": c.prev, "event": to_wire(c.event)}
