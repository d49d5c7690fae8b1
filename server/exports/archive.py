"""The JSON archive of a session's whole log, and reading one back: every event validated,
numbered 1..N without a gap, and the log replayed, before anything is stored."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from facilitation.events import EVENTS, Event, SessionCreated
from facilitation.state import replay

from ..codec import to_wire
from ..errors import Refusal
from ..journal import Committed

FORMAT = "roundtable-archive"
VERSION = 1
_UNKNOWN_TYPE = {"union_tag_invalid", "union_tag_not_found"}
REPLAY_ERRORS = (LookupError, ValueError, TypeError, AttributeError, ArithmeticError)
"""What folding a forged log can raise (an event about a group that was never created...)."""


class ArchiveError(Refusal):
    """Why an archive cannot be imported: becomes a structured error; nothing is stored."""


def export_archive(
    session_id: str, committed: Sequence[Committed], exported_at_ms: int
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "session_id": session_id,
        "exported_at_ms": exported_at_ms,
        "events": [{"seq": c.seq, "event": to_wire(c.event)} for c in committed],
    }


@dataclass(frozen=True)
class Archive:
    session_id: str
    events: list[Event]


def read_archive(body: Any) -> Archive:
    """The archive's session and events, in order; raises ArchiveError on anything amiss."""
    if not isinstance(body, dict):
        raise ArchiveError("invalid", "An archive is a JSON object.", status=400)
    if body.get("format") != FORMAT:
        raise ArchiveError("invalid", f"This is not a {FORMAT} file.", "format")
    if body.get("version") != VERSION:
        raise ArchiveError(
            "invalid", f"This server reads archives of version {VERSION} only.", "version"
        )
    items = body.get("events")
    if not isinstance(items, list) or not items:
        raise ArchiveError("invalid", "The archive holds no events.", "events")
    events = [_event(index, item) for index, item in enumerate(items)]
    session_id = _check_session(body.get("session_id"), events)
    try:
        replay(events)
    except REPLAY_ERRORS as error:
        raise ArchiveError(
            "invalid", f"The log does not replay: {type(error).__name__}.", "events"
        ) from error
    return Archive(session_id, events)


def _event(index: int, item: Any) -> Event:
    field = f"events.{index}"
    if not isinstance(item, dict) or set(item) != {"seq", "event"}:
        raise ArchiveError("invalid", "Each entry is {seq, event}.", field)
    seq = item["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq != index + 1:
        raise ArchiveError(
            "invalid",
            f"Events are numbered 1, 2, 3, ... without a gap: entry {index + 1} has "
            f"number {seq!r}.",
            f"{field}.seq",
        )
    try:
        event: Event = EVENTS.validate_python(item["event"])
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        if first["type"] in _UNKNOWN_TYPE:
            raise ArchiveError(
                "unknown_event", f"Event {seq} is of a type this server does not know.", field
            ) from error
        where = ".".join(str(part) for part in first["loc"])
        raise ArchiveError(
            "invalid", f"Event {seq} is not valid: {where}: {first['msg']}", field
        ) from error
    return event


def _check_session(session_id: Any, events: list[Event]) -> str:
    first = events[0]
    if not isinstance(first, SessionCreated):
        raise ArchiveError("invalid", "A session's log opens with SessionCreated.", "events.0")
    if session_id != first.session_id:
        raise ArchiveError(
            "invalid", "The archive's session id is not the one its log creates.", "session_id"
        )
    again = next((n for n, e in enumerate(events[1:], 1) if isinstance(e, SessionCreated)), None)
    if again is not None:
        raise ArchiveError("invalid", "A log creates its session once.", f"events.{again}")
    return first.session_id
