"""The content of a session's report, as data: the agenda, a summary per point, agreement and
disagreement per paragraph and per stakeholder group, and participation figures. Rendering to
Markdown, HTML or DOCX happens at the edge."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from .consensus import ParagraphReview, review
from .model import Decision
from .ranking import Candidate, rank_point
from .state import SessionState
from .vocabulary import COMPROMISE, Reaction

MS_PER_MINUTE = 60_000


@dataclass(frozen=True)
class CandidateLine:
    label: str
    score: float
    groups: int
    of_groups: int
    stakeholder_groups: tuple[str, ...]
    near_tie: bool


@dataclass(frozen=True)
class GroupOutcomeLine:
    group: str
    choice: str
    strength: str
    notes: str


@dataclass(frozen=True)
class PointSummary:
    number: int
    paragraph: int
    question: str
    candidates: tuple[CandidateLine, ...]
    outcomes: tuple[GroupOutcomeLine, ...]


@dataclass(frozen=True)
class ParagraphFinding:
    paragraph: int
    text: str
    finding: str
    """`agreement`, `disagreement`, or `no_reactions`."""
    review: ParagraphReview


@dataclass(frozen=True)
class StakeholderStance:
    stakeholder_group: str
    supported: tuple[int, ...]
    lived_with: tuple[int, ...]
    objected: tuple[int, ...]


@dataclass(frozen=True)
class Participation:
    """Who took part, each figure adding up to `total`: every person once. People who joined
    on their own count one each; a registered hub counts its head count, of which the people
    who joined on their own saying they were at that hub are a part (counted once, with their
    own details); the hub's other people are counted as a block whose stakeholder groups,
    countries and regions nobody recorded."""

    total: int
    people: int
    """Joined on their own (each with a name, a stakeholder group, a region)."""
    hub_block: int
    """At registered hubs, beyond those who joined on their own: known only as a number."""
    by_stakeholder_group: Mapping[str, int]
    """Adds up to `total`: the hubs' block under UNRECORDED."""
    by_mode: Mapping[str, int]
    hubs: Mapping[str, int]
    countries: tuple[str, ...]
    regions: Mapping[str, int]
    """Adds up to `total`: the hubs' block under UNRECORDED."""
    removed: int = 0
    merged: int = 0
    turned_away: int = 0


UNRECORDED = "At a hub, not recorded"


@dataclass(frozen=True)
class Report:
    title: str
    created_at_ms: int
    agenda: tuple[str, ...]
    points: tuple[PointSummary, ...]
    paragraphs: tuple[ParagraphFinding, ...]
    stakeholder_stances: tuple[StakeholderStance, ...]
    participation: Participation
    decision: Decision | None
    endorsements_by_stakeholder_group: Mapping[str, int]


def build_report(state: SessionState) -> Report:
    reviews = review(state)
    return Report(
        title=state.title,
        created_at_ms=state.created_at_ms,
        agenda=_agenda(state),
        points=tuple(_point_summary(state, n, p.point_id) for n, p in enumerate(state.points, 1)),
        paragraphs=tuple(_finding(r) for r in reviews),
        stakeholder_stances=_stances(state, reviews),
        participation=participation(state),
        decision=state.plenary.decision,
        endorsements_by_stakeholder_group=dict(
            sorted(
                Counter(e.stakeholder_group for e in state.plenary.endorsements.values()).items()
            )
        ),
    )


def _agenda(state: SessionState) -> tuple[str, ...]:
    secs = state.settings.round_secs
    length = _count(secs / 60, "minute") if secs >= 60 else _count(secs, "second")
    groups = _count(len(state.group_order) or len(state.groups), "group")
    return (
        "Introductions, check-in and random assignment to groups",
        f"Breakout: {groups}, {_count(len(state.points), 'round')} of {length}, "
        "every group considering every point of disagreement",
        "Composite text compiled by the moderator from the opinions reached most strongly",
        "Plenary review of the composite text by the room and the remote hubs",
        "The chair's assessment of rough consensus and decision",
    )


def _count(n: float, noun: str) -> str:
    return f"{n:g} {noun}" + ("" if n == 1 else "s")


