"""The JSON archive of a session's whole log (format version 2: every event with its chain
link and hash, a summary of the report's scores, the server's signature on the head), and
reading one back through the very checks `roundtable verify` runs (server/record/verify.py)
before anything is stored."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from facilitation.events import Event
from facilitation.state import SessionState

from ..codec import Wire, recorded
from ..errors import Refusal
from ..record.audit import summary
from ..record.chain import BY, hashed_form, walk
from ..record.checks import Verdict
from ..record.signing import PublicKey, Signer
from ..record.verify import FORMAT, VERSION, verify_archive
from ..store import StoredEvent


class ArchiveError(Refusal):
    """Why an archive cannot be imported: becomes a structured error; nothing is stored."""


def export_archive(
    state: SessionState, stored: Sequence[StoredEvent], exported_at_ms: int, signer: Signer
) -> dict[str, Any]:
    """`stored` is the whole log as the store holds it, and `state` its fold: the archive
    carries each event as it was recorded, with its stored link, so the chain it shows is
    the one the store kept (an event altered in the database shows as a break)."""
    entries = [recorded(s.payload) for s in stored]
    chained = walk((e.link, e.wire) for e in entries)
    events = [
        _entry(s.seq, e.wire, prev, digest)
        for s, e, (prev, digest) in zip(stored, entries, chained, strict=True)
    ]
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "session_id": state.session_id,
        "exported_at_ms": exported_at_ms,
        "events": events,
        "summary": summary(state),
    }
    head = {**document, "last_seq": events[-1]["seq"], "last_hash": events[-1]["hash"]}
    document["signature"] = signer.sign(head)
    return document


def _entry(seq: int, wire: Wire, prev: str, digest: str) -> dict[str, Any]:
    """An archive entry: the event, who gave it (`by`, when the log says), and its links."""
    entry: dict[str, Any] = {"seq": seq, "event": {k: v for k, v in wire.items() if k != BY}}
    if BY in wire:
        entry[BY] = wire[BY]
    return {**entry, "prev": prev, "hash": digest}


@dataclass(frozen=True)
class Archive:
    session_id: str
    events: list[Event]
    recorded: list[Wire]
    """Each event as the archive writes it: what its chain hashes, and what is stored."""
    version: int
    signer: PublicKey | None
    """The key whose signature holds (None: a version 1 archive, which has none)."""


def read_archive(body: Any) -> Archive:
    """The archive's session and events, in order, once every check holds; raises
    ArchiveError naming the first that fails. A version 1 archive (no chain, no signature)
    passes here: whether to take it is the importer's call."""
    if not isinstance(body, dict):
        raise ArchiveError("invalid", "An archive is a JSON object.", status=400)
    verdict: Verdict = verify_archive(body)
    fault = verdict.first("failed")
    if fault is not None:
        raise ArchiveError(fault.code, _sentence(fault.message), fault.field)
    assert verdict.session_id is not None and verdict.version is not None
    recorded = [hashed_form(item) for item in body["events"]]
    return Archive(
        verdict.session_id, verdict.events, recorded, verdict.version, verdict.signer
    )


def _sentence(message: str) -> str:
    text = message[:1].upper() + message[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
