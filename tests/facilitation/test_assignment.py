from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.assignment import (
    GroupKind,
    GroupPlan,
    GroupView,
    Seat,
    assign,
    group_counts,
    place_late_joiner,
)

STAKEHOLDER_GROUPS = ("business", "civil society", "government", "academia", "youth")
KINDS: tuple[GroupKind, ...] = ("room", "remote")


@st.composite
def seat_lists(draw: st.DrawFn) -> list[Seat]:
    traits = draw(
        st.lists(st.tuples(st.sampled_from(STAKEHOLDER_GROUPS), st.booleans()), max_size=40)
    )
    # Ids deliberately do not sort in list order ("p10" < "p2"), so canonical ordering matters.
    return [
        Seat(participant_id=f"p{index}", stakeholder_group=stakeholder, remote=remote)
        for index, (stakeholder, remote) in enumerate(traits)
    ]


group_count_options = st.one_of(st.none(), st.integers(1, 8))
target_size_options = st.one_of(st.none(), st.integers(1, 8))
remote_group_options = st.integers(0, 4)


def kind_of(seat: Seat) -> GroupKind:
    return "remote" if seat.remote else "room"


def groups_of(plans: tuple[GroupPlan, ...], kind: GroupKind) -> list[GroupPlan]:
    return [plan for plan in plans if plan.kind == kind]


# --- group_counts -----------------------------------------------------------


def test_target_size_decides_room_groups_rounding_up() -> None:
    # Given 10 in the room and a target size of 4, when counting, then 3 room groups.
    assert group_counts(10, 0, None, 4, 1) == (3, 0)


def test_group_count_is_used_when_no_target_size() -> None:
    # Given an explicit group count, when no target size is set, then it is used as is.
    assert group_counts(12, 0, 5, None, 1) == (5, 0)


def test_room_groups_default_to_one() -> None:
    # Given neither count nor size, when counting, then everyone in the room is one group.
    assert group_counts(7, 0, None, None, 1) == (1, 0)


def test_room_groups_never_outnumber_room_participants() -> None:
    # Given more groups asked for than people, when counting, then one person per group at most.
    assert group_counts(3, 0, 10, None, 1) == (3, 0)
    assert group_counts(3, 0, None, 1, 1) == (3, 0)


def test_no_remote_group_when_nobody_is_remote() -> None:
    # Given nobody remote, when counting, then no remote group is created even if asked for.
    assert group_counts(10, 0, 2, None, 3) == (2, 0)


def test_remote_groups_mirror_average_room_group_size() -> None:
    # Given room groups of about 5, when 12 are remote, then ceil(12 / 5) = 3 remote groups.
    assert group_counts(20, 12, 4, None, 1) == (4, 3)


def test_remote_groups_follow_target_size() -> None:
    # Given a target size of 4, when 9 are remote, then 3 remote groups.
    assert group_counts(0, 9, None, 4, 1) == (0, 3)


def test_remote_groups_respect_requested_minimum() -> None:
    # Given 2 remote groups requested, when few are remote, then still 2 groups.
    assert group_counts(20, 3, 4, None, 2) == (4, 2)


def test_only_remote_participants_get_the_requested_remote_groups() -> None:
    # Given nobody in the room, when 6 are remote, then exactly the requested groups (at least 1).
    assert group_counts(0, 6, None, None, 2) == (0, 2)
    assert group_counts(0, 6, None, None, 0) == (0, 1)


def test_remote_groups_never_outnumber_remote_participants() -> None:
    # Given 5 remote groups requested, when only 2 are remote, then 2 groups.
    assert group_counts(10, 2, 2, None, 5) == (2, 2)


def test_non_positive_target_size_is_rejected() -> None:
    with pytest.raises(ValueError):
        group_counts(10, 0, None, 0, 1)


# --- assign -----------------------------------------------------------------


