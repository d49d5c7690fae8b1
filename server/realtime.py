"""socket.io handlers: each validates, calls the service, and acks. No process rule here."""

import logging
import math
from dataclasses import dataclass, replace
from typing import Any

import socketio

from facilitation.commands import COMMANDS, Endorse, Join
from facilitation.context import Actor
from facilitation.events import EndorsementGiven, ParticipantJoined

from . import errors
from .clock import Clock
from .coalesce import Coalescer
from .enforcement import Enforcer, barred
from .fanout import Fanout
from .journal import WATCHER_ROLES, Committed, Journal
from .presence import Presence
from .queries import Queries
from .ratelimit import RateLimiter
from .rooms import participant_room, session_room, watch_room
from .senders import guest_sender, sender_of
from .sessions import SessionService
from .store import StoreUnavailable
from .tokens import Grant, TokenError, Tokens
from .wire import HeartbeatRequest, SyncRequest

log = logging.getLogger(__name__)
RESUME_WINDOW_EVENTS = 1000  # beyond this gap a page rebuilds from the log rather than patching
PRESENCE_PUSH_SECS = 1.0  # tablets and hubs coming and going reach the moderator within this
REFRESH_SECS = 1.0  # with several processes, how stale a heartbeat's head may be


@dataclass
class Attached:
    """One socket: who it is, and until its first sync, the newest event that had been sent
    before it joined its rooms: everything after that reaches it live, so the sync a page makes
    on (re)connecting does not send it a second time (a reconnect storm would double)."""

    grant: Grant
    live_from: int | None
    sender: str
    """Whose command ids this socket's are (server/senders.py)."""
    guest: str | None = None
    """The sender it was as a guest, before its Join: a retried Join is looked up under it."""


