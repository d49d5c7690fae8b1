"""Verifying an archive: its shape, every event, the hash chain, the signature on its head and,
replayed, what the log claims (server/record/audit.py). `roundtable verify` prints these checks
and POST /api/sessions/import refuses on them: one set of checks for both."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from facilitation.events import EVENTS, Event, SessionCreated

from . import audit
from .chain import GENESIS, ChainError, hashed_form, is_hash, link
from .checks import Check, Verdict, failed, ok
from .signing import ALGORITHM, HEAD_FIELDS, PublicKey, head_message

FORMAT = "roundtable-archive"
VERSION = 2
VERSIONS = (1, 2)
"""Version 1 (before the chain) is still read, and reported as neither chained nor signed."""
ENTRY_KEYS = {1: {"seq", "event"}, 2: {"seq", "event", "prev", "hash"}}
"""Besides these, a version 2 entry may say who gave its event's command (`by`)."""
_UNKNOWN_TYPE = {"union_tag_invalid", "union_tag_not_found"}


@dataclass(frozen=True)
class KnownKey:
    """A key the archive's signer is compared with: `--key`, a server's, this server's."""

    label: str
    key: PublicKey


class Stop(Exception):
    """A check failed in a way that leaves nothing further to check."""

    def __init__(self, check: Check) -> None:
        super().__init__(check.message)
        self.check = check


def verify_archive(body: Any, known: Sequence[KnownKey] = ()) -> Verdict:
    """Every check, in order; stops early only where later checks would mean nothing."""
    verdict = Verdict()
    try:
        items = _document(body, verdict)
        verdict.events = [_event(index, item, verdict.version) for index, item in enumerate(items)]
        verdict.session_id = _session(body.get("session_id"), verdict.events)
        verdict.checks.append(
            ok("events", f"{len(items)} events, numbered 1 to {len(items)}, all of known types")
        )
    except Stop as stop:
        verdict.checks.append(stop.check)
        return verdict
    if verdict.version == 1:
        verdict.checks.append(Check("chain", "absent", "version 1 archive: no hash chain"))
        verdict.checks.append(Check("signature", "absent", "version 1 archive: not signed"))
    else:
        verdict.checks.append(_chain(items))
        verdict.checks += _signature(body, items, verdict, known)
    verdict.checks += audit.audit(verdict.events, body.get("summary"))
    return verdict


def _document(body: Any, verdict: Verdict) -> list[Any]:
    if not isinstance(body, dict):
        raise Stop(failed("archive", "An archive is a JSON object."))
    if body.get("format") != FORMAT:
        raise Stop(failed("archive", f"This is not a {FORMAT} file.", "format"))
    version = body.get("version")
    if version not in VERSIONS or isinstance(version, bool):
        raise Stop(
            failed("archive", f"Archives of version 1 or 2 are read, not {version!r}.", "version")
        )
    verdict.version = int(version)
    items = body.get("events")
    if not isinstance(items, list) or not items:
        raise Stop(failed("archive", "The archive holds no events.", "events"))
    return items


def _event(index: int, item: Any, version: int | None) -> Event:
    field = f"events.{index}"
    keys = ENTRY_KEYS[version or VERSION]
    if not isinstance(item, dict) or set(item) - {"by"} != keys:
        shape = "{" + ", ".join(sorted(keys)) + "}"
        raise Stop(failed("events", f"Entry {index + 1} is not {shape}.", field))
    seq = item["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq != index + 1:
        raise Stop(
            failed(
                "events",
                f"Events are numbered 1, 2, 3, ... without a gap: entry {index + 1} has "
                f"number {seq!r}.",
                f"{field}.seq",
            )
        )
    try:
        event: Event = EVENTS.validate_python(item["event"])
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        if first["type"] in _UNKNOWN_TYPE:
            message = f"Event {seq} is of a type this server does not know."
            raise Stop(failed("events", message, field, "unknown_event")) from error
        where = ".".join(str(part) for part in first["loc"])
        message = f"Event {seq} is not valid: {where}: {first['msg']}"
        raise Stop(failed("events", message, field)) from error
    return event


def _session(session_id: Any, events: list[Event]) -> str:
    first = events[0]
    if not isinstance(first, SessionCreated):
        raise Stop(failed("events", "A session's log opens with SessionCreated.", "events.0"))
    if session_id != first.session_id:
        message = "The archive's session id is not the one its log creates."
        raise Stop(failed("events", message, "session_id"))
    again = next((n for n, e in enumerate(events[1:], 1) if isinstance(e, SessionCreated)), None)
    if again is not None:
        raise Stop(failed("events", "A log creates its session once.", f"events.{again}"))
    return first.session_id


def _chain(items: list[dict[str, Any]]) -> Check:
    expected = GENESIS
    for index, item in enumerate(items):
        seq, field = index + 1, f"events.{index}"
        prev, claimed = item["prev"], item["hash"]
        if not is_hash(prev) or not is_hash(claimed):
            return failed("chain", f"Event {seq}'s prev and hash are not SHA-256 in hex.", field)
        try:
            actual = link(prev, hashed_form(item))
        except ChainError as error:
            return failed("chain", f"Event {seq} cannot be hashed: {error}.", field)
        if actual != claimed:
            return failed("chain", f"event {seq} altered: its hash does not match the chain", field)
        if prev != expected:
            before = "the start of the log" if seq == 1 else f"event {seq - 1}"
            return failed(
                "chain",
                f"event {seq} does not follow {before}: its link is not that event's hash "
                "(an event removed, inserted or moved)",
                field,
            )
        expected = claimed
    return ok("chain", f"{len(items)} events, each linked to the one before (head {expected})")


def _signature(
    body: dict[str, Any], items: list[dict[str, Any]], verdict: Verdict, known: Sequence[KnownKey]
) -> list[Check]:
    block = body.get("signature")
    if not isinstance(block, dict) or block.get("algorithm") != ALGORITHM:
        return [failed("signature", f"The archive carries no {ALGORITHM} signature.", "signature")]
    try:
        key = PublicKey.from_base64(str(block.get("public_key", "")))
    except ValueError as error:
        return [failed("signature", f"The signing key is not readable: {error}.", "signature")]
    if block.get("fingerprint") != key.fingerprint:
        message = "The signature's fingerprint is not its key's: the block was edited."
        return [failed("signature", message, "signature")]
    head = {
        **{name: body.get(name) for name in HEAD_FIELDS},
        "last_seq": items[-1]["seq"],
        "last_hash": items[-1]["hash"],
    }
    try:
        signed = head_message(head)
    except ChainError as error:
        return [failed("signature", f"The archive's head cannot be read: {error}.", "signature")]
    if not key.verifies(signed, str(block.get("value", ""))):
        message = (
            "the signature does not match the archive's head: changed after signing "
            "(its session, export time, or its last events)"
        )
        return [failed("signature", message, "signature")]
    verdict.signer = key
    said = f"{ALGORITHM} over the head (session, export time, event {head['last_seq']} and its "
    said += f"hash), key {key.fingerprint} (the key in the archive)"
    checks = [ok("signature", said)]
    for other in known:
        if other.key == key:
            checks.append(ok("key", f"signed with {other.label} ({key.fingerprint})"))
        else:
            message = f"signed with {key.fingerprint}, not {other.label} ({other.key.fingerprint})"
            checks.append(failed("key", message, "signature", "forbidden"))
    return checks
