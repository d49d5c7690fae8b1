"""Archives as a forger would change them, and the stores and commands the record tests use
to see what a server kept."""

import copy
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

from server.record.chain import GENESIS, hashed_form, link
from server.record.signing import Signer

Archive = dict[str, Any]
ANOTHER_SECRET = b"a secret that is not this server's" * 2


def index_of(archive: Archive, event_type: str, nth: int = 0) -> int:
    """The entry index (from 0) of the nth event of a type."""
    found = [i for i, e in enumerate(archive["events"]) if e["event"]["type"] == event_type]
    return found[nth]


def renumbered(archive: Archive) -> Archive:
    for index, entry in enumerate(archive["events"]):
        entry["seq"] = index + 1
    return archive


def altered(archive: Archive) -> tuple[Archive, int]:
    """An invented endorser in place of a real one, nothing else touched."""
    forged = copy.deepcopy(archive)
    index = index_of(forged, "EndorsementGiven")
    forged["events"][index]["event"]["endorsement"]["name"] = "Invented Endorser"
    return forged, index


def removed(archive: Archive) -> tuple[Archive, int]:
    """A reaction taken out, the rest renumbered so that no gap shows."""
    forged = copy.deepcopy(archive)
    index = index_of(forged, "ReactionGiven")
    del forged["events"][index]
    return renumbered(forged), index


def reordered(archive: Archive) -> tuple[Archive, int]:
    """Two outcomes swapped, renumbered."""
    forged = copy.deepcopy(archive)
    index = index_of(forged, "OutcomeRecorded")
    events = forged["events"]
    events[index], events[index + 1] = events[index + 1], events[index]
    return renumbered(forged), index


def resealed(archive: Archive, signer: Signer | None = None) -> Archive:
    """The chain recomputed over whatever the events now say, and signed (by default with a
    key that is not the server's): what a careful forger sends."""
    forged = copy.deepcopy(archive)
    prev = GENESIS
    for entry in forged["events"]:
        entry["prev"], entry["hash"] = prev, link(prev, hashed_form(entry))
        prev = entry["hash"]
    last = forged["events"][-1]
    head = {**forged, "last_seq": last["seq"], "last_hash": last["hash"]}
    forged["signature"] = (signer or Signer(ANOTHER_SECRET)).sign(head)
    return forged


def write(archive: Archive, path: Path) -> Path:
    path.write_text(json.dumps(archive), encoding="utf-8")
    return path


def roundtable(*args: str) -> tuple[int, str]:
    """The `roundtable` console script, as a person runs it: its exit code and what it printed."""
    command = Path(sys.executable).with_name("roundtable")
    done = subprocess.run(
        [str(command), *args], capture_output=True, text=True, timeout=60, check=False
    )
    return done.returncode, done.stdout + done.stderr


def stored_sessions(database: Path) -> set[str]:
    """The sessions a server's SQLite log holds, read beside the running server."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        return {row[0] for row in db.execute("SELECT DISTINCT session_id FROM events")}


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (its secret included)."""
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(target)) as copied:
        live.backup(copied)
