"""Random valid sessions for the mirror property test: a hypothesis strategy that plays a whole
session through the core (tests/facilitation/builders.py's driver), from set-up to the
endorsement register, and gives its log.

Every order is drawn at random and given as the shell would give it; an order the core
refuses is simply not in the log (a real session has those too), so each log is one the core
wrote. What is drawn: the set-up (points, options, sizing, remote groups), hubs in either
placement, joins in every mode, assignment, labels and moves, late joins during the rotation
(a hub joiner may open a group), positions, hub block positions, head counts and hands,
messages and broadcasts, outcomes and their revisions, pauses and extensions, warnings and
ends by the timer or the moderator, the composite, reactions (a hub's for its people),
objections addressed, the decision, the register and endorsements given and withdrawn; and
the moderator's decisions about people at any stage (approval of joins, removals, renames,
merges, a new join code, a lock, a hub's expected head count)."""

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation.errors import DomainError
from facilitation.rotation_timer import next_alarm
from facilitation.vocabulary import HubPlacement, Mode, Role
from tests.facilitation.builders import MINUTE_MS, SECOND_MS, SessionDriver

Draw = Callable[[st.SearchStrategy[Any]], Any]
MODES: tuple[Mode, ...] = ("room", "room", "remote", "hub")
PLACEMENTS: tuple[HubPlacement, ...] = ("breakout", "remote")


