"""Builders for tests of the functional core: a context factory, a session driver, presets.

A `SessionDriver` plays the shell's part in miniature: it hands each command a context
(role, time, fresh id, fresh seed), calls `decide`, folds the events with `evolve` and keeps
the log. Nothing here holds a rule of the process; the rules stay in `facilitation/`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from facilitation import commands as cmd
from facilitation import events as ev
from facilitation.context import Actor, Context
from facilitation.decide import create, decide
from facilitation.errors import DomainError
from facilitation.rotation_timer import next_alarm
from facilitation.state import SessionState, evolve, initial
from facilitation.vocabulary import Mode, Role

START_MS = 1_700_000_000_000  # a plausible wall-clock time, far from zero
SECOND_MS = 1000
MINUTE_MS = 60 * SECOND_MS
DRAFT = "\n\n".join(f"Paragraph {n} of the draft." for n in range(1, 6))


class Ctx:
    """Makes contexts: each call gets a fresh id and seed; the clock moves only when told."""

    def __init__(self, now_ms: int = START_MS, first_seed: int = 1_000) -> None:
        self.now_ms = now_ms
        self._ids = itertools.count(1)
        self._seeds = itertools.count(first_seed)

    def __call__(
        self,
        role: Role = "moderator",
        participant_id: str | None = None,
        group_id: str | None = None,
        now: int | None = None,
    ) -> Context:
        if now is not None:
            self.now_ms = now
        return Context(
            actor=Actor(role, participant_id, group_id),
            now_ms=self.now_ms,
            new_id=f"id{next(self._ids)}",
            seed=next(self._seeds),
        )


def point_specs(count: int, options: int = 2, paragraphs: int = 5) -> tuple[cmd.PointSpec, ...]:
    """`count` points spread over the draft's paragraphs, each with `options` options."""
    return tuple(
        cmd.PointSpec(
            paragraph=k % paragraphs + 1,
            question=f"Question {k + 1}?",
            options=tuple(f"Option {k + 1}.{o + 1}" for o in range(options)),
        )
        for k in range(count)
    )


