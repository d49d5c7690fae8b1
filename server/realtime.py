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
from .presence import Presence
from .ratelimit import RateLimiter
from .rooms import participant_room, session_room, watch_room
from .sessions import SessionService
from .tokens import Grant, TokenError, Tokens

log = logging.getLogger(__name__)
RESUME_WINDOW_EVENTS = 1000  # beyond this gap a page rebuilds from the log rather than patching


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
        sio.on("heartbeat", self.heartbeat)
        sio.on("presence", self.presence)
        sio.on("disconnect", self.disconnect)
        self._presence = Presence()
        self._limits = RateLimiter()

    async def connect(self, sid: str, environ: dict[str, Any], auth: Any) -> None:
        grant = self._grant(auth)
        await self._sio.save_session(sid, {"grant": grant})
        await self._enter(sid, grant)
        if self._presence.connected(grant.session_id, grant.actor, sid, self._clock.now_ms()):
            await self._announce_presence(grant.session_id)

    async def disconnect(self, sid: str, reason: Any = None) -> None:
        grant = await self._grant_of(sid)
        if self._presence.disconnected(grant.session_id, grant.actor, sid, self._clock.now_ms()):
            await self._announce_presence(grant.session_id)

    async def _announce_presence(self, session_id: str) -> None:
        links = self._presence.snapshot(session_id)
        await self._sio.emit("presence", {"links": links}, to=watch_room(session_id))

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
        actor = grant.actor
        # One bucket per token: a token names a person, a group or a hub, or else a role
        # (moderator, screen); only a guest, who holds no token yet, is counted per connection.
        whose = actor.participant_id or actor.group_id or (sid if actor.role == "guest" else "")
        holder = f"{grant.session_id}:{actor.role}:{whose}"
        if not self._limits.allow(holder, self._clock.now_ms()):
            return acks.refused(
                "rate_limited", "Too many requests from this device: wait a moment."
            )
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
        if grant.actor.role == "hub":
            group_id = journal.state.hub_group.get(grant.actor.participant_id or "")
        elif grant.actor.participant_id:
            group_id = journal.state.group_of.get(grant.actor.participant_id)
        # Too far behind, a page is quicker to rebuild from the whole log in one step.
        reset = journal.version - after > RESUME_WINDOW_EVENTS
        return acks.ok(
            events=[_wire(c) for c in journal.visible_after(0 if reset else after, grant.actor)],
            reset=reset,
            head=journal.version,
            now=self._clock.now_ms(),
            me={
                "role": grant.actor.role,
                "session_id": grant.session_id,
                "participant_id": grant.actor.participant_id,
                "group_id": group_id,
            },
        )

    async def heartbeat(self, sid: str, data: Any = None) -> dict[str, Any]:
        """A page's pulse: it reports its link, and learns the last event it should have."""
        grant = await self._grant_of(sid)
        data = data if isinstance(data, dict) else {}
        rtt = data.get("rtt_ms")
        unsent = data.get("unsent")
        rtt_ms = int(rtt) if isinstance(rtt, int | float) and 0 <= rtt < 600_000 else None
        unsent_count = unsent if isinstance(unsent, int) and 0 <= unsent < 1_000_000 else 0
        now = self._clock.now_ms()
        if self._presence.heartbeat(grant.session_id, grant.actor, now, rtt_ms, unsent_count):
            await self._announce_presence(grant.session_id)
        journal = self._service.journal(grant.session_id)
        assert journal is not None
        return acks.ok(head=journal.last_visible(grant.actor), now=now)

    async def presence(self, sid: str, data: Any = None) -> dict[str, Any]:
        grant = await self._grant_of(sid)
        if grant.actor.role != "moderator":
            return acks.refused("forbidden", "Only the moderator sees who is connected.")
        return acks.ok(links=self._presence.snapshot(grant.session_id))

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
