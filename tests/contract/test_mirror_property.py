"""The pages' fold (`apply` in client_static/js/state.js) agrees with the core's (`evolve`)
after every event of random valid sessions (tests/contract/sessions.py), and so do the views
the pages derive from it (views.js: current and reached points, tallies, group sizes).

Each hypothesis example is a batch of sessions folded by one node process: node gets every
log with the core's states after each event and answers with the first disagreement."""

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation import events as ev
from facilitation.state import SessionState, evolve, initial
from facilitation.tally import group_size, group_tally

from .mirror import as_plain, module, run_node
from .sessions import session_logs

SESSIONS_PER_BATCH = 6
BATCHES = 12  # about 40 sessions, 1,500 events and their states: 10-20 s, well under a minute

FOLD_JS = """
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { apply, initialState } from %s;
import { consideredPoints, currentPoint, groupSize, tally } from %s;
const disagreements = [];
for (const [n, { events, states, views }] of JSON.parse(readFileSync(0, "utf8")).entries()) {
  let state = initialState();
  let bad = null;
  events.forEach((event, i) => {
    state = apply(state, event);
    if (bad !== null || isDeepStrictEqual(state, states[i])) return;
    bad = { at: i, type: event.type, js: state, py: states[i] };
  });
  const seen = {};
  for (const g of Object.keys(state.groups)) {
    const at = { current: currentPoint(state, g), considered: consideredPoints(state, g) };
    seen[g] = { ...at, size: groupSize(state, g), tally: {} };
    for (const p of state.points) {
      // The page lists every choice, zeros included; the core only those counted.
      const counted = Object.entries(tally(state, g, p.point_id)).filter(([, k]) => k > 0);
      seen[g].tally[p.point_id] = Object.fromEntries(counted);
    }
  }
  if (bad === null && !isDeepStrictEqual(seen, views)) bad = { at: "views", js: seen, py: views };
  if (bad !== null) disagreements.push({ session: n, ...bad });
}
process.stdout.write(JSON.stringify(disagreements));
"""


def views(state: SessionState) -> dict[str, Any]:
    """What the pages derive, as the core derives it."""
    return {
        g: {
            "current": state.current_point(g),
            "considered": list(state.considered_points(g)),
            "size": group_size(state, g),
            "tally": {p.point_id: group_tally(state, g, p.point_id) for p in state.points},
        }
        for g in state.groups
    }


def expected(log: list[ev.Event]) -> dict[str, Any]:
    first = log[0]
    assert isinstance(first, ev.SessionCreated)
    state = initial(first)
    states = [as_plain(state)]
    for event in log[1:]:
        state = evolve(state, event)
        states.append(as_plain(state))
    return {
        "events": [e.model_dump(mode="json") for e in log],
        "states": states,
        "views": views(state),
    }


@settings(
    max_examples=BATCHES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(session_logs(), min_size=1, max_size=SESSIONS_PER_BATCH))
def test_the_pages_fold_agrees_with_the_core_after_every_event(logs: list[list[ev.Event]]) -> None:
    # Given a batch of random valid sessions, each as the core wrote its log
    batch = [expected(log) for log in logs]
    # When the pages' apply folds each log under node, event by event
    disagreements = run_node(FOLD_JS % (module("state.js"), module("views.js")), batch)
    # Then its state equals the core's after every event, and so do the views it derives
    assert disagreements == [], disagreements[0]


def test_the_generated_sessions_reach_every_part_of_the_process() -> None:
    # Given sessions drawn as the property test draws them
    seen: set[str] = set()

    @settings(
        max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(session_logs())
    def collect(log: list[ev.Event]) -> None:
        seen.update(type(e).__name__ for e in log)

    collect()
    # Then between them they hold every kind of fact the pages fold
    wanted = {
        "SessionConfigured", "ParticipantJoined", "HubRegistered", "GroupsAssigned",
        "RotationStarted", "PositionTaken", "OutcomeRecorded", "HubPositionsSet", "RoundEnded",
        "ParagraphComposed", "ReactionGiven", "ObjectionAddressed", "TextClosed",
        "TextNotClosed", "EndorsementGiven", "HubPlaced", "RoundPaused", "RoundExtended",
        "ParticipantRemoved", "ParticipantRenamed", "ParticipantsMerged", "JoinsDecided",
        "JoinCodeChanged", "ExpectedHeadCountSet",
    }  # fmt: skip
    assert wanted <= seen, wanted - seen
