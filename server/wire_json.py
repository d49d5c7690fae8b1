"""The socket's JSON. Writing goes through orjson, several times faster than the standard
library's encoder: every ack and every broadcast is encoded here, thousands a second at a
large meeting. Reading uses the standard library with one change: engine.io's own reader
refuses a number of over 100 digits by raising while it reads the packet, so such a message is
dropped with a traceback and its sender never hears back; here such numbers read as infinity
instead, so the message reaches its handler, fails the model's bounds like any bad number, and
is answered with an `invalid` reply."""

import json
from typing import Any

import orjson
from socketio import packet

MAX_INTEGER_DIGITS = 30  # far beyond any count, id or time the protocol has


def _integer(text: str) -> int | float:
    if len(text.lstrip("-")) <= MAX_INTEGER_DIGITS:
        return int(text)
    return float("-inf") if text.startswith("-") else float("inf")


def loads(text: str | bytes, **options: Any) -> Any:
    options.setdefault("parse_int", _integer)
    return json.loads(text, **options)


def dumps(value: Any, **options: Any) -> str:
    """JSON text; never NaN or Infinity, which a browser's JSON.parse refuses (orjson writes
    them as null). The standard library's encoder takes what orjson will not (int keys)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, allow_nan=False, **options)


class JsonPacket(packet.Packet):  # type: ignore[misc]
    """socket.io packets of this protocol: JSON text only, never binary attachments, so the
    walk through every reply's data looking for bytes (a few percent of the server's time at
    2,000 people) is skipped."""

    uses_binary_events = False
