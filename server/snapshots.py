"""A session's folded state as bytes beside its log, so loading a long session folds only the
events after the snapshot. The schema number is derived from the state's shape: a server whose
state differs ignores older snapshots and folds from the log (then saves a new one)."""

import json
import zlib
from typing import Any

import msgpack
from pydantic import TypeAdapter

from facilitation.state import SessionState

SNAPSHOT_EVERY_EVENTS = 1_000
"""About a minute of a 2,000-person session's busiest moments; folding fewer events than this
on a load costs tens of milliseconds."""

_STATE: TypeAdapter[SessionState] = TypeAdapter(SessionState)
SCHEMA = zlib.crc32(json.dumps(_STATE.json_schema(), sort_keys=True).encode())


def _plain(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"a snapshot cannot hold {type(value).__name__}")


def encode_state(state: SessionState) -> bytes:
    # msgpack rather than JSON: the state has maps keyed by (group, point) pairs.
    packed: bytes = msgpack.packb(_STATE.dump_python(state), default=_plain, use_bin_type=True)
    return packed


def decode_state(payload: bytes) -> SessionState:
    plain = msgpack.unpackb(payload, raw=False, use_list=False, strict_map_key=False)
    return _STATE.validate_python(plain)
