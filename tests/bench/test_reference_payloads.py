"""The Node reference server's events have Roundtable's shape, field for field: each one is
read by the core's own event schema (pydantic, unknown fields forbidden), so the benchmark
compares the two servers on the same payloads."""

import json
import subprocess
from pathlib import Path

from facilitation.events import EVENTS

SESSION_JS = Path(__file__).resolve().parents[2] / "bench" / "node" / "reference" / "session.js"

# A small meeting through the reference's rules: every event type the benchmark produces.
SCRIPT = """
const { Session } = await import(process.argv[1]);
const s = new Session("s1", "ABC123", "Bench", 1000);
const out = [s.created];
const add = (decided) => out.push(...decided.map((d) => d.event));
add(s.configure({ title: "Bench", draft: "One.\\n\\nTwo.", points: [
  { paragraph: 1, question: "Q1?", options: ["A", "B"] },
  { paragraph: 2, question: "Q2?", options: ["A", "B"] }],
  stakeholder_groups: ["Government", "Civil society"], target_group_size: 2, round_secs: 1200 }));
for (let i = 0; i < 5; i += 1) add(s.join({ name: `P${i}`, stakeholder_group: "Government",
  region: "Africa", mode: "room" }, 2000));
add(s.registerHub({ name: "Hub 1", expected_head_count: 12 }));
add(s.assignGroups({}, 7));
add(s.startRotation(3000));
const pid = [...s.participants.keys()][0];
const group = s.groupOf.get(pid);
add(s.takePosition({ point_id: s.currentPoint(group), choice: "a" }, pid));
add(s.broadcast({ text: "Back to plenary" }, 4000));
const hubPoint = s.currentPoint(s.hubGroup.get("h1"));
add(s.setHubPositions({ point_id: hubPoint, counts: { a: 7, b: 5 } }, "h1"));
add(s.recordOutcome({ group_id: group, point_id: s.currentPoint(group), choice: "b",
  strength: "majority", hands: { in_favour: 3, against: 1, abstain: 0 } },
  { role: "facilitator", groupId: group }, 5000));
console.log(JSON.stringify(out));
"""


def test_every_reference_event_reads_as_a_roundtable_event() -> None:
    # Given the events of a small meeting decided by the reference server's rules
    done = subprocess.run(
        ["node", "--input-type=module", "-e", SCRIPT, str(SESSION_JS)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    events = json.loads(done.stdout)
    # When Roundtable's schema reads each, Then none is refused, and each type is there
    types = {type(EVENTS.validate_python(e)).__name__ for e in events}
    assert types == {
        "SessionCreated", "SessionConfigured", "ParticipantJoined", "HubRegistered",
        "GroupsAssigned", "RotationStarted", "RoundStarted", "PositionTaken",
        "MessageBroadcast", "HubPositionsSet", "OutcomeRecorded",
    }  # fmt: skip
    # And each is, once read, written back the same: no field missing or defaulted
    for event in events:
        assert EVENTS.validate_python(event).model_dump(mode="json") == event
