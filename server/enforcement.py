"""The moderator's decisions about people, carried out on their connections: a removed or
turned-away person's sockets, a revoked link's, and a merged record's (which comes back as the
person it was merged into) are closed once the event that says so has reached them."""

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import socketio

from facilitation import events as ev
from facilitation.context import Actor
from facilitation.roster import Roster

from .fanout import Fanout
from .journal import Committed, Journal
from .tokens import Grant

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    session_id: str
    participant_id: str | None = None
    link_id: str | None = None

    def matches(self, grant: Grant) -> bool:
        actor = grant.actor
        if grant.session_id != self.session_id:
            return False
        if self.link_id is not None:
            return actor.link_id == self.link_id
        return actor.participant_id == self.participant_id and actor.role == "participant"


def targets(session_id: str, committed: Iterable[Committed]) -> list[Target]:
    found = []
    for c in committed:
        event = c.event
        if isinstance(event, ev.ParticipantRemoved):
            found.append(Target(session_id, participant_id=event.participant_id))
        elif isinstance(event, ev.ParticipantsMerged):
            found.append(Target(session_id, participant_id=event.merged_id))
        elif isinstance(event, ev.JoinsDecided):
            found += [Target(session_id, participant_id=p) for p in event.turned_away]
        elif isinstance(event, ev.RoleLinkRevoked):
            found.append(Target(session_id, link_id=event.link_id))
    return found


def barred(roster: Roster, actor: Actor) -> str | None:
    """Why this token may not connect any more, or None."""
    reason = roster.link_barred(actor.link_id)
    if reason is None and actor.role == "participant" and actor.participant_id:
        current = roster.current(actor.participant_id)
        if current in roster.removed or current in roster.turned_away:
            reason = roster.barred(actor.participant_id)
    return reason


class Enforcer:
    def __init__(
        self, sio: socketio.AsyncServer, fanout: Fanout, grants: Callable[[], dict[str, Grant]]
    ) -> None:
        self._sio = sio
        self._fanout = fanout
        self._grants = grants
        self._tasks: set[asyncio.Task[None]] = set()

    def committed(self, journal: Journal, committed: list[Committed]) -> "asyncio.Future[None]":
        """After a commit here: the ack waits until the sockets concerned are closed."""
        found = targets(journal.state.session_id, committed)
        if not found:
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            done.set_result(None)
            return done
        task = asyncio.create_task(self._close(journal, committed[-1].seq, found))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def caught_up(self, journal: Journal, committed: list[Committed]) -> None:
        """Another process committed it: close this process's sockets concerned."""
        self.committed(journal, committed)

    async def _close(self, journal: Journal, seq: int, found: list[Target]) -> None:
        try:
            await self._fanout.sent(journal, seq)  # they learn why before the line drops
            for sid, grant in list(self._grants().items()):
                if any(t.matches(grant) for t in found):
                    await self._sio.disconnect(sid)
        except Exception:  # a task boundary: the token is refused at its next use anyway
            log.exception("closing sockets in %s failed", journal.state.session_id)
