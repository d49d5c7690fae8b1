"""The remote part of a session's state: registered hubs, their block positions, raised
hands, and messages between the hubs, facilitators and the moderator."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import singledispatch

from . import events as ev
from .model import Hub

REMOTE_EVENTS = (
    ev.HubRegistered,
    ev.HeadCountSet,
    ev.HubPositionsSet,
    ev.HandRaised,
    ev.MessageSent,
    ev.MessageBroadcast,
    ev.ExpectedHeadCountSet,
)
MESSAGES_KEPT = 200  # the moderator's inbox shows the latest; the log keeps them all


@dataclass(frozen=True)
class HubBlock:
    """A hub's positions on one point: people per choice."""

    group_id: str
    round: int
    counts: Mapping[str, int]


@dataclass(frozen=True)
class Message:
    from_role: str
    from_id: str
    text: str
    sent_at_ms: int


@dataclass(frozen=True)
class Remote:
    hubs: Mapping[str, Hub] = field(default_factory=dict)
    blocks: Mapping[str, Mapping[str, HubBlock]] = field(default_factory=dict)
    """point id -> hub id -> the hub's latest block on that point."""
    hands: frozenset[str] = frozenset()
    """Hubs with a hand raised."""
    messages: tuple[Message, ...] = ()
    broadcast: Message | None = None


@singledispatch
def evolve_remote(event: ev.Event, remote: Remote) -> Remote:
    return remote


@evolve_remote.register
def _(event: ev.HubRegistered, remote: Remote) -> Remote:
    return replace(remote, hubs={**remote.hubs, event.hub.hub_id: event.hub})


@evolve_remote.register
def _(event: ev.HeadCountSet, remote: Remote) -> Remote:
    hub = remote.hubs[event.hub_id].model_copy(update={"head_count": event.head_count})
    return replace(remote, hubs={**remote.hubs, event.hub_id: hub})


@evolve_remote.register
def _(event: ev.ExpectedHeadCountSet, remote: Remote) -> Remote:
    hub = remote.hubs[event.hub_id]
    update = {
        "expected_head_count": event.expected_head_count,
        "head_count": min(hub.head_count, event.expected_head_count),
    }
    return replace(remote, hubs={**remote.hubs, event.hub_id: hub.model_copy(update=update)})


@evolve_remote.register
def _(event: ev.HubPositionsSet, remote: Remote) -> Remote:
    block = HubBlock(event.group_id, event.round, dict(event.counts))
    on_point = {**remote.blocks.get(event.point_id, {}), event.hub_id: block}
    return replace(remote, blocks={**remote.blocks, event.point_id: on_point})


@evolve_remote.register
def _(event: ev.HandRaised, remote: Remote) -> Remote:
    hands = remote.hands | {event.hub_id} if event.raised else remote.hands - {event.hub_id}
    return replace(remote, hands=hands)


@evolve_remote.register
def _(event: ev.MessageSent, remote: Remote) -> Remote:
    message = Message(event.from_role, event.from_id, event.text, event.sent_at_ms)
    return replace(remote, messages=(*remote.messages, message)[-MESSAGES_KEPT:])


@evolve_remote.register
def _(event: ev.MessageBroadcast, remote: Remote) -> Remote:
    return replace(remote, broadcast=Message("moderator", "", event.text, event.sent_at_ms))