class Player:
    """Gives the drawn orders to a driver, keeping what the core accepted."""

    def __init__(self, draw: Draw) -> None:
        self.draw = draw
        self.driver = SessionDriver.create()
        self.people: list[str] = []
        self.endorsements: list[tuple[str, str | None]] = []

    def give(self, command: cmd.Command, role: Role = "moderator", **who: Any) -> list[ev.Event]:
        try:
            return self.driver.run(command, role, **who)
        except DomainError:
            return []

    def cid(self) -> str:
        return self.driver.cid()

    def some(self, items: list[Any], at_least: int = 0) -> list[Any]:
        if not items:
            return []
        return self.draw(st.lists(st.sampled_from(items), min_size=at_least, max_size=3))

    @property
    def hubs(self) -> list[str]:
        return list(self.driver.state.remote.hubs)

    # -- before the rotation ---------------------------------------------------------------

    def set_up(self) -> None:
        points = self.draw(st.integers(1, 3))
        sizing = self.draw(
            st.sampled_from([{"group_count": 2}, {"group_count": 3}, {"target_group_size": 3}])
        )
        remote = self.draw(st.integers(0, 1))
        self.driver.configure(points, self.draw(st.integers(2, 3)), remote_groups=remote, **sizing)
        for n in range(self.draw(st.integers(0, 2))):
            self.register_hub(n)
        for _ in range(self.draw(st.integers(0, 7))):
            self.join()
        self.moderate()

    def register_hub(self, n: int) -> None:
        count = self.draw(st.integers(1, 20))
        placement = self.draw(st.sampled_from(PLACEMENTS))
        self.give(
            cmd.RegisterHub(
                command_id=self.cid(),
                name=f"Hub {n}",
                timezone="Africa/Nairobi",
                expected_head_count=count,
                placement=placement,
            )
        )

    def join(self) -> None:
        mode = self.draw(st.sampled_from(MODES))
        group = self.draw(st.sampled_from(self.driver.state.stakeholder_groups))
        joined = self.give(
            cmd.Join(
                command_id=self.cid(),
                name=f"Person {len(self.people)}",
                stakeholder_group=group,
                region="Africa",
                mode=mode,
                hub_name="Hub 0" if mode == "hub" else "",
                country=self.draw(st.sampled_from(["", "Kenya", "Peru"])),
            ),
            "guest",
        )
        if joined:
            assert isinstance(joined[0], ev.ParticipantJoined)
            self.people.append(joined[0].participant.participant_id)

    def assign(self) -> None:
        if not self.people and not self.hubs:
            self.join()
        for _ in range(self.draw(st.integers(1, 2))):  # a second draw replaces the first
            self.give(cmd.AssignGroups(command_id=self.cid(), seed=self.draw(st.integers(0, 99))))
        groups = list(self.driver.state.groups)
        if not groups:  # everyone was removed or waits for approval: nobody to draw
            return
        for group in self.some(groups):
            self.give(cmd.LabelGroup(command_id=self.cid(), group_id=group, label="by the door"))
        for person in self.some(self.people):
            target = self.draw(st.sampled_from(groups))
            self.give(
                cmd.MoveParticipant(command_id=self.cid(), participant_id=person, group_id=target)
            )
        for hub in self.some(self.hubs):
            target = self.draw(st.sampled_from(groups))
            self.give(cmd.PlaceHub(command_id=self.cid(), hub_id=hub, group_id=target))

    # -- the rotation ------------------------------------------------------------------------

    def rotate(self) -> None:
        self.give(cmd.StartRotation(command_id=self.cid()))
        rounds = 0
        while self.driver.state.phase == "rotation" and rounds < 6:
            rounds += 1
            if self.draw(st.booleans()):
                self.join()  # a late joiner: placed at once, maybe in a new group
            self.breakout()
            self.moderate()
            self.timer()

    def breakout(self) -> None:
        state = self.driver.state
        for person in self.some(self.people):
            point = state.current_point(state.group_of.get(person, ""))
            if point is not None:
                choice = self.draw(st.sampled_from(["a", "b", "compromise", "undecided"]))
                self.give(
                    cmd.TakePosition(command_id=self.cid(), point_id=point, choice=choice),
                    "participant",
                    participant_id=person,
                )
        for hub in self.some(self.hubs):
            self.hub_round(hub)
        for group in self.some(list(self.driver.state.group_order)):
            self.outcome(group)

    def hub_round(self, hub: str) -> None:
        as_hub: dict[str, Any] = {"participant_id": hub}
        state = self.driver.state
        count = self.draw(st.integers(0, 12))
        self.give(cmd.SetHeadCount(command_id=self.cid(), head_count=count), "hub", **as_hub)
        self.give(
            cmd.RaiseHand(command_id=self.cid(), raised=self.draw(st.booleans())), "hub", **as_hub
        )
        point = state.current_point(state.hub_group.get(hub, ""))
        if point is not None:
            counts = {"a": self.draw(st.integers(0, 4)), "compromise": self.draw(st.integers(0, 2))}
            self.give(
                cmd.SetHubPositions(command_id=self.cid(), point_id=point, counts=counts),
                "hub",
                **as_hub,
            )
        if self.draw(st.booleans()):
            self.give(cmd.MessageModerator(command_id=self.cid(), text="Audio?"), "hub", **as_hub)

    def outcome(self, group: str) -> None:
        point = self.driver.state.current_point(group)
        if point is None:
            return
        choice = self.draw(st.sampled_from(["a", "b", "compromise"]))
        command = cmd.RecordOutcome(
            command_id=self.cid(),
            group_id=group,
            point_id=point,
            choice=choice,
            compromise_text="Both, in part" if choice == "compromise" else "",
            strength=self.draw(st.sampled_from(["consensus", "majority", "divided"])),
            hands={"in_favour": self.draw(st.integers(0, 9))},
        )
        self.give(command, "facilitator", group_id=group)
        if self.draw(st.booleans()):
            self.give(
                cmd.MessageModerator(command_id=self.cid(), text="More time"),
                "facilitator",
                group_id=group,
            )

    def timer(self) -> None:
        """Pauses and extensions, then the timer's warnings and end, or the moderator's."""
        if self.draw(st.booleans()):
            self.give(cmd.PauseRound(command_id=self.cid()))
            self.give(cmd.ExtendRound(command_id=self.cid(), minutes=self.draw(st.integers(1, 3))))
            self.driver.advance(5 * SECOND_MS)
            self.give(cmd.ResumeRound(command_id=self.cid()))
        if self.draw(st.booleans()):
            self.give(cmd.Broadcast(command_id=self.cid(), text="Back in five"))
        clock = self.driver.state.clock
        if clock is not None and self.draw(st.booleans()):
            self.give(cmd.EndRound(command_id=self.cid(), round=clock.number))
            return
        for _ in range(4):  # the warnings due, then the end
            alarm = next_alarm(self.driver.state)
            if alarm is None:
                return
            self.give(alarm.command, "system", now=max(alarm.at_ms, self.driver.now))
            if isinstance(alarm.command, cmd.EndRound):
                return

    # -- the moderator's decisions about people, at any stage ---------------------------------

    def moderate(self) -> None:
        if not self.draw(st.booleans()):
            return
        state = self.driver.state
        if self.draw(st.booleans()):  # joins wait for approval for a while
            self.give(cmd.RequireApproval(command_id=self.cid(), required=True))
            for _ in range(self.draw(st.integers(0, 2))):
                self.join()
            waiting = list(self.driver.state.roster.pending)
            if waiting:
                chosen = self.some(waiting, at_least=1)
                approve = self.draw(st.booleans())
                self.give(
                    cmd.DecideJoins(command_id=self.cid(), participant_ids=chosen, approve=approve)
                )
            self.give(cmd.RequireApproval(command_id=self.cid(), required=False))
        people = list(state.participants)
        for who in self.some(people):
            self.give(
                cmd.RenameParticipant(command_id=self.cid(), participant_id=who, name="Renamed")
            )
        if len(people) >= 2 and self.draw(st.booleans()):
            keep, merge = self.draw(st.permutations(people))[:2]
            self.give(cmd.MergeParticipants(command_id=self.cid(), keep_id=keep, merge_id=merge))
        for who in self.some(list(self.driver.state.participants))[:1]:
            self.give(
                cmd.RemoveParticipant(command_id=self.cid(), participant_id=who, reason="Fake")
            )
        for hub in self.some(self.hubs)[:1]:
            count = self.draw(st.integers(1, 12))
            self.give(
                cmd.SetExpectedHeadCount(
                    command_id=self.cid(), hub_id=hub, expected_head_count=count
                )
            )
        if self.draw(st.booleans()):
            self.give(cmd.ChangeJoinCode(command_id=self.cid()))
            self.give(cmd.LockJoining(command_id=self.cid(), locked=self.draw(st.booleans())))
            self.give(cmd.LockJoining(command_id=self.cid(), locked=False))

    # -- after the rotation --------------------------------------------------------------------

    def plenary(self) -> None:
        state = self.driver.state
        paragraphs = st.lists(st.integers(1, len(state.paragraphs)), min_size=1, max_size=4)
        for paragraph in self.draw(paragraphs):
            source = self.draw(st.sampled_from(["custom", "draft", "option"]))
            point = next((p for p in state.points if p.paragraph == paragraph), None)
            self.give(
                cmd.ComposeParagraph(
                    command_id=self.cid(),
                    paragraph=paragraph,
                    source=source,
                    point_id=point.point_id if source == "option" and point else None,
                    option_id="a" if source == "option" and point else None,
                    text=f"New wording {self.cid()}" if source == "custom" else None,
                )
            )
        self.react()
        self.moderate()
        self.react()  # again: a new reaction clears the objection's "addressed" mark
        self.driver.advance(MINUTE_MS)
        if self.draw(st.booleans()):
            self.give(cmd.CloseText(command_id=self.cid()))
        else:
            self.give(cmd.DeclineToClose(command_id=self.cid(), note="Not yet"))
        self.driver.advance(MINUTE_MS)
        if self.draw(st.booleans()):
            self.join()  # after the decision: may endorse only once the register opens
        self.endorse()
        self.give(cmd.OpenRegister(command_id=self.cid()))
        self.endorse()

    def react(self) -> None:
        composed = list(self.driver.state.plenary.composite)
        if not composed:
            return
        reactors = [("participant", p) for p in self.people] + [("hub", h) for h in self.hubs]
        for role, who in self.some(reactors, at_least=1) + self.some(reactors):
            reaction = self.draw(st.sampled_from(["support", "live_with", "object"]))
            head_count = self.draw(st.integers(1, 9)) if role == "hub" else None
            self.give(
                cmd.React(
                    command_id=self.cid(),
                    paragraph=self.draw(st.sampled_from(composed)),
                    reaction=reaction,
                    reason="Too vague" if reaction == "object" else "",
                    head_count=head_count,
                ),
                role,
                participant_id=who,
            )
        reactions = self.driver.state.plenary.reactions
        objections = [
            (paragraph, who)
            for paragraph, by in reactions.items()
            for who, record in by.items()
            if record.reaction == "object"
        ]
        for paragraph, who in self.some(objections, at_least=1):
            addressed = self.draw(st.booleans())
            self.give(
                cmd.AddressObjection(
                    command_id=self.cid(),
                    paragraph=paragraph,
                    participant_id=who,
                    addressed=addressed,
                )
            )

    def endorse(self) -> None:
        signers: list[str | None] = [*self.people, None]
        for who in self.some(signers, at_least=1):
            given = self.give(
                cmd.Endorse(
                    command_id=self.cid(),
                    name=f"Signer {self.cid()}",
                    stakeholder_group=self.driver.state.stakeholder_groups[0],
                    country="Kenya",
                ),
                "participant" if who else "guest",
                participant_id=who,
            )
            if given:
                assert isinstance(given[0], ev.EndorsementGiven)
                self.endorsements.append((given[0].endorsement.endorsement_id, who))
        for endorsement, who in self.some(self.endorsements):
            role: Role = "participant" if who else "endorser"
            self.give(
                cmd.WithdrawEndorsement(command_id=self.cid(), endorsement_id=endorsement),
                role,
                participant_id=who or endorsement,
            )


@st.composite
def session_logs(draw: Draw) -> list[ev.Event]:
    """The log of one random session, from SessionCreated to wherever it was drawn to stop."""
    player = Player(draw)
    player.set_up()
    stop = draw(st.sampled_from(["setup", "assigned", "rotation", "plenary", "plenary"]))
    if stop != "setup":
        player.assign()
    if stop in ("rotation", "plenary"):
        player.rotate()
    if stop == "plenary" and player.driver.state.phase == "finished":
        player.plenary()
    return player.driver.log
