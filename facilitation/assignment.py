"""Stratified random assignment of participants to groups.

Pure: the only randomness is a `random.Random` built from the seed passed in,
so a session can be replayed exactly from its seed and its participant list.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

GroupKind = Literal["room", "remote"]

# Room groups always precede remote groups, both when dealing and in results.
_KINDS: tuple[GroupKind, ...] = ("room", "remote")


@dataclass(frozen=True)
class Seat:
    """A participant as the assignment sees them."""

    participant_id: str
    stakeholder_group: str
    remote: bool  # True for mode "hub" or "remote": they sit in remote groups


@dataclass(frozen=True)
class GroupPlan:
    kind: GroupKind
    members: tuple[str, ...]  # participant ids


@dataclass(frozen=True)
class GroupView:
    group_id: str
    kind: GroupKind
    member_stakeholder_groups: tuple[str, ...]  # one entry per member


def _kind_of(seat: Seat) -> GroupKind:
    return "remote" if seat.remote else "room"


def group_counts(
    n_room: int,
    n_remote: int,
    group_count: int | None,
    target_group_size: int | None,
    remote_groups: int,
) -> tuple[int, int]:
    """(room groups, remote groups) for this many people.

    - room groups: 0 if n_room == 0; else if target_group_size is set:
      ceil(n_room / target_group_size); else group_count (default 1 if None);
      never more than n_room, never fewer than 1.
    - remote groups: 0 if n_remote == 0 (the remote group is not created when
      nobody is remote); else max(remote_groups, ceil(n_remote / size)) capped
      at n_remote and at least 1, where size = target_group_size if set, else
      the average room group size ceil(n_room / room_groups) if there are room
      groups, else n_remote (i.e. just `remote_groups` groups).
    """
    if n_room < 0 or n_remote < 0:
        raise ValueError("participant counts must not be negative")
    if target_group_size is not None and target_group_size < 1:
        raise ValueError("target_group_size must be at least 1")

    if n_room == 0:
        room = 0
    else:
        if target_group_size is not None:
            wanted = math.ceil(n_room / target_group_size)
        else:
            wanted = 1 if group_count is None else group_count
        # An empty group is worse than a bigger one, so clamp rather than fail.
        room = max(1, min(wanted, n_room))

    if n_remote == 0:
        remote = 0
    else:
        if target_group_size is not None:
            size = target_group_size
        elif room > 0:
            # Remote groups should feel like room groups, so mirror their size.
            size = math.ceil(n_room / room)
        else:
            size = n_remote
        wanted = max(remote_groups, math.ceil(n_remote / size))
        remote = max(1, min(wanted, n_remote))

    return room, remote


def _deal(seats: Sequence[Seat], group_total: int, rng: random.Random) -> list[list[str]]:
    """Deal one kind of seat into `group_total` groups, stratified by stakeholder group.

    Each stratum is laid out as one contiguous block and the whole sequence is
    dealt round-robin with a single continuing pointer. Any k consecutive
    positions hit every group floor(k/G) or ceil(k/G) times, which keeps both
    the group sizes and every stakeholder group's spread within 1.
    """
    strata: dict[str, list[str]] = {}
    for seat in seats:
        strata.setdefault(seat.stakeholder_group, []).append(seat.participant_id)

    # Sort before shuffling so the outcome depends on the seed alone, never on
    # dict or input order.
    order = sorted(strata)
    rng.shuffle(order)
    sequence: list[str] = []
    for name in order:
        members = sorted(strata[name])
        rng.shuffle(members)
        sequence.extend(members)

    groups: list[list[str]] = [[] for _ in range(group_total)]
    # A random start stops the first groups from always being the larger ones.
    offset = rng.randrange(group_total)
    for index, participant_id in enumerate(sequence):
        groups[(offset + index) % group_total].append(participant_id)
    return groups


def assign(
    seats: Sequence[Seat],
    seed: int,
    group_count: int | None,
    target_group_size: int | None,
    remote_groups: int,
) -> tuple[GroupPlan, ...]:
    """Stratified random assignment. Room groups come first in the result, then remote groups."""
    ids = [seat.participant_id for seat in seats]
    if len(set(ids)) != len(ids):
        raise ValueError("participant ids must be unique")

    # Canonical order first, so reordering the input cannot change the result.
    ordered = sorted(seats, key=lambda seat: seat.participant_id)
    by_kind: dict[GroupKind, list[Seat]] = {kind: [] for kind in _KINDS}
    for seat in ordered:
        by_kind[_kind_of(seat)].append(seat)

    room_total, remote_total = group_counts(
        len(by_kind["room"]),
        len(by_kind["remote"]),
        group_count,
        target_group_size,
        remote_groups,
    )
    counts: dict[GroupKind, int] = {"room": room_total, "remote": remote_total}

    # Seeded for replayability, not secrecy: a cryptographic RNG cannot be replayed.
    rng = random.Random(seed)  # noqa: S311
    plans: list[GroupPlan] = []
    for kind in _KINDS:
        if counts[kind] == 0:
            continue
        for members in _deal(by_kind[kind], counts[kind], rng):
            plans.append(GroupPlan(kind=kind, members=tuple(members)))
    return tuple(plans)


def place_late_joiner(groups: Sequence[GroupView], seat: Seat) -> str | None:
    """Group for someone who joins after assignment.

    Among groups of the seat's kind, those of the smallest size (so sizes stay
    within 1), and among those the ones where the seat's stakeholder group has
    the fewest members; ties go to the first in the given order. None when
    there is no group of that kind (the caller then creates one).
    """
    kind = _kind_of(seat)
    candidates = [group for group in groups if group.kind == kind]
    if not candidates:
        return None

    smallest = min(len(group.member_stakeholder_groups) for group in candidates)
    # Size is checked before stakeholder balance: an uneven mix is tolerable,
    # a group two people larger than another is not.
    smallest_groups = [
        group for group in candidates if len(group.member_stakeholder_groups) == smallest
    ]
    # min() returns the first of equal keys, which gives the documented tie-break.
    chosen = min(
        smallest_groups,
        key=lambda group: group.member_stakeholder_groups.count(seat.stakeholder_group),
    )
    return chosen.group_id