@dataclass
class SessionDriver:
    """State plus log of one session, advanced one command at a time."""

    ctx: Ctx
    state: SessionState
    log: list[ev.Event]
    commands: list[cmd.Command] = field(default_factory=list)
    _command_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def create(cls, title: str = "Breakout on the draft", now: int = START_MS) -> SessionDriver:
        ctx = Ctx(now)
        command = cmd.CreateSession(command_id="create-0001", title=title)
        log = create(command, ctx("guest"))
        first = log[0]
        assert isinstance(first, ev.SessionCreated)
        return cls(ctx=ctx, state=initial(first), log=list(log), commands=[command])

    # -- the clock -----------------------------------------------------------------------

    @property
    def now(self) -> int:
        return self.ctx.now_ms

    def advance(self, ms: int) -> int:
        self.ctx.now_ms += ms
        return self.ctx.now_ms

    # -- commands ------------------------------------------------------------------------

    def cid(self) -> str:
        """A fresh command id, as a client would make one."""
        return f"cmd-{next(self._command_ids):06d}"

    def context(
        self,
        role: Role = "moderator",
        participant_id: str | None = None,
        group_id: str | None = None,
        now: int | None = None,
    ) -> Context:
        return self.ctx(role, participant_id, group_id, now)

    def decide(
        self,
        command: cmd.Command,
        role: Role = "moderator",
        participant_id: str | None = None,
        group_id: str | None = None,
        now: int | None = None,
    ) -> list[ev.Event]:
        """The events the command would give, without applying them."""
        return decide(self.state, command, self.context(role, participant_id, group_id, now))

    def decide_in(self, command: cmd.Command, context: Context) -> list[ev.Event]:
        """The events the command would give in a context the test made itself."""
        return decide(self.state, command, context)

    def run(
        self,
        command: cmd.Command,
        role: Role = "moderator",
        participant_id: str | None = None,
        group_id: str | None = None,
        now: int | None = None,
    ) -> list[ev.Event]:
        """Decide, then fold the events into the state and append them to the log."""
        events = self.decide(command, role, participant_id, group_id, now)
        self.commands.append(command)
        for event in events:
            self.state = evolve(self.state, event)
            self.log.append(event)
        return events

    def refuse(
        self,
        command: cmd.Command,
        error: type[DomainError],
        role: Role = "moderator",
        participant_id: str | None = None,
        group_id: str | None = None,
        now: int | None = None,
        field: str | None = None,
    ) -> DomainError:
        """Asserts the command is refused with exactly `error` (and `field`), changing nothing."""
        before, log_length = self.state, len(self.log)
        with pytest.raises(DomainError) as raised:
            self.run(command, role, participant_id, group_id, now)
        assert type(raised.value) is error, f"{type(raised.value).__name__}: {raised.value}"
        assert raised.value.code == error.code
        assert raised.value.field == field
        assert self.state is before
        assert len(self.log) == log_length
        return raised.value

    # -- set-up --------------------------------------------------------------------------

    def configure(
        self,
        points: int = 3,
        options: int = 2,
        round_secs: int = 20 * 60,
        draft: str = DRAFT,
        **settings: object,
    ) -> list[ev.Event]:
        command = cmd.ConfigureSession.model_validate(
            {
                "command_id": self.cid(),
                "title": self.state.title,
                "draft": draft,
                "points": point_specs(points, options),
                "round_secs": round_secs,
                **settings,
            }
        )
        return self.run(command)

    def join(
        self,
        name: str = "Ada",
        stakeholder_group: str | None = None,
        mode: Mode = "room",
        hub_name: str = "",
        region: str = "Africa",
    ) -> str:
        """A guest joins; returns their participant id."""
        command = cmd.Join(
            command_id=self.cid(),
            name=name,
            stakeholder_group=stakeholder_group or self.state.stakeholder_groups[0],
            region=region,
            mode=mode,
            hub_name=hub_name or ("Nairobi hub" if mode == "hub" else ""),
        )
        joined = self.run(command, role="guest")[0]
        assert isinstance(joined, ev.ParticipantJoined)
        return joined.participant.participant_id

    def join_many(self, modes: Sequence[Mode]) -> list[str]:
        """One participant per mode, stakeholder groups dealt round-robin."""
        groups = self.state.stakeholder_groups
        return [
            self.join(f"Person {n}", groups[n % len(groups)], mode) for n, mode in enumerate(modes)
        ]

    def assign(self, seed: int | None = 7) -> list[ev.Event]:
        return self.run(cmd.AssignGroups(command_id=self.cid(), seed=seed))

    def start_rotation(self) -> list[ev.Event]:
        return self.run(cmd.StartRotation(command_id=self.cid()))

    # -- the breakout --------------------------------------------------------------------

    def group(self, participant_id: str) -> str:
        return self.state.group_of[participant_id]

    def current_point(self, group_id: str) -> str:
        point = self.state.current_point(group_id)
        assert point is not None, f"{group_id} is not on a point"
        return point

    def member_of(self, group_id: str) -> str:
        return self.state.groups[group_id].members[0]

    def take_position(
        self, participant_id: str, choice: str, point_id: str | None = None
    ) -> list[ev.Event]:
        point = point_id or self.current_point(self.group(participant_id))
        command = cmd.TakePosition(command_id=self.cid(), point_id=point, choice=choice)
        return self.run(command, role="participant", participant_id=participant_id)

    def record_outcome(
        self,
        group_id: str,
        point_id: str | None = None,
        choice: str = "a",
        role: Role = "facilitator",
        **fields: object,
    ) -> list[ev.Event]:
        command = cmd.RecordOutcome.model_validate(
            {
                "command_id": self.cid(),
                "group_id": group_id,
                "point_id": point_id or self.current_point(group_id),
                "choice": choice,
                "strength": "majority",
                **fields,
            }
        )
        return self.run(command, role=role, group_id=group_id if role == "facilitator" else None)

    def end_round(self) -> list[ev.Event]:
        """The moderator ends the running round now."""
        assert self.state.clock is not None
        return self.run(cmd.EndRound(command_id=self.cid(), round=self.state.clock.number))

    def fire_alarm(self) -> list[ev.Event]:
        """The timer owner wakes at the next alarm and gives its command as `system`."""
        alarm = next_alarm(self.state)
        assert alarm is not None, "no alarm is due"
        return self.run(alarm.command, role="system", now=max(alarm.at_ms, self.now))


# -- presets -------------------------------------------------------------------------------

MIXED_MODES: tuple[Mode, ...] = ("room",) * 10 + ("remote", "hub")
"""Ten in the room, one remote on their own and one hub: the usual mix."""


def configured_session(points: int = 3, options: int = 2, **settings: Any) -> SessionDriver:
    driver = SessionDriver.create()
    driver.configure(points, options, **settings)
    return driver


def session_with_participants(
    modes: Sequence[Mode] = MIXED_MODES, points: int = 3, **settings: Any
) -> tuple[SessionDriver, list[str]]:
    driver = configured_session(points, **settings)
    return driver, driver.join_many(modes)


def assigned_session(
    modes: Sequence[Mode] = MIXED_MODES, points: int = 3, seed: int = 7, **settings: Any
) -> tuple[SessionDriver, list[str]]:
    if "group_count" not in settings:
        settings.setdefault("target_group_size", 4)
    driver, people = session_with_participants(modes, points, **settings)
    driver.assign(seed)
    return driver, people


def rotating_session(
    modes: Sequence[Mode] = MIXED_MODES, points: int = 3, **settings: Any
) -> tuple[SessionDriver, list[str]]:
    """Groups assigned (three room groups and one remote group by default), round 1 running."""
    driver, people = assigned_session(modes, points, **settings)
    driver.start_rotation()
    return driver, people
