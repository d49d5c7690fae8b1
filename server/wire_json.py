"""The socket's JSON. engine.io's own refuses a number of over 100 digits by raising while it
reads the packet, so such a message is dropped with a traceback and its sender never hears
back. Here such numbers read as infinity instead: the message reaches its handler, fails the
model's bounds like any bad number, and is answered with an `invalid` reply. Writing never
emits NaN or Infinity, which are not JSON and which a browser's JSON.parse refuses."""

import json
from typing import Any

MAX_INTEGER_DIGITS = 30  # far beyond any count, id or time the protocol has


def _integer(text: str) -> int | float:
    if len(text.lstrip("-")) <= MAX_INTEGER_DIGITS:
        return int(text)
    return float("-inf") if text.startswith("-") else float("inf")


def loads(text: str | bytes, **options: Any) -> Any:
    options.setdefault("parse_int", _integer)
    return json.loads(text, **options)


def dumps(value: Any, **options: Any) -> str:
    options.setdefault("allow_nan", False)
    return json.dumps(value, **options)
