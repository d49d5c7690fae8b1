"""Rotation of groups over points, round by round.

A cyclic shift (group g takes point (g + r) mod P in round r) is a Latin-square
schedule: it needs no search, works for any number of groups and points, and
is trivially reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence

RotationPlan = tuple[tuple[str, ...], ...]
"""plan[r][g] is the point id that group g (in the order given) considers in round r."""


def rotation_plan(group_ids: Sequence[str], point_ids: Sequence[str]) -> RotationPlan:
    """Every group considers every point exactly once, in as many rounds as there are points.

    Works for any number of groups G and points P (G < P, G = P, G > P).
    Round r: group g takes point (g + r) mod P, so that when G <= P no two
    groups share a point in a round, and when G > P the groups on one point
    differ by at most 1 in number.
    """
    # Callers validate first; reaching these means a programming error.
    if not group_ids:
        raise ValueError("rotation needs at least one group")
    if not point_ids:
        raise ValueError("rotation needs at least one point")
    # A repeated point id would make "every point exactly once" meaningless.
    if len(set(point_ids)) != len(point_ids):
        raise ValueError("point ids must be unique")

    points = tuple(point_ids)
    point_total = len(points)
    group_total = len(group_ids)
    return tuple(
        tuple(points[(group + round_index) % point_total] for group in range(group_total))
        for round_index in range(point_total)
    )


def point_for(plan: RotationPlan, round_index: int, group_index: int) -> str:
    """The point group `group_index` considers in round `round_index`."""
    # Negative indices would silently wrap around in Python; refuse them instead.
    if not 0 <= round_index < len(plan):
        raise IndexError(f"round {round_index} is outside the plan")
    row = plan[round_index]
    if not 0 <= group_index < len(row):
        raise IndexError(f"group {group_index} is outside the plan")
    return row[group_index]
