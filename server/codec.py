"""Events as msgpack bytes in the log, and as plain data on the wire: one schema for both.

A stored entry is `{event, prev}`: the event's wire form and the chain hash of its predecessor
(server/record/chain.py). Logs written before the chain hold the bare event; they still load,
and their links are computed when the chain is next needed."""

from collections.abc import Sequence
from typing import Any, NamedTuple

import msgpack

from facilitation.events import EVENTS, Event

from .record import chain


class Entry(NamedTuple):
    event: Event
    link: str | None
    """The predecessor's chain hash as stored; None for an entry written before the chain."""


def encode(event: Event, link: str) -> bytes:
    return _pack(event.model_dump(mode="json"), link)


def _pack(wire: dict[str, Any], link: str) -> bytes:
    packed: bytes = msgpack.packb({"event": wire, "prev": link}, use_bin_type=True)
    return packed


def seal(head: str, events: Sequence[Event]) -> tuple[list[bytes], list[str]]:
    """The payloads of events appended after the event whose chain hash is `head`, each
    linked to its predecessor, and each event's own chain hash."""
    payloads, digests = [], []
    for event in events:
        wire = event.model_dump(mode="json")
        payloads.append(_pack(wire, head))
        head = chain.link(head, wire)
        digests.append(head)
    return payloads, digests


def unpack(payload: bytes) -> Entry:
    data = msgpack.unpackb(payload, raw=False)
    if isinstance(data, dict) and "type" not in data and "event" in data:
        prev = data.get("prev")
        return Entry(EVENTS.validate_python(data["event"]), prev if isinstance(prev, str) else None)
    return Entry(EVENTS.validate_python(data), None)  # a bare event: written before the chain


def decode(payload: bytes) -> Event:
    return unpack(payload).event


def to_wire(event: Event) -> dict[str, Any]:
    return event.model_dump(mode="json")