def _candidate_line(candidate: Candidate, of_groups: int) -> CandidateLine:
    label = candidate.label
    if candidate.group_id is not None:
        label = f"Compromise of group {candidate.group_id.removeprefix('g')}: {label}"
    return CandidateLine(
        label=label,
        score=candidate.score,
        groups=len(candidate.backings),
        of_groups=of_groups,
        stakeholder_groups=candidate.stakeholder_groups,
        near_tie=candidate.near_tie,
    )


def _point_summary(state: SessionState, number: int, point_id: str) -> PointSummary:
    point = state.point(point_id)
    assert point is not None
    labels = {o.option_id: o.label for o in point.options}
    of_groups = len(state.group_order)
    outcomes = []
    for group_id in state.group_order:
        outcome = state.outcomes.get((group_id, point_id))
        group = state.groups[group_id]
        name = f"Group {group.number}" + (f", {group.label}" if group.label else "")
        if outcome is None:
            outcomes.append(GroupOutcomeLine(name, "no outcome recorded", "", ""))
            continue
        choice = (
            f"compromise: {outcome.compromise_text}"
            if outcome.choice == COMPROMISE
            else labels.get(outcome.choice, outcome.choice)
        )
        outcomes.append(
            GroupOutcomeLine(name, choice, outcome.strength.replace("_", " "), outcome.notes)
        )
    return PointSummary(
        number=number,
        paragraph=point.paragraph,
        question=point.question,
        candidates=tuple(
            _candidate_line(c, of_groups) for c in rank_point(state, point_id) if c.backings
        ),
        outcomes=tuple(outcomes),
    )


def _finding(paragraph: ParagraphReview) -> ParagraphFinding:
    reacted = sum(paragraph.totals.values())
    if not reacted:
        finding = "no_reactions"
    elif paragraph.open_objections == 0 and paragraph.totals["object"] < reacted / 2:
        finding = "agreement"
    else:
        finding = "disagreement"
    return ParagraphFinding(paragraph.paragraph, paragraph.text, finding, paragraph)


def _stances(
    state: SessionState, reviews: tuple[ParagraphReview, ...]
) -> tuple[StakeholderStance, ...]:
    stances = []
    for group in state.stakeholder_groups:

        def where(reaction: Reaction, group: str = group) -> tuple[int, ...]:
            return tuple(
                r.paragraph for r in reviews if r.by_stakeholder_group.get(group, {}).get(reaction)
            )

        stances.append(
            StakeholderStance(group, where("support"), where("live_with"), where("object"))
        )
    return tuple(stances)


def participation(state: SessionState) -> Participation:
    people = list(state.participants.values())
    registered = {h.name.casefold(): h for h in state.remote.hubs.values()}
    joined_at: Counter[str] = Counter(
        p.hub_name.casefold() for p in people if p.mode == "hub" and p.hub_name
    )
    # A registered hub's people beyond those who joined on their own: counted once, as a block.
    block = {
        h.name: max(0, h.head_count - joined_at[key]) for key, h in registered.items()
    }
    hub_block = sum(block.values())
    hubs: Counter[str] = Counter(block)
    for p in people:
        if p.mode == "hub":
            hub = registered.get(p.hub_name.casefold())
            hubs[hub.name if hub else p.hub_name or "(hub not named)"] += 1
    by_group = {
        g: sum(1 for p in people if p.stakeholder_group == g) for g in state.stakeholder_groups
    }
    regions = Counter(p.region for p in people)
    if hub_block:
        by_group[UNRECORDED] = hub_block
        regions[UNRECORDED] += hub_block
    countries = {p.country for p in people if p.country} | {
        h.country for h in state.remote.hubs.values() if h.country
    }
    by_mode = {m: sum(1 for p in people if p.mode == m) for m in ("room", "hub", "remote")}
    by_mode["hub"] += hub_block
    roster = state.roster
    return Participation(
        total=len(people) + hub_block,
        people=len(people),
        hub_block=hub_block,
        by_stakeholder_group=by_group,
        by_mode=by_mode,
        hubs=dict(sorted(hubs.items())),
        countries=tuple(sorted(countries)),
        regions=dict(sorted(regions.items())),
        removed=len(roster.removed),
        merged=len(roster.merged),
        turned_away=len(roster.turned_away),
    )
