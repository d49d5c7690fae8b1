"""Rules of set-up and check-in: creating and configuring a session, joining, assigning groups."""

from . import commands as cmd
from . import events as ev
from .assignment import GroupView, Seat, assign, place_late_joiner
from .context import Context
from .draft import join_code, split_paragraphs
from .errors import Invalid, NotFound, WrongPhase
from .groups import kept_label, late_group, new_group
from .hubs import HUB_STRATUM, hub_groups
from .model import Option, Participant, Point, Settings
from .state import SessionState
from .vocabulary import OPTION_LETTERS

DEFAULT_TARGET_GROUP_SIZE = 8  # people around one flip chart who can all be heard


def create_session(command: cmd.CreateSession, context: Context) -> list[ev.Event]:
    return [
        ev.SessionCreated(
            session_id=context.new_id,
            code=join_code(context.seed),
            title=command.title,
            created_at_ms=context.now_ms,
        )
    ]


def configure(state: SessionState, command: cmd.ConfigureSession, _: Context) -> list[ev.Event]:
    if state.phase != "setup":
        raise WrongPhase("The set-up is fixed once groups are assigned.")
    paragraphs = split_paragraphs(command.draft)
    if not paragraphs:
        raise Invalid("The draft has no text.", "draft")
    if command.group_count is not None and command.target_group_size is not None:
        raise Invalid("Give a number of groups or a target group size, not both.", "group_count")
    if len(set(command.stakeholder_groups)) != len(command.stakeholder_groups):
        raise Invalid("A stakeholder group is listed twice.", "stakeholder_groups")
    points = []
    for index, spec in enumerate(command.points):
        field = f"points.{index}"
        if spec.paragraph > len(paragraphs):
            raise Invalid(
                f"Point {index + 1} refers to paragraph {spec.paragraph}, "
                f"but the draft has {len(paragraphs)}.",
                f"{field}.paragraph",
            )
        if len(set(spec.options)) != len(spec.options):
            raise Invalid(f"Point {index + 1} lists the same option twice.", f"{field}.options")
        options = tuple(
            Option(option_id=OPTION_LETTERS[k], label=label) for k, label in enumerate(spec.options)
        )
        points.append(
            Point(
                point_id=f"p{index + 1}",
                paragraph=spec.paragraph,
                question=spec.question,
                options=options,
            )
        )
    target = command.target_group_size
    if command.group_count is None and target is None:
        target = DEFAULT_TARGET_GROUP_SIZE
    settings = Settings(
        group_count=command.group_count,
        target_group_size=target,
        round_secs=command.round_secs,
        remote_groups=command.remote_groups,
    )
    return [
        ev.SessionConfigured(
            title=command.title,
            paragraphs=paragraphs,
            points=tuple(points),
            stakeholder_groups=command.stakeholder_groups,
            settings=settings,
        )
    ]


def join(state: SessionState, command: cmd.Join, context: Context) -> list[ev.Event]:
    if state.plenary.decision is not None:
        raise WrongPhase(
            "The text has been decided: joining is closed. Endorsing has its own link."
        )
    if state.roster.locked:
        raise WrongPhase("The moderator has locked joining for now: ask in the room.")
    if command.stakeholder_group not in state.stakeholder_groups:
        choices = ", ".join(state.stakeholder_groups)
        raise Invalid(f"Choose one of the stakeholder groups: {choices}.", "stakeholder_group")
    if command.mode == "hub" and not command.hub_name:
        raise Invalid("Say which hub you are at.", "hub_name")
    participant = Participant(
        participant_id=context.new_id,
        name=command.name,
        organisation=command.organisation,
        stakeholder_group=command.stakeholder_group,
        region=command.region,
        mode=command.mode,
        hub_name=command.hub_name if command.mode == "hub" else "",
        country=command.country,
        joined_at_ms=context.now_ms,
    )
    if state.roster.approval_required:
        return [ev.ParticipantJoined(participant=participant, pending=True)]
    joined: list[ev.Event] = [ev.ParticipantJoined(participant=participant)]
    if state.phase in ("assigned", "rotation"):
        joined += place(state, participant)
    return joined


def _seat(participant: Participant) -> Seat:
    return Seat(
        participant.participant_id, participant.stakeholder_group, participant.mode != "room"
    )


def place(state: SessionState, participant: Participant) -> list[ev.Event]:
    """A late joiner's group: the smallest of their kind where their stakeholder group is
    least represented, or a new group when none of their kind exists."""
    views = [
        GroupView(
            g.group_id,
            g.kind,
            tuple(
                state.participants[m].stakeholder_group
                for m in g.members
                if m in state.participants
            ),
        )
        for g in state.groups.values()
    ]
    group_id = place_late_joiner(views, _seat(participant))
    placed: list[ev.Event] = []
    if group_id is None:
        created = late_group(state, "room" if participant.mode == "room" else "remote")
        group_id = created.group.group_id
        placed.append(created)
    placed.append(
        ev.ParticipantPlaced(participant_id=participant.participant_id, group_id=group_id)
    )
    return placed


def assign_groups(
    state: SessionState, command: cmd.AssignGroups, context: Context
) -> list[ev.Event]:
    if state.phase not in ("setup", "assigned"):
        raise WrongPhase("Groups cannot be drawn again once the rotation has started.")
    if not state.configured:
        raise WrongPhase("Set up the session (draft and points) before assigning groups.")
    if not state.participants and not state.remote.hubs:
        raise Invalid("Nobody has joined yet: share the join code first.")
    seed = command.seed if command.seed is not None else context.seed
    settings = state.settings
    hubs = [
        Seat(h.hub_id, HUB_STRATUM, h.placement == "remote") for h in state.remote.hubs.values()
    ]
    plans = assign(
        [_seat(p) for p in state.participants.values()] + hubs,
        seed,
        settings.group_count,
        settings.target_group_size,
        settings.remote_groups,
    )
    groups = tuple(
        new_group(n, plan.kind, plan.members, kept_label(state, f"g{n}", plan.kind))
        for n, plan in enumerate(plans, start=1)
    )
    return [ev.GroupsAssigned(seed=seed, groups=hub_groups(groups, set(state.remote.hubs)))]


def move_participant(
    state: SessionState, command: cmd.MoveParticipant, _: Context
) -> list[ev.Event]:
    if state.phase not in ("assigned", "rotation"):
        raise WrongPhase(
            "People can be moved between groups after assignment, during the breakout."
        )
    current = state.group_of.get(command.participant_id)
    if current is None:
        raise NotFound("No such participant in a group.", "participant_id")
    if command.group_id not in state.groups:
        raise NotFound("No such group.", "group_id")
    if current == command.group_id:
        raise Invalid("That person is already in this group.", "group_id")
    return [
        ev.ParticipantMoved(
            participant_id=command.participant_id,
            from_group_id=current,
            to_group_id=command.group_id,
        )
    ]


def label_group(state: SessionState, command: cmd.LabelGroup, _: Context) -> list[ev.Event]:
    if command.group_id not in state.groups:
        raise NotFound("No such group.", "group_id")
    label = command.label.strip()
    if state.groups[command.group_id].label == label:
        return []
    return [ev.GroupLabelled(group_id=command.group_id, label=label)]
