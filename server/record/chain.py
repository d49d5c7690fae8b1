"""The hash chain over a session's log: every event is stored with the hash of its predecessor,
so an event altered, removed, inserted or moved shows as a broken link.

    hash_0 = GENESIS (64 zeros, hex)
    hash_n = SHA-256(bytes(hash_{n-1}) || JCS(event_n))

JCS is RFC 8785 canonical JSON of the event's wire form (keys sorted, no spaces, UTF-8, numbers
as ECMAScript writes them): events carry floats (a provenance's shares and score), and a
verifier in another language must produce the very same bytes."""

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import rfc8785

from facilitation.events import Event

GENESIS = "0" * 64
"""hash_0: what the first event of every session links to."""
HASH_HEX_CHARS = 64


class ChainError(ValueError):
    """A value the chain cannot be computed over: a link that is not a SHA-256 in hex, or an
    event that has no canonical form (a number beyond JSON's safe integers, say)."""


def canonical(wire: Any) -> bytes:
    """RFC 8785 (JCS) bytes of a JSON value."""
    try:
        return rfc8785.dumps(wire)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as error:
        raise ChainError(f"no canonical JSON form: {error}") from error


def is_hash(text: object) -> bool:
    return (
        isinstance(text, str)
        and len(text) == HASH_HEX_CHARS
        and all(c in "0123456789abcdef" for c in text)
    )


BY = "by"
"""Who gave the command an event came from. Chained with the event (an archive entry's `by`
is hashed as one more key of its `event`), but no field of the event itself."""


def hashed_form(entry: Mapping[str, Any]) -> Any:
    """What an archive entry's chain hash is over: its event, with its `by` when it has one."""
    event = entry.get("event")
    by = entry.get(BY)
    if by is None or not isinstance(event, Mapping):
        return event
    return {**event, BY: by}


def link(prev: str, wire: Mapping[str, Any]) -> str:
    """hash_n from hash_{n-1} and event n's wire form (a dict, as JSON carries it)."""
    if not is_hash(prev):
        raise ChainError("a link is 64 lower-case hex digits")
    return hashlib.sha256(bytes.fromhex(prev) + canonical(wire)).hexdigest()


def event_hash(prev: str, event: Event) -> str:
    return link(prev, event.model_dump(mode="json"))


def hashes(events: Iterable[Event], head: str = GENESIS) -> list[str]:
    """The chain hash of each event in turn, starting from `head`."""
    found = []
    for event in events:
        head = event_hash(head, event)
        found.append(head)
    return found


def walk(
    entries: Iterable[tuple[str | None, Mapping[str, Any]]], start: str = GENESIS
) -> Iterator[tuple[str, str]]:
    """(link, hash) of each stored (link, event) in turn, after the event whose hash is
    `start`. A stored link is kept as it is, so a log altered in the store still shows the
    break; a missing one (written before the chain existed) is the hash of the event before."""
    running = start
    for stored, wire in entries:
        prev = stored if stored is not None else running
        running = link(prev if is_hash(prev) else running, wire)
        yield prev, running


def last_hash(
    entries: Sequence[tuple[str | None, Mapping[str, Any]]], start: str = GENESIS
) -> str:
    """The chain hash of the last of the stored (link, event) entries, which follow the event
    whose hash is `start`: from its own stored link when it has one, else (a log from before
    the chain) by walking them all."""
    stored, wire = entries[-1]
    if is_hash(stored):
        assert stored is not None
        return link(stored, wire)
    return [digest for _, digest in walk(entries, start)][-1]