@settings(max_examples=200)
@given(seat_lists(), st.integers(), group_count_options, target_size_options, remote_group_options)
def test_every_seat_lands_in_exactly_one_group_of_its_kind(
    seats: list[Seat], seed: int, group_count: int | None, target: int | None, remote_groups: int
) -> None:
    # Given any participants, when assigned,
    # then each sits once, in a group of their kind, and no group is empty.
    plans = assign(seats, seed, group_count, target, remote_groups)
    seat_by_id = {seat.participant_id: seat for seat in seats}
    placed = [member for plan in plans for member in plan.members]
    assert sorted(placed) == sorted(seat_by_id)
    for plan in plans:
        assert plan.members
        assert all(kind_of(seat_by_id[member]) == plan.kind for member in plan.members)


@settings(max_examples=200)
@given(seat_lists(), st.integers(), group_count_options, target_size_options, remote_group_options)
def test_group_counts_match_group_counts_and_room_groups_come_first(
    seats: list[Seat], seed: int, group_count: int | None, target: int | None, remote_groups: int
) -> None:
    # Given any participants, when assigned, then the number of groups per kind is as counted.
    plans = assign(seats, seed, group_count, target, remote_groups)
    n_remote = sum(seat.remote for seat in seats)
    expected = group_counts(len(seats) - n_remote, n_remote, group_count, target, remote_groups)
    assert (len(groups_of(plans, "room")), len(groups_of(plans, "remote"))) == expected
    kinds = [plan.kind for plan in plans]
    assert kinds == sorted(kinds, key=KINDS.index)


@settings(max_examples=200)
@given(seat_lists(), st.integers(), group_count_options, target_size_options, remote_group_options)
def test_group_sizes_of_one_kind_differ_by_at_most_one(
    seats: list[Seat], seed: int, group_count: int | None, target: int | None, remote_groups: int
) -> None:
    # Given any participants, when assigned, then same-kind group sizes are within 1.
    plans = assign(seats, seed, group_count, target, remote_groups)
    for kind in KINDS:
        sizes = [len(plan.members) for plan in groups_of(plans, kind)]
        if sizes:
            assert max(sizes) - min(sizes) <= 1


@settings(max_examples=200)
@given(seat_lists(), st.integers(), group_count_options, target_size_options, remote_group_options)
def test_each_stakeholder_group_spreads_evenly_over_groups_of_one_kind(
    seats: list[Seat], seed: int, group_count: int | None, target: int | None, remote_groups: int
) -> None:
    # Given any participants, when assigned,
    # then for each stakeholder group its per-group counts are within 1.
    plans = assign(seats, seed, group_count, target, remote_groups)
    stakeholder_of = {seat.participant_id: seat.stakeholder_group for seat in seats}
    for kind in KINDS:
        per_group = [
            Counter(stakeholder_of[member] for member in plan.members)
            for plan in groups_of(plans, kind)
        ]
        for stakeholder in STAKEHOLDER_GROUPS:
            counts = [counter[stakeholder] for counter in per_group]
            if counts:
                assert max(counts) - min(counts) <= 1


@settings(max_examples=200)
@given(
    seat_lists(),
    st.integers(),
    group_count_options,
    target_size_options,
    remote_group_options,
    st.randoms(use_true_random=False),
)
def test_same_seed_gives_same_groups_whatever_the_input_order(
    seats: list[Seat],
    seed: int,
    group_count: int | None,
    target: int | None,
    remote_groups: int,
    shuffler: random.Random,
) -> None:
    # Given the same participants in two different orders and the same seed,
    reordered = list(seats)
    shuffler.shuffle(reordered)
    # When assigned twice each,
    first = assign(seats, seed, group_count, target, remote_groups)
    again = assign(seats, seed, group_count, target, remote_groups)
    other_order = assign(reordered, seed, group_count, target, remote_groups)
    # Then all results are identical.
    assert first == again == other_order


def test_different_seeds_give_different_groups() -> None:
    # Given 60 participants from five stakeholder groups,
    seats = [
        Seat(f"p{i:02d}", STAKEHOLDER_GROUPS[i % len(STAKEHOLDER_GROUPS)], remote=i % 4 == 0)
        for i in range(60)
    ]
    # When assigned with two different seeds,
    one = assign(seats, 1, 5, None, 2)
    two = assign(seats, 2, 5, None, 2)
    # Then the groups differ.
    assert one != two


