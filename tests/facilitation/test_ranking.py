"""The ranking of options and compromises on a point, and the backings it weighs.

`rank` is pure: properties over generated backings. `backings` reads a session: examples in
the default rotating session (room groups g1, g2, g3 and remote group g4 on points p1, p2,
p3; in round 1, g1 and g4 are both on p1).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.model import Hands, Option, Point
from facilitation.ranking import (
    DEFAULT_SHARE,
    NEAR_TIE_RATIO,
    STRENGTH_WEIGHT,
    Backing,
    Candidate,
    backings,
    rank,
    rank_point,
)
from facilitation.vocabulary import DEFAULT_STAKEHOLDER_GROUPS, STRENGTHS, Strength

from .builders import SessionDriver, rotating_session

GROUP_IDS = tuple(f"g{n}" for n in range(1, 9))
SHARES = st.one_of(st.integers(0, 20).map(lambda k: k / 20), st.floats(0, 1))
STAKEHOLDERS = st.frozensets(st.sampled_from(DEFAULT_STAKEHOLDER_GROUPS), max_size=3)

Situation = tuple[Point, list[Backing], dict[str, str]]


def make_point(options: int) -> Point:
    return Point(
        point_id="p1",
        paragraph=1,
        question="Which way?",
        options=tuple(Option(option_id="abcd"[k], label=f"Option {k + 1}") for k in range(options)),
    )


def backing(
    group_id: str,
    candidate: str,
    strength: Strength,
    share: float,
    stakeholder_groups: frozenset[str] = frozenset(),
    round_number: int = 1,
) -> Backing:
    return Backing(group_id, round_number, candidate, strength, share, stakeholder_groups)


@st.composite
def backings_for(draw: st.DrawFn, point: Point, group_ids: list[str]) -> list[Backing]:
    options = [o.option_id for o in point.options]
    found = []
    for group_id in group_ids:
        found.append(
            backing(
                group_id,
                draw(st.sampled_from([*options, f"compromise:{group_id}"])),
                draw(st.sampled_from(STRENGTHS)),
                draw(SHARES),
                draw(STAKEHOLDERS),
                draw(st.integers(1, 4)),
            )
        )
    return found


@st.composite
def situations(draw: st.DrawFn, min_groups: int = 0) -> Situation:
    """A point, one backing per group (unique group ids, as in a session), the compromises."""
    point = make_point(draw(st.integers(2, 4)))
    group_ids = draw(
        st.lists(st.sampled_from(GROUP_IDS), unique=True, min_size=min_groups, max_size=8)
    )
    found = draw(backings_for(point, group_ids))
    compromises = {
        b.candidate: f"Compromise of {b.group_id}"
        for b in found
        if b.candidate.startswith("compromise:")
    }
    return point, found, compromises


def position_of(ranking: tuple[Candidate, ...], key: str) -> int:
    return [c.key for c in ranking].index(key)


def by_key(ranking: tuple[Candidate, ...]) -> dict[str, Candidate]:
    return {c.key: c for c in ranking}


# --- rank: properties ---------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(situation=situations(), data=st.data())
def test_adding_a_supporting_backing_never_lowers_a_candidate_nor_raises_another(
    situation: Situation, data: st.DataObject
) -> None:
    # Given a ranking
    point, found, compromises = situation
    before = rank(point, found, compromises)
    # When one more group backs one of the candidates
    key = data.draw(st.sampled_from([c.key for c in before]))
    newcomer = data.draw(backings_for(point, ["g9"]))[0]
    extra = backing("g9", key, newcomer.strength, newcomer.share, newcomer.stakeholder_groups)
    after = rank(point, [*found, extra], compromises)
    # Then that candidate keeps or improves its place and its score
    assert position_of(after, key) <= position_of(before, key)
    assert by_key(after)[key].score >= by_key(before)[key].score
    assert by_key(after)[key].score == pytest.approx(
        by_key(before)[key].score + extra.weight, abs=1e-6
    )
    # And every other candidate keeps its score and keeps or loses its place
    for other in before:
        if other.key == key:
            continue
        assert by_key(after)[other.key].score == other.score
        assert position_of(after, other.key) >= position_of(before, other.key)


@settings(max_examples=60, deadline=None)
@given(situation=situations(), data=st.data())
def test_the_ranking_does_not_depend_on_the_order_of_the_groups(
    situation: Situation, data: st.DataObject
) -> None:
    # Given backings, and the same backings in another order
    point, found, compromises = situation
    shuffled = data.draw(st.permutations(found))
    reordered_compromises = dict(reversed(list(compromises.items())))
    # Then the ranking is the same, candidate by candidate, flags included
    assert rank(point, shuffled, reordered_compromises) == rank(point, found, compromises)


@settings(max_examples=60, deadline=None)
@given(situation=situations())
def test_every_option_and_compromise_appears_once_with_the_sum_of_its_weights(
    situation: Situation,
) -> None:
    point, found, compromises = situation
    ranking = rank(point, found, compromises)
    # Every option of the point and every compromise is a candidate, once, backed or not
    assert sorted(c.key for c in ranking) == sorted(
        [o.option_id for o in point.options] + list(compromises)
    )
    for candidate in ranking:
        mine = [b for b in found if b.candidate == candidate.key]
        # Its backings are exactly the groups that backed it, and its score their summed weight
        assert sorted(candidate.group_ids) == sorted(b.group_id for b in mine)
        assert candidate.score == pytest.approx(
            sum(STRENGTH_WEIGHT[b.strength] * b.share for b in mine), abs=1e-6
        )
        assert candidate.stakeholder_groups == tuple(
            sorted(set().union(*(b.stakeholder_groups for b in mine)))
        )
        if candidate.key.startswith("compromise:"):
            assert candidate.option_id is None
            assert candidate.group_id == candidate.key.removeprefix("compromise:")
            assert candidate.label == compromises[candidate.key]
        else:
            assert candidate.group_id is None
            assert candidate.option_id == candidate.key
    # Strongest first
    scores = [c.score for c in ranking]
    assert scores == sorted(scores, reverse=True)


@settings(max_examples=60, deadline=None)
@given(situation=situations())
def test_near_ties_are_flagged_exactly_among_positive_scores_within_the_ratio_of_the_leader(
    situation: Situation,
) -> None:
    point, found, compromises = situation
    ranking = rank(point, found, compromises)
    top = ranking[0].score
    close = [c.key for c in ranking if c.score > 0 and c.score >= top * NEAR_TIE_RATIO]
    flagged = [c.key for c in ranking if c.near_tie]
    assert flagged == (close if len(close) >= 2 else [])


@settings(max_examples=40, deadline=None)
@given(
    strength=st.sampled_from([s for s in STRENGTHS if s != "consensus"]),
    share=SHARES,
    first=st.booleans(),
)
def test_a_full_consensus_outweighs_any_single_weaker_backing(
    strength: Strength, share: float, first: bool
) -> None:
    # Given one group in full consensus on a and one weaker group on b, in either order
    point = make_point(2)
    strong = backing("g1", "a", "consensus", 1.0)
    weak = backing("g2", "b", strength, share)
    ranking = rank(point, [strong, weak] if first else [weak, strong], {})
    # Then a leads
    assert ranking[0].key == "a"
    assert ranking[0].score > ranking[1].score


# --- rank: examples -----------------------------------------------------------------------


@pytest.mark.parametrize("weaker", ["divided", "majority"])
def test_a_consensus_of_a_full_group_outranks_a_backing_with_055_share(weaker: Strength) -> None:
    # Given a consensus with the whole group behind it, and a divided (or majority) pick of 55 %
    point = make_point(2)
    found = [backing("g1", "b", weaker, 0.55), backing("g2", "a", "consensus", 1.0)]
    # When ranked
    ranking = rank(point, found, {})
    # Then the consensus leads, by the product of strength and share
    assert [c.key for c in ranking] == ["a", "b"]
    assert ranking[0].score == 1.0
    assert ranking[1].score == pytest.approx(STRENGTH_WEIGHT[weaker] * 0.55)
    assert not ranking[0].near_tie


def test_two_weaker_groups_can_together_outweigh_one_consensus() -> None:
    # Scores are sums: two rough consensuses at 85 % (0.68 each) beat one full consensus
    point = make_point(2)
    found = [
        backing("g1", "a", "consensus", 1.0),
        backing("g2", "b", "rough_consensus", 0.85),
        backing("g3", "b", "rough_consensus", 0.85),
    ]
    ranking = rank(point, found, {})
    assert [c.key for c in ranking] == ["b", "a"]
    assert ranking[0].score == pytest.approx(1.36)
    assert ranking[0].group_ids == ("g2", "g3")


def test_with_no_backing_every_option_appears_in_the_points_order_with_score_zero() -> None:
    ranking = rank(make_point(3), [], {})
    assert [(c.key, c.label, c.score, c.near_tie) for c in ranking] == [
        ("a", "Option 1", 0, False),
        ("b", "Option 2", 0, False),
        ("c", "Option 3", 0, False),
    ]


def test_an_unbacked_compromise_still_appears_and_equal_scores_keep_options_first() -> None:
    point = make_point(2)
    ranking = rank(point, [], {"compromise:g2": "Half each."})
    assert [c.key for c in ranking] == ["a", "b", "compromise:g2"]
    assert ranking[2].label == "Half each."
    assert ranking[2].group_id == "g2"


@pytest.mark.parametrize(
    ("share_b", "tie"),
    [(0.9, True), (0.95, True), (1.0, True), (0.89, False), (0.5, False)],
)
def test_a_runner_up_within_ten_percent_of_the_leader_is_a_near_tie(
    share_b: float, tie: bool
) -> None:
    # Given a leader at 1.0 and a runner-up at share_b
    point = make_point(3)
    found = [backing("g1", "a", "consensus", 1.0), backing("g2", "b", "consensus", share_b)]
    # When ranked
    ranking = by_key(rank(point, found, {}))
    # Then both are flagged exactly when the runner-up is within NEAR_TIE_RATIO of the leader
    assert NEAR_TIE_RATIO == 0.9
    assert ranking["a"].near_tie is tie
    assert ranking["b"].near_tie is tie
    # And an option nobody backed is never part of a tie
    assert ranking["c"].near_tie is False


def test_a_lone_leader_is_not_a_near_tie() -> None:
    ranking = rank(make_point(2), [backing("g1", "a", "divided", 0.1)], {})
    assert [c.near_tie for c in ranking] == [False, False]


# --- backings, read from a session ----------------------------------------------------------


def take(driver: SessionDriver, person: str, choice: str) -> None:
    driver.take_position(person, choice)


def only_backing(driver: SessionDriver, group_id: str, point_id: str = "p1") -> Backing:
    found = [b for b in backings(driver.state, point_id) if b.group_id == group_id]
    assert len(found) == 1
    return found[0]


def stakeholder(driver: SessionDriver, person: str) -> str:
    return driver.state.participants[person].stakeholder_group


def test_the_share_comes_from_the_show_of_hands_when_there_is_one() -> None:
    # Given g1 on p1, with every member taking a (positions would say 100 %)
    driver, _ = rotating_session()
    for person in driver.state.groups["g1"].members:
        take(driver, person, "a")
    # When the facilitator records a with 3 in favour, 1 against and 1 abstaining
    driver.record_outcome("g1", choice="a", hands={"in_favour": 3, "against": 1, "abstain": 1})
    # Then the hands count: abstentions are part of the group, not behind the outcome
    assert only_backing(driver, "g1").share == pytest.approx(3 / 5)
    assert only_backing(driver, "g1").strength == "majority"
    assert only_backing(driver, "g1").round == 1
    assert only_backing(driver, "g1").candidate == "a"


def test_the_share_blends_positions_taken_with_the_default_for_the_rest() -> None:
    # Given g1 (four members) on p1, two of whom took a position: one a, one b
    driver, _ = rotating_session()
    first, second, *_ = driver.state.groups["g1"].members
    take(driver, first, "a")
    take(driver, second, "b")
    # When the facilitator records a, with no show of hands
    driver.record_outcome("g1", choice="a", strength="rough_consensus")
    # Then one agreeing member plus two silent ones at the default share, out of four
    found = only_backing(driver, "g1")
    assert found.share == pytest.approx((1 + 2 * DEFAULT_SHARE["rough_consensus"]) / 4)
    # And the stakeholder groups are those whose position matched
    assert found.stakeholder_groups == {stakeholder(driver, first)}


def test_one_early_disagreeing_tap_only_lowers_the_share_by_its_own_weight() -> None:
    # Given g1 (four members) on p1, one of whom took b
    driver, _ = rotating_session()
    assert len(driver.state.groups["g1"].members) == 4
    take(driver, driver.member_of("g1"), "b")
    # When the facilitator records a majority for a with hands all zero
    driver.record_outcome("g1", choice="a", hands=Hands().model_dump())
    # Then the three silent members count at the default share, the dissenter at zero
    found = only_backing(driver, "g1")
    assert found.share == pytest.approx(3 * DEFAULT_SHARE["majority"] / 4)
    assert found.stakeholder_groups == frozenset()


@pytest.mark.parametrize("strength", ["consensus", "rough_consensus", "majority"])
def test_a_member_taking_the_choice_their_group_recorded_never_lowers_its_weight(
    strength: Strength,
) -> None:
    # Given g1 (four members) on p1 records a for a, and one member took b early
    driver, _ = rotating_session()
    first, second, *_ = driver.state.groups["g1"].members
    take(driver, first, "b")
    driver.record_outcome("g1", choice="a", strength=strength)
    before = only_backing(driver, "g1").weight
    # When a second member takes a, the group's own choice
    take(driver, second, "a")
    # Then the outcome's weight does not drop: more support cannot mean less backing
    assert only_backing(driver, "g1").weight >= before


@pytest.mark.parametrize("strength", STRENGTHS)
def test_with_no_positions_nor_hands_each_strength_has_its_default_share(
    strength: Strength,
) -> None:
    driver, _ = rotating_session()
    driver.record_outcome("g1", choice="b", strength=strength)
    found = only_backing(driver, "g1")
    assert found.share == DEFAULT_SHARE[strength]
    assert found.weight == pytest.approx(STRENGTH_WEIGHT[strength] * DEFAULT_SHARE[strength])


def test_positions_of_another_group_on_the_same_point_do_not_count() -> None:
    # Given g1 and g4 both on p1, and both members of g4 taking a
    driver, _ = rotating_session()
    for person in driver.state.groups["g4"].members:
        take(driver, person, "a")
    # When g1 records a with no positions of its own
    driver.record_outcome("g1", choice="a")
    # Then g1's share is the default, and g4's people are not among its stakeholder groups
    assert only_backing(driver, "g1").share == DEFAULT_SHARE["majority"]
    assert only_backing(driver, "g1").stakeholder_groups == frozenset()


def test_a_consensus_speaks_for_every_member_of_the_group() -> None:
    # Given g1 on p1, where one member took b (against the group's final consensus)
    driver, _ = rotating_session()
    members = driver.state.groups["g1"].members
    take(driver, members[0], "b")
    # When the facilitator records a consensus for a
    driver.record_outcome("g1", choice="a", strength="consensus")
    # Then every member's stakeholder group is behind it
    found = only_backing(driver, "g1")
    assert found.stakeholder_groups == {stakeholder(driver, m) for m in members}


def test_a_compromise_is_its_groups_own_candidate() -> None:
    # Given g4 (two members) on p1, one of whom took "compromise"
    driver, _ = rotating_session()
    first = driver.member_of("g4")
    take(driver, first, "compromise")
    # When the facilitator records the compromise
    driver.record_outcome("g4", choice="compromise", compromise_text="Both, in stages.")
    # Then the backing is for compromise:g4: the one who took it, the other at the default
    found = only_backing(driver, "g4")
    assert found.candidate == "compromise:g4"
    assert found.share == pytest.approx((1 + DEFAULT_SHARE["majority"]) / 2)
    assert found.stakeholder_groups == {stakeholder(driver, first)}
    # And the ranking of p1 lists it with its text
    ranking = by_key(rank_point(driver.state, "p1"))
    assert ranking["compromise:g4"].label == "Both, in stages."
    expected = STRENGTH_WEIGHT["majority"] * found.share
    assert ranking["compromise:g4"].score == pytest.approx(expected)


def test_rank_point_puts_every_groups_outcome_in_and_a_missing_point_gives_nothing() -> None:
    # Given every group records an outcome on p1 over the rotation
    driver, _ = rotating_session()
    choices = {"g1": "a", "g4": "b", "g3": "a", "g2": "a"}
    while driver.state.phase != "finished":
        for group_id in driver.state.group_order:
            if driver.state.current_point(group_id) == "p1":
                driver.record_outcome(group_id, choice=choices[group_id], strength="consensus")
        driver.end_round()
    # When p1 is ranked
    ranking = rank_point(driver.state, "p1")
    # Then a leads with three groups, b follows with one
    assert [(c.key, c.group_ids) for c in ranking] == [("a", ("g1", "g2", "g3")), ("b", ("g4",))]
    assert ranking[0].score == 3.0
    assert {b.round for b in ranking[0].backings} == {1, 2, 3}
    # And an unknown point ranks nothing
    assert rank_point(driver.state, "p99") == ()


@settings(max_examples=15, deadline=None)
@given(
    choices=st.lists(
        st.tuples(st.sampled_from(["a", "b", "compromise"]), st.sampled_from(STRENGTHS)),
        min_size=4,
        max_size=4,
    ),
    order=st.permutations(range(4)),
)
def test_rank_point_does_not_depend_on_the_order_the_outcomes_were_recorded(
    choices: list[tuple[str, Strength]], order: list[int]
) -> None:
    # Given a finished rotation, with outcomes on p1 recorded by the moderator in two orders
    def ranked(sequence: list[int]) -> tuple[Candidate, ...]:
        driver, _ = rotating_session()
        while driver.state.phase != "finished":
            driver.end_round()
        for index in sequence:
            choice, strength = choices[index]
            driver.record_outcome(
                f"g{index + 1}",
                "p1",
                choice=choice,
                strength=strength,
                compromise_text=f"Middle way {index}" if choice == "compromise" else "",
                role="moderator",
            )
        return rank_point(driver.state, "p1")

    # Then the ranking is the same
    assert ranked(order) == ranked(list(range(4)))
    assert math.isclose(
        sum(c.score for c in ranked(order)),
        sum(STRENGTH_WEIGHT[s] * DEFAULT_SHARE[s] for _, s in choices),
        abs_tol=1e-5,
    )
