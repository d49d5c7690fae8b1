"""What a log claims, checked by replaying it through the core: the groups re-drawn from the
recorded seed, every ranking score recomputed (and compared with each composite choice's
provenance and with the archive's summary), the closed text's content hash recomputed and the
endorsement register's binding to it."""

from collections.abc import Mapping
from typing import Any

from facilitation import decide as core
from facilitation import events as ev
from facilitation.commands import AssignGroups
from facilitation.context import Actor, Context
from facilitation.decision import content_hash
from facilitation.errors import DomainError
from facilitation.ranking import rank_point
from facilitation.state import SessionState, evolve, initial

from .checks import Check, failed, ok

REPLAY_ERRORS = (LookupError, ValueError, TypeError, AttributeError, ArithmeticError)
"""What folding a forged log can raise (an event about a group that was never created...)."""
SHARE_DIGITS = 4  # a provenance records each backer's share rounded so (facilitation/composite)


def summary(state: SessionState) -> dict[str, Any]:
    """What the archive records of the report's figures: every ranking score, per point."""
    return {
        "rankings": {
            point.point_id: [
                {"key": c.key, "score": c.score} for c in rank_point(state, point.point_id)
            ]
            for point in state.points
        }
    }


def audit(events: list[ev.Event], recorded: Any) -> list[Check]:
    """Replay the log, checking each claim against the state it was made in. One line per
    check, its first failure named by event."""
    first = events[0]
    assert isinstance(first, ev.SessionCreated)
    state = initial(first)
    faults: dict[str, Check] = {}
    draws: list[str] = []
    composed = endorsements = 0
    decided: ev.TextClosed | ev.TextNotClosed | None = None
    for index, event in enumerate(events[1:], 1):
        seq = index + 1
        name, problem = _claim(state, event, seq, decided)
        if problem and name not in faults:
            faults[name] = failed(name, problem, f"events.{index}")
        if isinstance(event, ev.GroupsAssigned):
            draws.append(f"seed {event.seed}: {len(event.groups)} groups")
        elif isinstance(event, ev.ParagraphComposed):
            composed += event.entry.provenance.source in ("option", "compromise")
        elif isinstance(event, ev.TextClosed | ev.TextNotClosed):
            decided = event
        elif isinstance(event, ev.EndorsementGiven):
            endorsements += 1
        try:
            state = evolve(state, event)
        except REPLAY_ERRORS as error:
            message = f"event {seq} does not apply to the session: {type(error).__name__}"
            return [failed("replay", message, f"events.{index}")]
    found = [
        ok("replay", f"the {len(events)} events fold into the session, one by one"),
        ok("groups", "re-drawn from the recorded seed: " + "; ".join(draws))
        if draws
        else ok("groups", "no groups were drawn"),
        _rankings(state, composed, recorded),
        ok("decision", f"the decided text's hash {decided.decision.content_hash} is its own")
        if decided
        else ok("decision", "the chair has not decided: no content hash to check"),
        ok("register", f"{endorsements} endorsements, each bound to the closed text's hash")
        if isinstance(decided, ev.TextClosed)
        else ok("register", "no register: no text was closed"),
    ]
    return [faults.get(check.name, check) for check in found]


def _claim(
    state: SessionState,
    event: ev.Event,
    seq: int,
    decided: ev.TextClosed | ev.TextNotClosed | None,
) -> tuple[str, str | None]:
    """The check an event's claim belongs to, and what is wrong with it (None: nothing)."""
    if isinstance(event, ev.GroupsAssigned):
        return "groups", _redraw(state, event, seq)
    if isinstance(event, ev.ParagraphComposed):
        return "rankings", _provenance(state, event, seq)
    if isinstance(event, ev.TextClosed | ev.TextNotClosed):
        return "decision", _decided(state, event, seq)
    if isinstance(event, ev.EndorsementGiven):
        bound = decided.decision.content_hash if isinstance(decided, ev.TextClosed) else None
        if event.endorsement.content_hash != bound:
            return "register", (
                f"event {seq}: an endorsement bound to {event.endorsement.content_hash}, "
                f"not the closed text's {bound}"
            )
    return "", None


def _redraw(state: SessionState, event: ev.GroupsAssigned, seq: int) -> str | None:
    """The core's draw, re-run on the state it was made in with the seed it recorded."""
    command = AssignGroups(command_id="verify-draw", seed=event.seed)
    context = Context(Actor("moderator"), now_ms=0, new_id="verify", seed=event.seed)
    try:
        again = core.decide(state, command, context)
    except DomainError as error:
        return f"event {seq}: the draw cannot be re-run here: {error.message}"
    if [e for e in again if isinstance(e, ev.GroupsAssigned)] != [event]:
        return f"event {seq}: the seed {event.seed} does not give the recorded groups"
    return None


def _provenance(state: SessionState, event: ev.ParagraphComposed, seq: int) -> str | None:
    """A choice of an option or a compromise records its score and backers: recompute them."""
    provenance = event.entry.provenance
    if provenance.source not in ("option", "compromise"):
        return None
    key = provenance.option_id or f"compromise:{provenance.group_id}"
    ranking = rank_point(state, provenance.point_id or "")
    candidate = next((c for c in ranking if c.key == key), None)
    if candidate is None:
        return f"event {seq}: the composite takes {key}, which the ranking does not hold"
    backers = [(b.group_id, b.strength, b.share) for b in provenance.backers]
    recomputed = [
        (b.group_id, b.strength, round(b.share, SHARE_DIGITS)) for b in candidate.backings
    ]
    if candidate.score != provenance.score or backers != recomputed:
        return (
            f"event {seq}: paragraph {event.entry.paragraph} records score {provenance.score}, "
            f"the outcomes give {candidate.score}"
        )
    return None


def _decided(
    state: SessionState, event: ev.TextClosed | ev.TextNotClosed, seq: int
) -> str | None:
    decision = event.decision
    if decision.paragraphs != state.composite_text():
        return f"event {seq}: the decided text is not the composite text at that moment"
    if content_hash(decision.paragraphs) != decision.content_hash:
        return (
            f"event {seq}: the text's content hash is {content_hash(decision.paragraphs)}, "
            f"not the recorded {decision.content_hash}"
        )
    return None


def _rankings(state: SessionState, composed: int, recorded: Any) -> Check:
    computed = summary(state)["rankings"]
    scores = sum(len(c) for c in computed.values())
    said = f"{scores} scores on {len(computed)} points recomputed from the outcomes"
    said += f"; {composed} composite choices agree" if composed else ""
    if not isinstance(recorded, Mapping) or "rankings" not in recorded:
        return ok("rankings", said + " (the archive records no summary to compare)")
    if recorded["rankings"] != computed:
        differs = _first_difference(recorded["rankings"], computed)
        return failed("rankings", f"the archive's summary says {differs}", "summary.rankings")
    return ok("rankings", said + ", as the archive's summary says")


def _first_difference(recorded: Any, computed: dict[str, list[dict[str, Any]]]) -> str:
    if not isinstance(recorded, Mapping):
        return "nothing readable"
    for point_id, candidates in computed.items():
        theirs = recorded.get(point_id)
        if theirs != candidates:
            return f"{theirs!r} for point {point_id}; the outcomes give {candidates!r}"
    extra = sorted(set(recorded) - set(computed))
    return f"scores for points the session does not have: {', '.join(map(str, extra))}"
