"""Events as msgpack bytes in the log, and as plain data on the wire: one schema for both.

A stored entry is `{event, prev}`: the event's wire form as recorded, and the chain hash of its
predecessor (server/record/chain.py). The chain is over the recorded form, not over the event
as today's models would write it again, so a field added to an event later breaks no chain.
Logs written before the chain hold the bare event (it has a `type`); they still load.

The recorded form also says who gave the command, as a `by` key beside the event's fields
(`{role, id?, link?}`: a person's or hub's id, a group's, a named link's): so attribution is
under the chain like the event itself, and travels in the archive. The core's events do not
carry it (it is no fact of the process), so it is set aside before an event is read."""

from collections.abc import Sequence
from typing import Any, NamedTuple

import msgpack

from facilitation.context import Actor
from facilitation.events import EVENTS, Event

from .record import chain

Wire = dict[str, Any]


class Recorded(NamedTuple):
    wire: Wire
    """The event as it was recorded."""
    link: str | None
    """The predecessor's chain hash as stored; None for an entry written before the chain."""


BY = "by"


def by_of(actor: Actor) -> dict[str, str]:
    """Who gave a command, as the record says it: a role, and whose token it was."""
    by: dict[str, str] = {"role": actor.role}
    whose = actor.participant_id or actor.group_id
    if whose and actor.role != "guest":
        by["id"] = whose
    if actor.link_id:
        by["link"] = actor.link_id
    return by


def event_of(wire: Wire) -> Event:
    """The event a recorded entry holds, its attribution set aside."""
    return EVENTS.validate_python({k: v for k, v in wire.items() if k != BY})


def encode(event: Event, link: str) -> bytes:
    return _pack(event.model_dump(mode="json"), link)


def _pack(wire: Wire, link: str) -> bytes:
    packed: bytes = msgpack.packb({"event": wire, "prev": link}, use_bin_type=True)
    return packed


def seal(
    head: str, events: Sequence[Event], by: dict[str, str] | None = None
) -> tuple[list[bytes], list[str]]:
    """The payloads of events appended after the event whose chain hash is `head`, each
    linked to its predecessor and saying who gave them, and each event's own chain hash."""
    attribution = {BY: by} if by else {}
    return seal_recorded(head, [{**e.model_dump(mode="json"), **attribution} for e in events])


def seal_batch(
    head: str, commands: Sequence[tuple[str, Sequence[Event], dict[str, str]]]
) -> tuple[list[tuple[str, list[bytes]]], list[str]]:
    """`seal` of a batch of commands' events, chained on in order: each command's key with its
    payloads, and every event's chain hash (the journal keeps them; the next links to the last)."""
    entries, digests = [], []
    for key, events, by in commands:
        payloads, mine = seal(head, events, by)
        head = mine[-1] if mine else head
        entries.append((key, payloads))
        digests += mine
    return entries, digests


def seal_recorded(head: str, wires: Sequence[Wire]) -> tuple[list[bytes], list[str]]:
    """`seal` of events in the form they were recorded in (an archive's, on import)."""
    payloads, digests = [], []
    for wire in wires:
        payloads.append(_pack(wire, head))
        head = chain.link(head, wire)
        digests.append(head)
    return payloads, digests


def recorded(payload: bytes) -> Recorded:
    """A stored entry as recorded, not validated: what the chain and the archive are made of."""
    data = msgpack.unpackb(payload, raw=False)
    if isinstance(data, dict) and "type" not in data and isinstance(data.get("event"), dict):
        prev = data.get("prev")
        return Recorded(data["event"], prev if isinstance(prev, str) else None)
    return Recorded(data, None)  # a bare event: written before the chain


def decode(payload: bytes) -> Event:
    return event_of(recorded(payload).wire)


def to_wire(event: Event) -> dict[str, Any]:
    return event.model_dump(mode="json")