def test_nobody_to_assign_gives_no_groups() -> None:
    assert assign([], 7, 3, None, 1) == ()


def test_duplicate_participant_ids_are_rejected() -> None:
    seats = [Seat("p1", "business", False), Seat("p1", "youth", False)]
    with pytest.raises(ValueError):
        assign(seats, 0, 1, None, 1)


# --- place_late_joiner ------------------------------------------------------


@st.composite
def balanced_groups(draw: st.DrawFn) -> list[GroupView]:
    """Groups whose sizes are within 1 per kind, in an arbitrary interleaved order."""
    views: list[GroupView] = []
    for kind in KINDS:
        base = draw(st.integers(0, 4))
        stakeholder_lists = st.lists(
            st.sampled_from(STAKEHOLDER_GROUPS), min_size=base, max_size=base + 1
        )
        for index, members in enumerate(draw(st.lists(stakeholder_lists, max_size=5))):
            views.append(GroupView(f"{kind}-{index}", kind, tuple(members)))
    return draw(st.permutations(views))


joiners = st.builds(Seat, st.just("late"), st.sampled_from(STAKEHOLDER_GROUPS), st.booleans())


@settings(max_examples=200)
@given(balanced_groups(), joiners)
def test_late_joiner_keeps_group_sizes_within_one(groups: list[GroupView], seat: Seat) -> None:
    # Given groups whose sizes are within 1 per kind,
    # When a late joiner is placed,
    chosen = place_late_joiner(groups, seat)
    # Then sizes of that kind are still within 1.
    if chosen is None:
        return
    sizes = [
        len(group.member_stakeholder_groups) + (group.group_id == chosen)
        for group in groups
        if group.kind == kind_of(seat)
    ]
    assert max(sizes) - min(sizes) <= 1


@settings(max_examples=200)
@given(balanced_groups(), joiners)
def test_late_joiner_goes_where_their_stakeholder_group_is_rarest_among_smallest(
    groups: list[GroupView], seat: Seat
) -> None:
    # Given groups of both kinds,
    # When a late joiner is placed,
    chosen = place_late_joiner(groups, seat)
    # Then it is the first group of their kind, among the smallest,
    # with the fewest members of their stakeholder group.
    same_kind = [group for group in groups if group.kind == kind_of(seat)]
    if not same_kind:
        assert chosen is None
        return
    smallest = min(len(group.member_stakeholder_groups) for group in same_kind)
    eligible = [group for group in same_kind if len(group.member_stakeholder_groups) == smallest]
    fewest = min(
        group.member_stakeholder_groups.count(seat.stakeholder_group) for group in eligible
    )
    best = [
        g for g in eligible if g.member_stakeholder_groups.count(seat.stakeholder_group) == fewest
    ]
    assert chosen == best[0].group_id


@settings(max_examples=200)
@given(balanced_groups(), joiners)
def test_late_joiner_without_group_of_their_kind_gets_none(
    groups: list[GroupView], seat: Seat
) -> None:
    # Given only groups of the other kind,
    other_kind_only = [group for group in groups if group.kind != kind_of(seat)]
    # When a late joiner is placed, then no group is chosen.
    assert place_late_joiner(other_kind_only, seat) is None


def test_late_joiner_prefers_smaller_group_over_stakeholder_balance() -> None:
    # Given a smaller group that already holds the joiner's stakeholder group,
    groups = [
        GroupView("a", "room", ("youth", "business", "business")),
        GroupView("b", "room", ("government", "business")),
    ]
    # When someone from government joins, then they still go to the smaller group.
    assert place_late_joiner(groups, Seat("late", "government", False)) == "b"


def test_remote_late_joiner_goes_to_remote_group() -> None:
    # Given a room group and a larger remote group, when a remote participant joins,
    groups = [GroupView("room-1", "room", ()), GroupView("remote-1", "remote", ("youth", "youth"))]
    # Then they go to the remote group.
    assert place_late_joiner(groups, Seat("late", "youth", True)) == "remote-1"
