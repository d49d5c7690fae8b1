"""How strongly the groups backed each option or compromise on a point.

The share behind an outcome is the show of hands when there is one; else the members'
positions, each member without one counting at a default share for the strength recorded.

Each group that recorded an outcome backs one candidate (an option, or its own compromise)
with a weight: the strength it recorded times the share of the group behind it. A candidate's
score is the sum of its backings, so adding a supporting group can only raise it, and the
order the groups come in does not matter."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .model import Outcome, Point
from .state import SessionState
from .tally import group_size, group_tally
from .vocabulary import COMPROMISE, Strength

STRENGTH_WEIGHT: Mapping[Strength, float] = {
    "consensus": 1.0,
    "rough_consensus": 0.8,
    "majority": 0.6,
    "divided": 0.3,
}
"""A consensus binds a group fully; a divided group's pick says least about the group."""

DEFAULT_SHARE: Mapping[Strength, float] = {
    "consensus": 1.0,
    "rough_consensus": 0.85,
    "majority": 0.6,
    "divided": 0.4,
}
"""The share behind an outcome assumed for members who took no position (and no hands shown)."""

NEAR_TIE_RATIO = 0.9  # within 10 % of the leader, the chair should look twice


@dataclass(frozen=True)
class Backing:
    """One group's outcome on a point, as the ranking weighs it."""

    group_id: str
    round: int
    candidate: str
    strength: Strength
    share: float
    stakeholder_groups: frozenset[str]

    @property
    def weight(self) -> float:
        return STRENGTH_WEIGHT[self.strength] * self.share


@dataclass(frozen=True)
class Candidate:
    """An option, or one group's compromise (`compromise:<group id>`), with its standing."""

    key: str
    label: str
    option_id: str | None
    group_id: str | None
    score: float
    backings: tuple[Backing, ...]
    stakeholder_groups: tuple[str, ...]
    near_tie: bool = False

    @property
    def group_ids(self) -> tuple[str, ...]:
        return tuple(b.group_id for b in self.backings)


def candidate_key(outcome: Outcome) -> str:
    return f"{COMPROMISE}:{outcome.group_id}" if outcome.choice == COMPROMISE else outcome.choice


def rank(
    point: Point, backings: Sequence[Backing], compromises: Mapping[str, str]
) -> tuple[Candidate, ...]:
    """Every option of the point and every group's compromise, strongest first.

    `compromises` maps a compromise candidate key to its text. Ties keep the point's option
    order, then compromises by key, so the result is the same whatever order groups come in."""
    keys = [o.option_id for o in point.options] + sorted(compromises)
    labels = {o.option_id: o.label for o in point.options} | dict(compromises)
    order = {key: index for index, key in enumerate(keys)}
    candidates = []
    for key in keys:
        mine = tuple(sorted((b for b in backings if b.candidate == key), key=lambda b: b.group_id))
        candidates.append(
            Candidate(
                key=key,
                label=labels[key],
                option_id=None if key.startswith(f"{COMPROMISE}:") else key,
                group_id=key.split(":", 1)[1] if key.startswith(f"{COMPROMISE}:") else None,
                score=round(sum(b.weight for b in mine), 6),
                backings=mine,
                stakeholder_groups=tuple(
                    sorted(set().union(*(b.stakeholder_groups for b in mine)))
                ),
            )
        )
    candidates.sort(key=lambda c: (-c.score, -len(c.backings), order[c.key]))
    return _flag_near_ties(candidates)


def _flag_near_ties(candidates: list[Candidate]) -> tuple[Candidate, ...]:
    if len(candidates) < 2 or candidates[0].score <= 0:
        return tuple(candidates)
    top = candidates[0].score
    close = [c.score > 0 and c.score >= top * NEAR_TIE_RATIO for c in candidates]
    tie = sum(close) > 1
    return tuple(
        replace(c, near_tie=tie and is_close) for c, is_close in zip(candidates, close, strict=True)
    )


def backings(state: SessionState, point_id: str) -> tuple[Backing, ...]:
    """The outcomes recorded on a point, each with the share of its group behind it."""
    found = []
    for (group_id, on_point), outcome in state.outcomes.items():
        if on_point != point_id:
            continue
        agreeing = [
            pid
            for pid, position in state.positions.get(point_id, {}).items()
            if position.group_id == group_id and position.choice == outcome.choice
        ]
        found.append(
            Backing(
                group_id=group_id,
                round=outcome.round,
                candidate=candidate_key(outcome),
                strength=outcome.strength,
                share=_share(state, outcome),
                stakeholder_groups=_stakeholder_groups(state, outcome, agreeing),
            )
        )
    return tuple(found)


def _share(state: SessionState, outcome: Outcome) -> float:
    """From the show of hands when there is one. Else from the positions (a hub's block
    counts its people), where each person who took none counts at the default share for the
    strength recorded: one more agreeing never lowers the share, one more disagreeing never
    raises it."""
    hands = outcome.hands
    shown = hands.in_favour + hands.against + hands.abstain
    if shown:
        return hands.in_favour / shown
    tally = group_tally(state, outcome.group_id, outcome.point_id)
    taken = sum(tally.values())
    members = max(group_size(state, outcome.group_id), taken)
    if members == 0:
        return DEFAULT_SHARE[outcome.strength]
    agreeing = tally.get(outcome.choice, 0)
    return (agreeing + DEFAULT_SHARE[outcome.strength] * (members - taken)) / members


def _stakeholder_groups(
    state: SessionState, outcome: Outcome, agreeing: list[str]
) -> frozenset[str]:
    """Those whose own position matched the outcome; a consensus speaks for every member."""
    people = set(agreeing)
    if outcome.strength == "consensus":
        group = state.groups.get(outcome.group_id)
        people |= set(group.members if group else ())
    return frozenset(
        state.participants[p].stakeholder_group for p in people if p in state.participants
    )


def rank_point(state: SessionState, point_id: str) -> tuple[Candidate, ...]:
    point = state.point(point_id)
    if point is None:
        return ()
    compromises = {
        candidate_key(o): o.compromise_text
        for (_, on_point), o in state.outcomes.items()
        if on_point == point_id and o.choice == COMPROMISE
    }
    return rank(point, backings(state, point_id), compromises)
