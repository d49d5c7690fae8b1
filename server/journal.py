"""One session in memory: its state (the fold of its log), its committed events with their
sequence numbers, and who may see each. Rebuilt from the store at start-up."""

from dataclasses import dataclass, field

from facilitation.context import Actor
from facilitation.events import Event, concerns
from facilitation.state import SessionState, evolve

WATCHER_ROLES = frozenset({"moderator", "screen", "facilitator", "system"})


@dataclass(frozen=True)
class Committed:
    seq: int
    prev: int
    """The previous event this event's audience saw: lets a participant's page, which does not
    receive everyone's private events, tell a real gap from one it was never meant to see."""
    event: Event

    @property
    def participant_id(self) -> str | None:
        return concerns(self.event)


@dataclass
class Journal:
    state: SessionState
    events: list[Committed]
    commands: dict[str, tuple[int, int]] = field(default_factory=dict)
    last_public: int = 0
    last_own: dict[str, int] = field(default_factory=dict)

    @classmethod
    def start(cls, first: Event, state: SessionState) -> "Journal":
        return cls(state=state, events=[Committed(1, 0, first)], last_public=1)

    @property
    def version(self) -> int:
        return self.state.version

    def add(self, event: Event, after: SessionState | None = None) -> Committed:
        """Append a committed event; `after` is the state it leads to, when already folded."""
        seq = self.state.version + 1
        participant_id = concerns(event)
        if participant_id is None:
            committed = Committed(seq, self.last_public, event)
            self.last_public = seq
        else:
            prev = max(self.last_public, self.last_own.get(participant_id, 0))
            committed = Committed(seq, prev, event)
            self.last_own[participant_id] = seq
        self.state = after if after is not None else evolve(self.state, event)
        self.events.append(committed)
        return committed

    def between(self, first: int, last: int) -> list[Committed]:
        return self.events[first - 1 : last]

    def last_visible(self, actor: Actor) -> int:
        """The newest event this actor's connection should have received."""
        if actor.role in WATCHER_ROLES:
            return self.version
        return max(self.last_public, self.last_own.get(actor.participant_id or "", 0))

    def visible_after(self, after: int, actor: Actor) -> list[Committed]:
        """Exactly the events after `after` that this actor's connection receives live."""
        tail = self.events[max(after, 0) :]
        if actor.role in WATCHER_ROLES:
            return tail
        own = actor.participant_id
        return [c for c in tail if c.participant_id is None or c.participant_id == own]
