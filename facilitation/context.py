"""What the shell hands the core with each command: who gives it, and the world's inputs."""

from dataclasses import dataclass

from .vocabulary import Role


@dataclass(frozen=True)
class Actor:
    """The capability a token carries: a role, and for some roles whose it is."""

    role: Role
    participant_id: str | None = None
    group_id: str | None = None
    link_id: str | None = None
    """A named link's id (a co-moderator's, a group chair's): revocable, and what the log
    records as having given the command. None for the session's own moderator link."""


@dataclass(frozen=True)
class Context:
    """The core reads no clock and draws no randomness: the shell supplies both here."""

    actor: Actor
    now_ms: int
    new_id: str
    """A fresh id, used when the command creates something (a session, a participant)."""
    seed: int
    """Fresh randomness, used when the command needs a draw and brings no seed of its own."""
