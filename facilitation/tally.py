"""A group's live tally on a point: its members' positions plus its hubs' blocks."""

from collections import Counter

from .state import SessionState


def group_tally(state: SessionState, group_id: str, point_id: str) -> dict[str, int]:
    """People per choice; a hub counts the people it reported for each choice."""
    counts: Counter[str] = Counter()
    for position in state.positions.get(point_id, {}).values():
        if position.group_id == group_id:
            counts[position.choice] += 1
    for block in state.remote.blocks.get(point_id, {}).values():
        if block.group_id == group_id:
            counts.update(block.counts)
    return dict(counts)


def group_size(state: SessionState, group_id: str) -> int:
    """The people in a group: its members, and each of its hubs' head count."""
    group = state.groups.get(group_id)
    if group is None:
        return 0
    hubs = state.remote.hubs
    return len(group.members) + sum(hubs[h].head_count for h in group.hubs if h in hubs)
