"""Rules for registered remote hubs: registering and placing them, their head count, their
positions as a block, a raised hand, and messages to and from the moderator."""

from . import commands as cmd
from . import events as ev
from .context import Context
from .errors import Invalid, NotFound, Stale, WrongPhase
from .groups import late_group
from .model import Group, Hub
from .state import SessionState
from .vocabulary import COMPROMISE, UNDECIDED, GroupKind

HUB_STRATUM = "(remote hub)"
"""Hubs are dealt into groups as a stratum of their own, so they spread evenly."""


def register_hub(state: SessionState, command: cmd.RegisterHub, _: Context) -> list[ev.Event]:
    if any(h.name.casefold() == command.name.casefold() for h in state.remote.hubs.values()):
        raise Invalid("A hub of this name is already registered.", "name")
    hub = Hub(
        hub_id=f"h{len(state.remote.hubs) + 1}",
        name=command.name,
        city=command.city,
        country=command.country,
        timezone=command.timezone,
        expected_head_count=command.expected_head_count,
        head_count=command.expected_head_count,
        placement=command.placement,
    )
    registered: list[ev.Event] = [ev.HubRegistered(hub=hub)]
    if state.phase in ("assigned", "rotation"):
        registered += place_late_hub(state, hub)
    return registered


def place_late_hub(state: SessionState, hub: Hub) -> list[ev.Event]:
    """A hub registered after assignment joins the group of its kind with the fewest hubs,
    then the fewest people; with no group of its kind, a new one opens."""
    kind: GroupKind = "remote" if hub.placement == "remote" else "room"
    candidates = [g for g in state.groups.values() if g.kind == kind]
    placed: list[ev.Event] = []
    if candidates:
        group = min(candidates, key=lambda g: (len(g.hubs), len(g.members), g.number))
        group_id = group.group_id
    else:
        created = late_group(state, kind)
        group_id = created.group.group_id
        placed.append(created)
    placed.append(ev.HubPlaced(hub_id=hub.hub_id, group_id=group_id))
    return placed


def place_hub(state: SessionState, command: cmd.PlaceHub, _: Context) -> list[ev.Event]:
    if command.hub_id not in state.remote.hubs:
        raise NotFound("No such hub.", "hub_id")
    if command.group_id not in state.groups:
        raise NotFound("No such group.", "group_id")
    if state.hub_group.get(command.hub_id) == command.group_id:
        return []
    return [ev.HubPlaced(hub_id=command.hub_id, group_id=command.group_id)]


def _hub(state: SessionState, context: Context) -> Hub:
    hub = state.remote.hubs.get(context.actor.participant_id or "")
    if hub is None:
        raise NotFound("This hub is not registered in the session.")
    return hub


def set_head_count(
    state: SessionState, command: cmd.SetHeadCount, context: Context
) -> list[ev.Event]:
    hub = _hub(state, context)
    if command.head_count > hub.expected_head_count:
        raise Invalid(
            f"At most {hub.expected_head_count}, the number registered for this hub: ask the "
            "moderator to raise it.",
            "head_count",
        )
    if hub.head_count == command.head_count:
        return []
    return [ev.HeadCountSet(hub_id=hub.hub_id, head_count=command.head_count)]


def set_hub_positions(
    state: SessionState, command: cmd.SetHubPositions, context: Context
) -> list[ev.Event]:
    hub = _hub(state, context)
    if state.phase != "rotation" or state.clock is None:
        raise WrongPhase("Positions are taken while a round is running.")
    if state.clock.paused_remaining_ms is not None:
        raise WrongPhase("The round is paused: positions wait until the moderator resumes it.")
    group_id = state.hub_group.get(hub.hub_id)
    current = state.current_point(group_id) if group_id else None
    if group_id is None or current is None:
        raise WrongPhase("The hub is not in a group that is working on a point.")
    if command.point_id != current:
        raise Stale("The hub's group has moved on to another point.", "point_id")
    point = state.point(current)
    assert point is not None
    allowed = {o.option_id for o in point.options} | {COMPROMISE, UNDECIDED}
    unknown = sorted(set(command.counts) - allowed)
    if unknown:
        raise Invalid(
            f"Unknown choice {unknown[0]!r}: count options, compromise, undecided.", "counts"
        )
    counts = {k: v for k, v in command.counts.items() if v}
    total = sum(counts.values())
    if total > hub.head_count:
        raise Invalid(
            f"The counts add up to {total}, but the head count is {hub.head_count}: "
            "update the head count first.",
            "counts",
        )
    block = state.remote.blocks.get(current, {}).get(hub.hub_id)
    if block is not None and dict(block.counts) == counts and block.group_id == group_id:
        return []
    return [
        ev.HubPositionsSet(
            hub_id=hub.hub_id,
            group_id=group_id,
            point_id=current,
            round=state.clock.number,
            counts=counts,
        )
    ]


def raise_hand(state: SessionState, command: cmd.RaiseHand, context: Context) -> list[ev.Event]:
    hub = _hub(state, context)
    if (hub.hub_id in state.remote.hands) == command.raised:
        return []
    return [ev.HandRaised(hub_id=hub.hub_id, raised=command.raised)]


def message_moderator(
    state: SessionState, command: cmd.MessageModerator, context: Context
) -> list[ev.Event]:
    actor = context.actor
    sender = actor.participant_id if actor.role == "hub" else actor.group_id
    if actor.role == "hub":
        _hub(state, context)
    if not sender:
        raise NotFound("Say who is writing.")
    return [
        ev.MessageSent(
            from_role=actor.role, from_id=sender, text=command.text, sent_at_ms=context.now_ms
        )
    ]


def broadcast(state: SessionState, command: cmd.Broadcast, context: Context) -> list[ev.Event]:
    return [ev.MessageBroadcast(text=command.text, sent_at_ms=context.now_ms)]


def hub_groups(groups: tuple[Group, ...], hub_ids: set[str]) -> tuple[Group, ...]:
    """Split an assignment's members into people and hubs (hubs were dealt as seats)."""
    return tuple(
        g.model_copy(
            update={
                "members": tuple(m for m in g.members if m not in hub_ids),
                "hubs": tuple(m for m in g.members if m in hub_ids),
            }
        )
        for g in groups
    )
