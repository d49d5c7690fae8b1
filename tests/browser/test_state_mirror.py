"""The pages' `apply(state, event)` (client_static/js/state.js) folds a session's log into the
same state as the core's `evolve`, event by event: the browser and the server never disagree
about a round's clock, a group's members, a position or an outcome."""

import json
import subprocess
from pathlib import Path
from typing import Any

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation import model
from facilitation.context import Actor, Context
from facilitation.decide import create, decide
from facilitation.events import Event
from facilitation.state import SessionState, evolve, initial
from facilitation.tally import group_size, group_tally
from tests.contract.mirror import as_plain

ROOT = Path(__file__).resolve().parents[2]
STATE_JS = ROOT / "client_static" / "js" / "state.js"
VIEWS_JS = ROOT / "client_static" / "js" / "views.js"
ROUND_MS = 200_000  # long enough for both warnings (120 s and 30 s) to be due in a round

# node comes with npm, which `make` needs to install the browser libraries: no skip here.


class Log:
    """Gives commands to the core as the shell would, keeping the events and the state."""

    def __init__(self) -> None:
        self.now = 1_700_000_000_000
        self.events: list[Event] = []
        self.count = 0
        first = create(
            cmd.CreateSession(command_id="create-0001", title="Mirror"), self._ctx("moderator")
        )
        self.events += first
        self.state: SessionState = initial(first[0])  # type: ignore[arg-type]

    def _ctx(self, role: str, **who: str) -> Context:
        self.count += 1
        return Context(Actor(role, **who), self.now, f"id{self.count}", 1234 + self.count)  # type: ignore[arg-type]

    def give(self, command: cmd.Command, role: str = "moderator", **who: str) -> list[Event]:
        events = decide(self.state, command, self._ctx(role, **who))
        for event in events:
            self.state = evolve(self.state, event)
        self.events += events
        return events


def cid(n: int) -> str:
    return f"command-{n:04d}"


