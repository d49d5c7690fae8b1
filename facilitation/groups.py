"""Making groups: at assignment, and later when a joiner or a hub finds none of its kind."""

from . import events as ev
from .model import Group
from .state import SessionState
from .vocabulary import GroupKind


def new_group(number: int, kind: GroupKind, members: tuple[str, ...], label: str = "") -> Group:
    return Group(
        group_id=f"g{number}",
        number=number,
        kind=kind,
        label=label or ("remote" if kind == "remote" else ""),
        members=members,
    )


def kept_label(state: SessionState, group_id: str, kind: GroupKind) -> str:
    """A re-draw keeps the place a group was given, unless the group changed kind."""
    old = state.groups.get(group_id)
    return old.label if old is not None and old.kind == kind else ""


def late_group(state: SessionState, kind: GroupKind) -> ev.GroupCreated:
    """A group opened after assignment. During the rotation it joins the plan, taking the
    next cyclic column, so its people work on a point from the next moment on."""
    column = None
    if state.phase == "rotation" and state.plan:
        points = [p.point_id for p in state.points]
        offset = len(state.group_order)
        column = tuple(points[(offset + r) % len(points)] for r in range(len(state.plan)))
    return ev.GroupCreated(group=new_group(len(state.groups) + 1, kind, ()), column=column)
