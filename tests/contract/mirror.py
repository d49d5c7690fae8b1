"""The pages' state in Python's hands: the core's state in the shape of the pages' one (the
mirror tests compare the two after every event), and node running the pages' modules."""

import dataclasses
import json
import subprocess
from pathlib import Path
from typing import Any

from facilitation.state import SessionState

JS = Path(__file__).resolve().parents[2] / "client_static" / "js"
NODE_TIMEOUT_SECS = 120  # one node process per batch of sessions, never one per event


def module(name: str) -> str:
    """A page module as node imports it (a file: URL)."""
    return json.dumps((JS / name).as_uri())


def run_node(script: str, data: Any) -> Any:
    """Run an ES module script under node with `data` as JSON on stdin; its stdout as JSON."""
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT_SECS,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def as_plain(state: SessionState) -> dict[str, Any]:
    """The Python state in the shape of the JS one: plain data, outcome keys "group|point"."""

    def dump(value: Any) -> Any:
        return value.model_dump(mode="json") if hasattr(value, "model_dump") else value

    clock = None
    if state.clock is not None:
        clock = {**dataclasses.asdict(state.clock), "warned": sorted(state.clock.warned)}
    return {
        "session_id": state.session_id,
        "code": state.code,
        "title": state.title,
        "created_at_ms": state.created_at_ms,
        "version": state.version,
        "phase": state.phase,
        "configured": state.configured,
        "paragraphs": list(state.paragraphs),
        "points": [dump(p) for p in state.points],
        "stakeholder_groups": list(state.stakeholder_groups),
        "settings": dump(state.settings),
        "participants": {k: dump(v) for k, v in state.participants.items()},
        "groups": {k: dump(v) for k, v in state.groups.items()},
        "group_of": dict(state.group_of),
        "seed": state.seed,
        "group_order": list(state.group_order),
        "plan": [list(row) for row in state.plan],
        "clock": clock,
        "positions": {
            point: {pid: dataclasses.asdict(pos) for pid, pos in by.items()}
            for point, by in state.positions.items()
        },
        "outcomes": {f"{g}|{p}": dump(o) for (g, p), o in state.outcomes.items()},
        "rotation_started_at_ms": state.rotation_started_at_ms,
        "rotation_finished_at_ms": state.rotation_finished_at_ms,
        "hub_group": dict(state.hub_group),
        "pending": {k: dump(p) for k, p in state.roster.pending.items()},
        "remote": {
            "hubs": {k: dump(h) for k, h in state.remote.hubs.items()},
            "blocks": {
                point: {
                    hub: {"group_id": b.group_id, "round": b.round, "counts": dict(b.counts)}
                    for hub, b in by.items()
                }
                for point, by in state.remote.blocks.items()
            },
            "hands": sorted(state.remote.hands),
            "messages": [dataclasses.asdict(m) for m in state.remote.messages],
            "broadcast": (
                dataclasses.asdict(state.remote.broadcast) if state.remote.broadcast else None
            ),
        },
        "plenary": {
            "composite": {str(n): dump(c) for n, c in state.plenary.composite.items()},
            "composite_version": state.plenary.composite_version,
            "reactions": {
                str(n): {pid: dump(r) for pid, r in by.items()}
                for n, by in state.plenary.reactions.items()
            },
            "addressed": sorted(f"{n}|{pid}" for n, pid in state.plenary.addressed),
            "decision": dump(state.plenary.decision),
            "register": state.plenary.register,
            "endorsements": {k: dump(e) for k, e in state.plenary.endorsements.items()},
        },
    }