def build_log() -> Log:
    log = Log()
    draft = "First paragraph.\n\nSecond paragraph.\r\n\r\nThird paragraph."
    points = [
        cmd.PointSpec(
            paragraph=n, question=f"Question {n}?", options=(f"Yes {n}", f"No {n}", f"Maybe {n}")
        )
        for n in (1, 2, 3)
    ]
    log.give(
        cmd.ConfigureSession(
            command_id=cid(1),
            title="Mirror session",
            draft=draft,
            points=tuple(points),
            group_count=2,
            round_secs=ROUND_MS // 1000,
            remote_groups=1,
        )
    )
    people = []
    for n, (group, mode) in enumerate(
        [
            ("Government", "room"),
            ("Civil society", "room"),
            ("Private sector", "room"),
            ("Civil society", "room"),
            ("Government", "room"),
        ]
    ):
        joined = log.give(
            cmd.Join(
                command_id=cid(10 + n),
                name=f"P{n}",
                stakeholder_group=group,
                region="Africa",
                mode=mode,
            ),
            role="guest",
        )
        people.append(joined[0].participant.participant_id)  # type: ignore[attr-defined]
    # Two hubs that join breakout groups of the room (hubs are seats in the draw)
    for n, (name, zone, count) in enumerate(
        [("Geneva desk", "Europe/Zurich", 12), ("Accra hub", "Africa/Accra", 8)]
    ):
        log.give(
            cmd.RegisterHub(
                command_id=cid(40 + n),
                name=name,
                city=name.split()[0],
                timezone=zone,
                expected_head_count=count,
                placement="breakout",
            )
        )
    log.give(cmd.AssignGroups(command_id=cid(20), seed=42))
    hub_roles = [("hub", {"participant_id": h}) for h in log.state.remote.hubs]
    other = next(g for g in log.state.groups if g != log.state.hub_group["h1"])
    log.give(cmd.PlaceHub(command_id=cid(45), hub_id="h1", group_id=other))
    for n, (raised, count) in enumerate([(True, 10), (False, 11), (True, 9)]):
        role, who = hub_roles[0]
        log.give(cmd.RaiseHand(command_id=cid(46 + 2 * n), raised=raised), role, **who)
        log.give(cmd.SetHeadCount(command_id=cid(47 + 2 * n), head_count=count), role, **who)
    log.give(
        cmd.MessageModerator(command_id=cid(52), text="Audio dropped"),
        *hub_roles[1][:1],
        **hub_roles[1][1],
    )
    log.give(
        cmd.MessageModerator(command_id=cid(53), text="Five more minutes?"),
        "facilitator",
        group_id="g1",
    )
    log.give(cmd.Broadcast(command_id=cid(54), text="Coffee is served"))
    log.give(cmd.Broadcast(command_id=cid(55), text="Back in five minutes"))
    log.give(cmd.LabelGroup(command_id=cid(21), group_id="g1", label="table by the window"))
    mover = log.state.groups["g1"].members[0]
    log.give(cmd.MoveParticipant(command_id=cid(22), participant_id=mover, group_id="g2"))
    log.give(cmd.StartRotation(command_id=cid(30)))
    # A hub joins late, when no group is remote: a new group opens with its column of the plan
    late = log.give(
        cmd.Join(
            command_id=cid(23),
            name="Late",
            stakeholder_group="Government",
            region="Asia-Pacific",
            mode="hub",
            hub_name="Geneva hub",
        ),
        role="guest",
    )
    assert any(isinstance(e, ev.GroupCreated) and e.column for e in late)
    people.append(late[0].participant.participant_id)  # type: ignore[attr-defined]
    # A hub registered during the rotation joins the remote group the late joiner opened
    log.give(
        cmd.RegisterHub(
            command_id=cid(56), name="Lima hub", timezone="America/Lima", expected_head_count=6
        )
    )
    hubs = list(log.state.remote.hubs)
    for round_number in range(1, len(log.state.plan) + 1):
        for k, hub in enumerate(hubs):
            point = log.state.current_point(log.state.hub_group[hub])
            if point is None:
                continue
            for step, counts in enumerate(
                [{"a": 3, "b": 1}, {"a": 1 + k, "compromise": 1, "undecided": 2, "b": 0}]
            ):
                log.give(
                    cmd.SetHubPositions(
                        command_id=cid(100 * round_number + 80 + 2 * k + step),
                        point_id=point,
                        counts=counts,
                    ),
                    "hub",
                    participant_id=hub,
                )
        for k, pid in enumerate(people):
            group = log.state.group_of.get(pid)
            point = log.state.current_point(group) if group else None
            if point:
                for choice in ("a", ["b", "compromise", "undecided"][k % 3]):
                    log.give(
                        cmd.TakePosition(
                            command_id=cid(100 * round_number + 10 * k + len(choice)),
                            point_id=point,
                            choice=choice,
                        ),
                        role="participant",
                        participant_id=pid,
                    )
        for group_id in log.state.group_order:
            point = log.state.current_point(group_id)
            assert point is not None
            log.give(
                cmd.RecordOutcome(
                    command_id=cid(100 * round_number + 60),
                    group_id=group_id,
                    point_id=point,
                    choice="compromise",
                    compromise_text="Both, in part",
                    strength="rough_consensus",
                    hands={"in_favour": 3, "against": 1, "abstain": 0},
                    notes="n",
                ),
                role="facilitator",
                group_id=group_id,
            )
            log.give(
                cmd.RecordOutcome(
                    command_id=cid(100 * round_number + 61),
                    group_id=group_id,
                    point_id=point,
                    choice="a",
                    strength="majority",
                ),
                role="facilitator",
                group_id=group_id,
            )
        clock = log.state.clock
        assert clock is not None
        log.now = clock.ends_at_ms - 100_000
        log.give(
            cmd.WarnRound(
                command_id=cid(100 * round_number + 70), round=clock.number, secs_left=120
            ),
            role="system",
        )
        log.now += 75_000
        log.give(
            cmd.WarnRound(
                command_id=cid(100 * round_number + 71), round=clock.number, secs_left=30
            ),
            role="system",
        )
        if round_number == 1:
            log.give(cmd.PauseRound(command_id=cid(180)))
            log.give(
                cmd.ExtendRound(command_id=cid(181), minutes=1)
            )  # paused: only the remaining time
            log.now += 5_000
            log.give(cmd.ResumeRound(command_id=cid(182)))
            log.give(cmd.ExtendRound(command_id=cid(183), minutes=2))  # both warnings due again
            log.give(cmd.EndRound(command_id=cid(184), round=1))
        else:
            log.now = log.state.clock.ends_at_ms  # type: ignore[union-attr]
            log.give(
                cmd.EndRound(command_id=cid(100 * round_number + 90), round=round_number),
                role="system",
            )
    log.give(
        cmd.RecordOutcome(
            command_id=cid(900), group_id="g1", point_id="p1", choice="b", strength="consensus"
        )
    )
    assert log.state.phase == "finished"
    # The plenary's facts, folded as they are recorded (evolve does not judge them)
    for event in plenary_events(people):
        log.state = evolve(log.state, event)
        log.events.append(event)
    return log


