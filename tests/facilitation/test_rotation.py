from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.rotation import point_for, rotation_plan

sizes = st.integers(1, 12)


def ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{index}" for index in range(count)]


@settings(max_examples=200)
@given(sizes, sizes)
def test_there_are_as_many_rounds_as_points(group_total: int, point_total: int) -> None:
    # Given G groups and P points, when planned, then P rounds of G assignments each.
    plan = rotation_plan(ids("g", group_total), ids("pt", point_total))
    assert len(plan) == point_total
    assert all(len(row) == group_total for row in plan)


@settings(max_examples=200)
@given(sizes, sizes)
def test_every_group_meets_every_point_once(group_total: int, point_total: int) -> None:
    # Given G groups and P points,
    points = ids("pt", point_total)
    # When planned,
    plan = rotation_plan(ids("g", group_total), points)
    # Then each group's column is a permutation of the points.
    for group in range(group_total):
        assert sorted(point_for(plan, r, group) for r in range(point_total)) == sorted(points)


@settings(max_examples=200)
@given(sizes, sizes)
def test_no_two_groups_share_a_point_when_points_suffice(
    group_total: int, point_total: int
) -> None:
    # Given at most as many groups as points (G <= P),
    if group_total > point_total:
        group_total, point_total = point_total, group_total
    # When planned,
    plan = rotation_plan(ids("g", group_total), ids("pt", point_total))
    # Then within each round every group has its own point.
    for row in plan:
        assert len(set(row)) == len(row)


@settings(max_examples=200)
@given(sizes, sizes)
def test_groups_share_points_evenly_when_groups_outnumber_points(
    group_total: int, point_total: int
) -> None:
    # Given more groups than points (G > P),
    if group_total == point_total:
        group_total += 1
    elif group_total < point_total:
        group_total, point_total = point_total, group_total
    points = ids("pt", point_total)
    # When planned,
    plan = rotation_plan(ids("g", group_total), points)
    # Then in each round every point is taken, by group counts within 1 of each other.
    for row in plan:
        counts = Counter(row)
        per_point = [counts[point] for point in points]
        assert min(per_point) >= 1
        assert max(per_point) - min(per_point) <= 1


@pytest.mark.parametrize(
    ("group_total", "point_total"),
    [(2, 5), (4, 4), (7, 3)],
    ids=["fewer groups", "equal", "more groups"],
)
def test_group_g_takes_point_g_plus_r_in_round_r(group_total: int, point_total: int) -> None:
    # Given each regime, when planned, then the plan is the documented cyclic shift.
    points = ids("pt", point_total)
    plan = rotation_plan(ids("g", group_total), points)
    for r in range(point_total):
        for g in range(group_total):
            assert point_for(plan, r, g) == points[(g + r) % point_total]


def test_single_group_single_point_is_one_round() -> None:
    assert rotation_plan(["g"], ["p"]) == (("p",),)


def test_plan_without_points_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        rotation_plan(["g1"], [])


def test_plan_without_groups_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        rotation_plan([], ["p1"])


def test_repeated_point_ids_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        rotation_plan(["g1"], ["p1", "p1"])


def test_point_for_refuses_out_of_range_indices() -> None:
    # Given a 2-round plan for 2 groups,
    # when asked outside it (negatives included), then IndexError.
    plan = rotation_plan(["g1", "g2"], ["p1", "p2"])
    for round_index, group_index in [(2, 0), (0, 2), (-1, 0), (0, -1)]:
        with pytest.raises(IndexError):
            point_for(plan, round_index, group_index)
