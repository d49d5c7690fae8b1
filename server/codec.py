"""Events as msgpack bytes in the log, and as plain data on the wire: one schema for both."""

from typing import Any

import msgpack

from facilitation.events import EVENTS, Event


def encode(event: Event) -> bytes:
    packed: bytes = msgpack.packb(event.model_dump(mode="json"), use_bin_type=True)
    return packed


def decode(payload: bytes) -> Event:
    return EVENTS.validate_python(msgpack.unpackb(payload, raw=False))


def to_wire(event: Event) -> dict[str, Any]:
    return event.model_dump(mode="json")