def plenary_events(people: list[str]) -> list[Event]:
    provenance = model.Provenance(
        source="option",
        point_id="p1",
        option_id="a",
        group_id="g1",
        backers=(model.Backer(group_id="g1", round=1, strength="majority", share=0.5),),
        score=2.5,
        stakeholder_groups=("Government",),
    )

    def composed(paragraph: int, revision: int, version: int) -> Event:
        entry = model.CompositeParagraph(
            paragraph=paragraph,
            text=f"New text {paragraph}.{revision}",
            provenance=provenance,
            revision=revision,
        )
        return ev.ParagraphComposed(entry=entry, composite_version=version)

    def reaction(paragraph: int, who: str, kind: str) -> Event:
        record = model.ReactionRecord(
            participant_id=who,
            paragraph=paragraph,
            revision=1,
            reaction=kind,  # type: ignore[arg-type]
            reason="because",
            head_count=3,
        )
        return ev.ReactionGiven(reaction=record)

    def decision(kind: str) -> model.Decision:
        return model.Decision(
            kind=kind,
            composite_version=3,
            paragraphs=("A", "B"),  # type: ignore[arg-type]
            content_hash="abc",
            note="n",
            decided_at_ms=5,
        )

    def endorsement(n: int) -> Event:
        return ev.EndorsementGiven(
            endorsement=model.Endorsement(
                endorsement_id=f"e{n}",
                participant_id=people[n] if n else None,
                name=f"E{n}",
                organisation="O",
                stakeholder_group="Government",
                country="Kenya",
                content_hash="abc",
                endorsed_at_ms=n,
            )
        )

    return [
        composed(1, 1, 1),
        composed(2, 1, 2),
        composed(1, 2, 3),
        reaction(1, "h1", "support"),  # a hub reacts as a block (head_count 3)
        reaction(1, people[0], "object"),
        reaction(1, people[1], "support"),
        reaction(2, people[0], "object"),
        ev.ObjectionAddressed(paragraph=1, participant_id=people[0], addressed=True),
        ev.ObjectionAddressed(paragraph=2, participant_id=people[0], addressed=True),
        ev.ObjectionAddressed(paragraph=2, participant_id=people[0], addressed=False),
        ev.ObjectionAddressed(paragraph=2, participant_id=people[0], addressed=True),
        reaction(1, people[0], "live_with"),  # a new reaction clears the "addressed" mark
        ev.TextNotClosed(decision=decision("not_closed")),
        ev.TextClosed(decision=decision("closed")),
        ev.RegisterOpened(open_to="everyone"),
        endorsement(0),
        endorsement(1),
        endorsement(2),
        ev.EndorsementWithdrawn(endorsement_id="e1"),
    ]


FOLD_JS = """
import { readFileSync } from "node:fs";
import { apply, initialState } from %s;
let state = initialState();
const states = [];
for (const event of JSON.parse(readFileSync(0, "utf8"))) {
  state = apply(state, event);
  states.push(state);
}
process.stdout.write(JSON.stringify(states));
"""


