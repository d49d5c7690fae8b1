"""One session in memory: its state (the fold of its log), its committed events with their
sequence numbers, and who may see each. Built from the store when a session is loaded.

A sync answers from indexes, never by scanning the log: at a 2,000-person check-in every
participant syncs once, and a scan per sync made check-in quadratic."""

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from heapq import merge
from typing import Any

from facilitation.capabilities import SEES_EVERY_EVENT
from facilitation.context import Actor
from facilitation.events import Event, SessionCreated, concerns
from facilitation.state import SessionState, evolve, initial

WATCHER_ROLES = SEES_EVERY_EVENT


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

    @cached_property
    def wire(self) -> dict[str, Any]:
        """The envelope as sent: built once, whoever it is sent to and however often."""
        return {"seq": self.seq, "prev": self.prev, "event": self.event.model_dump(mode="json")}


@dataclass
class Journal:
    state: SessionState
    events: list[Committed]
    commands: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Command ids this process knows to be stored, with the seqs they produced. Another
    process's are learnt when the store refuses one as a duplicate."""
    last_public: int = 0
    last_own: dict[str, int] = field(default_factory=dict)
    public: list[int] = field(default_factory=list)
    """Sequence numbers of the public events, ascending."""
    own: dict[str, list[int]] = field(default_factory=dict)
    """Participant (or hub) id -> sequence numbers of the private events about them."""
    published: int = 0
    """The newest event handed to the fan-out: a page connected before it was sent receives it
    live, so syncs and heartbeats answer up to here and never race the live stream."""
    snapshot_at: int = 0
    """The version of the newest snapshot of this session's state in the store."""
    chained: tuple[int, str] = (0, "")
    """(seq, hash): the chain hash (server/record/chain.py) of the event at that seq. The
    commit that adds an event knows it already, and a load works it out from the store."""

    @classmethod
    def start(cls, first: SessionCreated, digest: str | None = None) -> "Journal":
        """`digest`: the first event's chain hash, when known."""
        return cls(
            state=initial(first),
            events=[Committed(1, 0, first)],
            last_public=1,
            public=[1],
            chained=(1, digest) if digest else (0, ""),
        )

    @classmethod
    def load(
        cls, events: list[Event], folded: SessionState | None = None, head: str | None = None
    ) -> "Journal":
        """A session from its whole log, and the chain hash of its last event (`head`).
        `folded`, a snapshot of the state after a prefix of it, spares folding that prefix
        again: those events are only indexed."""
        first = events[0]
        if not isinstance(first, SessionCreated):
            raise ValueError("a session's log opens with SessionCreated")
        journal = cls.start(first)
        skip = folded.version if folded is not None and folded.version <= len(events) else 1
        for event in events[1:skip]:
            journal._index(event)
        if skip > 1:
            assert folded is not None
            journal.state = folded
            journal.snapshot_at = folded.version
        for event in events[skip:]:
            journal.add(event)
        journal.published = journal.version
        if head is not None:
            journal.chained = (journal.version, head)
        return journal

    @property
    def version(self) -> int:
        return self.events[-1].seq

    @property
    def head(self) -> str:
        """The chain hash of the newest event: what the next event stored links to."""
        seq, digest = self.chained
        if seq != self.version:
            # Every path that adds events is given their hashes: this is a bug, not a state.
            raise RuntimeError(f"the chain hash of event {self.version} is not known")
        return digest

    def add(
        self, event: Event, after: SessionState | None = None, digest: str | None = None
    ) -> Committed:
        """Append a committed event; `after` is the state it leads to, when already folded,
        and `digest` its chain hash, when known (a commit computed it to store the event)."""
        committed = self._index(event)
        if digest is not None:
            self.chained = (committed.seq, digest)
        self.state = after if after is not None else evolve(self.state, event)
        return committed

    def _index(self, event: Event) -> Committed:
        seq = self.version + 1
        participant_id = concerns(event)
        if participant_id is None:
            committed = Committed(seq, self.last_public, event)
            self.last_public = seq
            self.public.append(seq)
        else:
            prev = max(self.last_public, self.last_own.get(participant_id, 0))
            committed = Committed(seq, prev, event)
            self.last_own[participant_id] = seq
            self.own.setdefault(participant_id, []).append(seq)
        self.events.append(committed)
        return committed

    def between(self, first: int, last: int) -> list[Committed]:
        return self.events[first - 1 : last]

    def last_visible(self, actor: Actor, upto: int | None = None) -> int:
        """The newest event up to `upto` (default: all) this actor's connection should have."""
        upto = self.version if upto is None else min(upto, self.version)
        if actor.role in WATCHER_ROLES:
            return upto
        public = _last_at_most(self.public, upto)
        own = _last_at_most(self.own.get(actor.participant_id or "", []), upto)
        return max(public, own)

    def visible_after(self, after: int, actor: Actor, upto: int | None = None) -> list[Committed]:
        """Exactly the events in (after, upto] that this actor's connection receives live."""
        after = max(after, 0)
        upto = self.version if upto is None else min(upto, self.version)
        if actor.role in WATCHER_ROLES:
            return self.events[after:upto]
        mine = self.own.get(actor.participant_id or "", [])
        seqs = merge(_between(self.public, after, upto), _between(mine, after, upto))
        return [self.events[seq - 1] for seq in seqs]


def _last_at_most(seqs: list[int], upto: int) -> int:
    index = bisect_right(seqs, upto)
    return seqs[index - 1] if index else 0


def _between(seqs: list[int], after: int, upto: int) -> list[int]:
    return seqs[bisect_right(seqs, after) : bisect_right(seqs, upto)]