class Realtime:
    def __init__(
        self,
        sio: socketio.AsyncServer,
        service: SessionService,
        tokens: Tokens,
        clock: Clock,
        fanout: Fanout,
    ) -> None:
        self._sio = sio
        self._service = service
        self._tokens = tokens
        self._clock = clock
        self._attached: dict[str, Attached] = {}
        self._presence = Presence()
        self._limits = RateLimiter()
        self._presence_push = Coalescer(self._announce_presence, PRESENCE_PUSH_SECS)
        self.fanout = fanout
        self.enforcer = Enforcer(sio, fanout, self._grants)
        service.projections.on_caught_up(self.enforcer.caught_up)
        queries = Queries(service, tokens, self._presence, self._grant_of)
        sio.on("connect", self.connect)
        sio.on("disconnect", self.disconnect)
        for name, handler in {
            "command": self.command,
            "sync": self.sync,
            "clock": self.clock,
            "heartbeat": self.heartbeat,
            "links": queries.links,
            "review": queries.review,
            "presence": queries.presence,
        }.items():
            sio.on(name, errors.guarded(handler))
        sio.on("*", self.unknown)

    def _grants(self) -> dict[str, Grant]:
        return {sid: attached.grant for sid, attached in self._attached.items()}

    async def close(self) -> None:
        await self._presence_push.close()

    async def unknown(self, event: Any, sid: str, *args: Any) -> dict[str, Any]:
        """Any other event name: answered, never left waiting."""
        requests = "command, sync, heartbeat, clock, links, review, presence"
        return errors.refused("unknown_request", f"The server answers only: {requests}.")

    async def connect(
        self, sid: str, environ: Any = None, auth: Any = None, *_: Any
    ) -> dict[str, Any] | None:
        if self._sio.manager.is_connected(sid, "/"):
            # Not a connection: a connected client sent a message named "connect".
            return errors.refused("unknown_request", "`connect` is not a request.")
        try:
            grant = await self._grant(auth)
        except socketio.exceptions.ConnectionRefusedError:
            raise
        except Exception as error:  # the connect boundary: refused with a reason, logged once
            reply = errors.reply(error)
            raise _refuse(reply["code"], reply["message"]) from error
        self._service.projections.pin(grant.session_id)  # in memory while a page is attached
        sender = sender_of(grant.actor)
        if grant.actor.role == "guest":
            device = auth.get("device") if isinstance(auth, dict) else None
            sender = guest_sender(device, sid)
        await self._enter(sid, grant, sender)
        if self._presence.connected(grant.session_id, grant.actor, sid, self._clock.now_ms()):
            self._presence_push.touch(grant.session_id)
        return None

    async def disconnect(self, sid: str, reason: Any = None, *_: Any) -> dict[str, Any] | None:
        if self._sio.manager.is_connected(sid, "/"):
            # Not a disconnection: a client sent a message named "disconnect". socket.io hands
            # it to this handler all the same; it must not end the page's presence.
            return errors.refused("unknown_request", "`disconnect` is not a request.")
        attached = self._attached.pop(sid, None)
        if attached is None:
            return None
        grant = attached.grant
        self._service.projections.unpin(grant.session_id)
        if self._presence.disconnected(grant.session_id, grant.actor, sid, self._clock.now_ms()):
            self._presence_push.touch(grant.session_id)
        return None

    async def _announce_presence(self, session_id: str) -> None:
        links = self._presence.snapshot(session_id)
        await self._sio.emit("presence", {"links": links}, to=watch_room(session_id))

    async def _grant(self, auth: Any) -> Grant:
        """Who the connection is, with its session loaded (and caught up, when shared)."""
        auth = auth if isinstance(auth, dict) else {}
        if isinstance(auth.get("token"), str):
            try:
                grant = self._tokens.read(auth["token"])
            except TokenError as error:
                raise _refuse(error.code, str(error)) from error
            missing = "This session no longer exists on this server."
        elif isinstance(auth.get("code"), str):
            session_id = await self._service.session_for_code(auth["code"])
            if session_id is None:
                raise _refuse("not_found", "No session has this code: check it on the screen.")
            grant = Grant(session_id, Actor("guest"))
            missing = "No session has this code: check it on the screen."
        else:
            raise _refuse("bad_token", "Open the link you were given, or enter a join code.")
        journal = await self._service.open(grant.session_id)
        if journal is None:
            raise _refuse("not_found", missing)
        reason = barred(journal.state.roster, grant.actor)
        if reason is not None:
            raise _refuse("forbidden", reason)
        actor, roster = grant.actor, journal.state.roster
        if actor.role == "participant" and actor.participant_id:
            # A merged record's device is the person it was merged into from now on.
            current = roster.current(actor.participant_id)
            grant = Grant(grant.session_id, replace(actor, participant_id=current))
        return grant

    async def _enter(self, sid: str, grant: Grant, sender: str) -> None:
        """Watchers get every event through one room; everyone else gets public events through
        the session room and their own through their own room (see fanout.py)."""
        journal = self._journal(grant)
        if grant.actor.role in WATCHER_ROLES:
            await self._sio.enter_room(sid, watch_room(grant.session_id))
        else:
            await self._sio.enter_room(sid, session_room(grant.session_id))
        if grant.actor.participant_id:
            await self._sio.enter_room(
                sid, participant_room(grant.session_id, grant.actor.participant_id)
            )
        self._attached[sid] = Attached(grant, journal.published, sender)

    async def _grant_of(self, sid: str) -> Grant:
        return self._attached[sid].grant

    def _journal(self, grant: Grant) -> Journal:
        journal = self._service.journal(grant.session_id)
        assert journal is not None  # sessions are never dropped while a socket is attached
        return journal

    async def command(self, sid: str, data: Any = None) -> dict[str, Any]:
        attached = self._attached[sid]
        grant = attached.grant
        actor = grant.actor
        # One bucket per token: a token names a person, a group or a hub, or else a role
        # (moderator, screen); only a guest, who holds no token yet, is counted per connection.
        whose = actor.participant_id or actor.group_id or (sid if actor.role == "guest" else "")
        holder = f"{grant.session_id}:{actor.role}:{whose}"
        if not self._limits.allow(holder, self._clock.now_ms()):
            return errors.refused(
                "rate_limited", "Too many requests from this device: wait a moment."
            )
        command = COMMANDS.validate_python(data)
        sender = attached.guest if isinstance(command, Join) and attached.guest else attached.sender
        ack = await self._service.dispatch(grant.session_id, command, grant.actor, sender)
        result: dict[str, Any] = {}
        if isinstance(command, Join):
            result = await self._joined(sid, grant, ack.events)
        elif isinstance(command, Endorse):
            result = self._endorsed(grant, ack.events)
        return errors.ok(seq=ack.seq, duplicate=ack.duplicate, result=result)

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
        guest = self._attached[sid].sender
        await self._enter(sid, participant, sender_of(actor))
        self._attached[sid].guest = guest
        token = self._tokens.issue(grant.session_id, actor)
        return {"participant_id": actor.participant_id, "token": token}

    async def sync(self, sid: str, data: Any = None) -> dict[str, Any]:
        attached = self._attached[sid]
        grant = attached.grant
        if not isinstance(data, dict):
            message = "`sync` takes {after}: the last sequence number seen (0 or more)."
            raise errors.Refusal("invalid", message, "after")
        after = SyncRequest.model_validate(data).after
        if self._service.projections.shared:
            try:  # another process may have appended what this page is missing
                await self._service.open(grant.session_id)
            except StoreUnavailable as error:
                log.warning("sync from memory, store unavailable: %s", error)
        journal = self._journal(grant)
        upto = journal.published
        if attached.live_from is not None:
            upto = max(after, min(upto, attached.live_from))
            attached.live_from = None
        # Too far behind, a page is quicker to rebuild from the whole log in one step.
        reset = upto - after > RESUME_WINDOW_EVENTS
        events = journal.visible_after(0 if reset else after, grant.actor, upto)
        return errors.ok(
            events=[c.wire for c in events],
            reset=reset,
            head=upto,  # the reply is complete up to here: nothing visible is missing
            now=self._clock.now_ms(),
            me=_me(journal, grant),
        )

    async def heartbeat(self, sid: str, data: Any = None) -> dict[str, Any]:
        """A page's pulse: it reports its link, learns the newest event it should have, and
        takes a clock sample (`t` echoed beside the server's `now`)."""
        grant = self._attached[sid].grant
        beat = HeartbeatRequest.model_validate(data if data is not None else {})
        rtt_ms = int(beat.rtt_ms) if beat.rtt_ms is not None else None
        now = self._clock.now_ms()
        if self._presence.heartbeat(grant.session_id, grant.actor, now, rtt_ms, beat.unsent):
            self._presence_push.touch(grant.session_id)
        try:
            await self._service.projections.refresh(grant.session_id, REFRESH_SECS)
        except StoreUnavailable as error:
            log.warning("heartbeat from memory, store unavailable: %s", error)
        journal = self._journal(grant)
        return errors.ok(
            head=journal.last_visible(grant.actor, journal.published), now=now, t=beat.t
        )

    async def clock(self, sid: str, data: Any = None) -> dict[str, Any]:
        return {"t": _t(data), "now": self._clock.now_ms()}


def _t(data: Any) -> float | None:
    """The page's clock reading, echoed: only a finite number (NaN is not JSON)."""
    t = data.get("t") if isinstance(data, dict) else None
    ok = isinstance(t, int | float) and not isinstance(t, bool) and math.isfinite(t)
    return t if ok else None


def _me(journal: Journal, grant: Grant) -> dict[str, Any]:
    actor, state = grant.actor, journal.state
    group_id = actor.group_id
    if actor.role == "hub":
        group_id = state.hub_group.get(actor.participant_id or "")
    elif actor.participant_id:
        group_id = state.group_of.get(actor.participant_id)
    return {
        "role": actor.role,
        "session_id": grant.session_id,
        "participant_id": actor.participant_id,
        "group_id": group_id,
    }


def _refuse(code: str, message: str) -> socketio.exceptions.ConnectionRefusedError:
    """The page's connect_error then carries `data: {code, message}`."""
    return socketio.exceptions.ConnectionRefusedError(message, {"code": code, "message": message})