def fold_in_node(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    script = FOLD_JS % json.dumps(STATE_JS.as_uri())
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(events),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_js_apply_matches_evolve_after_every_event() -> None:
    # Given a whole session's log: set-up, joins (one late, at a hub, opening a group), assignment,
    # a label, a move, positions changed, outcomes revised, warnings, pause, extensions, early and
    # timed ends, then the plenary: composite, reactions, objections addressed, decisions, register
    log = build_log()
    wire = [e.model_dump(mode="json") for e in log.events]
    # When the browser's apply folds the same events
    js_states = fold_in_node(wire)
    # Then after every single event its state equals the core's
    state = initial(log.events[0])  # type: ignore[arg-type]
    expected = [as_plain(state)]
    for event in log.events[1:]:
        state = evolve(state, event)
        expected.append(as_plain(state))
    assert len(js_states) == len(expected)
    for n, (js, py) in enumerate(zip(js_states, expected, strict=True)):
        assert js == py, f"after event {n + 1} ({wire[n]['type']})"


def test_js_helpers_agree_with_the_core() -> None:
    # Given the log stopped in the middle of round 2
    log = build_log()
    events = log.events
    cut = next(i for i, e in enumerate(events) if e.type == "RoundStarted" and e.round == 2)  # type: ignore[attr-defined]
    state = initial(events[0])  # type: ignore[arg-type]
    for event in events[1 : cut + 3]:
        state = evolve(state, event)
    wire = [e.model_dump(mode="json") for e in events[: cut + 3]]
    script = f"""
import {{ apply, initialState }} from {json.dumps(STATE_JS.as_uri())};
import {{ currentPoint, consideredPoints, tally, remainingMs }}
  from {json.dumps(VIEWS_JS.as_uri())};
import {{ readFileSync }} from "node:fs";
let s = initialState();
for (const e of JSON.parse(readFileSync(0, "utf8"))) s = apply(s, e);
const out = {{}};
for (const g of s.group_order) {{
  const p = currentPoint(s, g);
  out[g] = {{ current: p, considered: consideredPoints(s, g), tally: tally(s, g, p) }};
}}
out.remaining = remainingMs(s.clock, s.clock.started_at_ms + 1000);
out.paused = remainingMs({{ ...s.clock, paused_remaining_ms: 1234 }}, 0);
process.stdout.write(JSON.stringify(out));
"""
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(wire),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    # Then the current and considered points, the tallies and the remaining time agree
    for group_id in state.group_order:
        point = state.current_point(group_id)
        assert got[group_id]["current"] == point
        assert got[group_id]["considered"] == list(state.considered_points(group_id))
        counts = {o.option_id: 0 for o in state.point(point).options} | {
            "compromise": 0,
            "undecided": 0,
        }  # type: ignore[union-attr]
        # members' positions and the group's hub blocks, as the core counts them
        counts |= group_tally(state, group_id, point)  # type: ignore[arg-type]
        assert got[group_id]["tally"] == counts
    assert state.clock is not None
    assert got["remaining"] == state.clock.remaining_ms(state.clock.started_at_ms + 1000)
    assert got["paused"] == 1234


TALLY_JS = """
import { readFileSync } from "node:fs";
import { apply, initialState } from %s;
import { tally, groupSize } from %s;
const { events, cuts } = JSON.parse(readFileSync(0, "utf8"));
let state = initialState();
const out = [];
events.forEach((event, i) => {
  state = apply(state, event);
  if (!cuts.includes(i)) return;
  const at = {};
  for (const g of Object.keys(state.groups)) {
    at[g] = { size: groupSize(state, g), tally: {} };
    for (const p of state.points) {
      // The page's tally lists every choice, zeros included; the core's only those counted.
      const counts = Object.entries(tally(state, g, p.point_id)).filter(([, n]) => n > 0);
      at[g].tally[p.point_id] = Object.fromEntries(counts);
    }
  }
  out.push(at);
});
process.stdout.write(JSON.stringify(out));
"""


def test_js_tally_counts_hub_blocks_as_the_core_does() -> None:
    # Given a log where hubs registered, moved, changed their head count and gave block
    # positions in every round, beside the participants' own positions
    log = build_log()
    wire = [e.model_dump(mode="json") for e in log.events]
    cuts = [i for i, e in enumerate(log.events) if isinstance(e, ev.HubPositionsSet)]
    cuts = sorted({*cuts[::3], len(log.events) - 1})
    # When the page's tally and group size are taken at many points of the log
    script = TALLY_JS % (json.dumps(STATE_JS.as_uri()), json.dumps(VIEWS_JS.as_uri()))
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps({"events": wire, "cuts": cuts}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    # Then they equal facilitation.tally's, hub people included, for every group and point
    state = initial(log.events[0])  # type: ignore[arg-type]
    expected = []
    for i, event in enumerate(log.events[1:], start=1):
        state = evolve(state, event)
        if i in cuts:
            expected.append(
                {
                    g: {
                        "size": group_size(state, g),
                        "tally": {
                            p.point_id: group_tally(state, g, p.point_id) for p in state.points
                        },
                    }
                    for g in state.groups
                }
            )
    assert len(got) == len(expected) == len(cuts)
    assert got == expected
    assert any(
        n > 0
        for at in expected
        for g in at.values()
        for t in g["tally"].values()
        for n in t.values()
    )
