"""Who is connected, kept in memory per process: presence is a fact of the moment, not of
the session, so it never enters the log. Facilitator tablets and hubs report their round-trip
time and unsent items with each heartbeat; the moderator sees it all."""

from dataclasses import dataclass, field, replace
from typing import Any

from facilitation.context import Actor

TRACKED_ROLES = frozenset({"facilitator", "hub"})
RTT_NOTABLE_MS = 100  # a change in round-trip time the moderator would act on


@dataclass(frozen=True)
class Link:
    """One tablet's or hub's connection as the moderator sees it."""

    role: str
    key: str
    connected: bool
    since_ms: int
    last_seen_ms: int
    rtt_ms: int | None = None
    unsent: int = 0
    sockets: frozenset[str] = frozenset()


@dataclass
class Presence:
    links: dict[str, dict[tuple[str, str], Link]] = field(default_factory=dict)
    """session id -> (role, group or hub id) -> its link."""

    @staticmethod
    def key_of(actor: Actor) -> tuple[str, str] | None:
        if actor.role not in TRACKED_ROLES:
            return None
        return actor.role, (
            actor.group_id if actor.role == "facilitator" else actor.participant_id
        ) or ""

    def connected(self, session_id: str, actor: Actor, sid: str, now_ms: int) -> bool:
        key = self.key_of(actor)
        if key is None:
            return False
        links = self.links.setdefault(session_id, {})
        old = links.get(key)
        if old is None or not old.connected:
            links[key] = Link(key[0], key[1], True, now_ms, now_ms, sockets=frozenset({sid}))
        else:
            links[key] = replace(old, last_seen_ms=now_ms, sockets=old.sockets | {sid})
        return True

    def disconnected(self, session_id: str, actor: Actor, sid: str, now_ms: int) -> bool:
        key = self.key_of(actor)
        old = self.links.get(session_id, {}).get(key) if key else None
        if key is None or old is None:
            return False
        sockets = old.sockets - {sid}
        still = bool(sockets)
        since = old.since_ms if still else now_ms
        self.links[session_id][key] = replace(old, connected=still, since_ms=since, sockets=sockets)
        return True

    def heartbeat(
        self, session_id: str, actor: Actor, now_ms: int, rtt_ms: int | None, unsent: int
    ) -> bool:
        """Record a pulse; True when it changed what the moderator should be shown."""
        key = self.key_of(actor)
        old = self.links.get(session_id, {}).get(key) if key else None
        if key is None or old is None:
            return False
        self.links[session_id][key] = replace(
            old, last_seen_ms=now_ms, rtt_ms=rtt_ms, unsent=unsent
        )
        # A pulse that only says "still here" is not worth a push to every watcher.
        return old.unsent != unsent or _moved(old.rtt_ms, rtt_ms)

    def snapshot(self, session_id: str) -> list[dict[str, Any]]:
        return [
            {
                "role": link.role,
                "key": link.key,
                "connected": link.connected,
                "since_ms": link.since_ms,
                "last_seen_ms": link.last_seen_ms,
                "rtt_ms": link.rtt_ms,
                "unsent": link.unsent,
            }
            for link in sorted(
                self.links.get(session_id, {}).values(), key=lambda link: (link.role, link.key)
            )
        ]


def _moved(before: int | None, after: int | None) -> bool:
    if before is None or after is None:
        return before != after
    return abs(after - before) >= max(RTT_NOTABLE_MS, before // 2)
