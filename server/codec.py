"""Events as msgpack bytes in the log, and as plain data on the wire: one schema for both.

A stored entry is `{event, prev}`: the event's wire form as recorded, and the chain hash of its
predecessor (server/record/chain.py). The chain is over the recorded form, not over the event
as today's models would write it again, so a field added to an event later breaks no chain.
Logs written before the chain hold the bare event (it has a `type`); they still load."""

from collections.abc import Sequence
from typing import Any, NamedTuple

import msgpack

from facilitation.events import EVENTS, Event

from .record import chain

Wire = dict[str, Any]


class Recorded(NamedTuple):
    wire: Wire
    """The event as it was recorded."""
    link: str | None
    """The predecessor's chain hash as stored; None for an entry written before the chain."""


def encode(event: Event, link: str) -> bytes:
    return _pack(event.model_dump(mode="json"), link)


def _pack(wire: Wire, link: str) -> bytes:
    packed: bytes = msgpack.packb({"event": wire, "prev": link}, use_bin_type=True)
    return packed


def seal(head: str, events: Sequence[Event]) -> tuple[list[bytes], list[str]]:
    """The payloads of events appended after the event whose chain hash is `head`, each
    linked to its predecessor, and each event's own chain hash."""
    return seal_recorded(head, [event.model_dump(mode="json") for event in events])


def seal_batch(
    head: str, commands: Sequence[tuple[str, Sequence[Event]]]
) -> tuple[list[tuple[str, list[bytes]]], list[str]]:
    """`seal` of a batch of commands' events, chained on in order: each command's key with its
    payloads, and every event's chain hash (the journal keeps them; the next links to the last)."""
    entries, digests = [], []
    for key, events in commands:
        payloads, mine = seal(head, events)
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
    return EVENTS.validate_python(recorded(payload).wire)


def to_wire(event: Event) -> dict[str, Any]:
    return event.model_dump(mode="json")
