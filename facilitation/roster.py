"""Who is in the session, as the moderator keeps it: people removed or merged (their records
kept for the report, never counted), the waiting list, whether joining is locked or needs
approval, and the named links (co-moderators, group chairs) with those revoked."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import Participant, RoleLink


@dataclass(frozen=True)
class Removal:
    participant: Participant
    reason: str
    removed_at_ms: int


@dataclass(frozen=True)
class Roster:
    removed: Mapping[str, Removal] = field(default_factory=dict)
    """participant id -> why and when the moderator took them out."""
    merged: Mapping[str, str] = field(default_factory=dict)
    """merged participant id -> the id of the record kept for that person."""
    merged_records: Mapping[str, Participant] = field(default_factory=dict)
    pending: Mapping[str, Participant] = field(default_factory=dict)
    """The waiting list: joined while approval was required, not yet let in."""
    turned_away: frozenset[str] = frozenset()
    locked: bool = False
    approval_required: bool = False
    links: Mapping[str, RoleLink] = field(default_factory=dict)
    revoked: frozenset[str] = frozenset()

    def current(self, participant_id: str) -> str:
        """The record a participant id stands for now (itself, or the one it was merged into,
        following merges of merges)."""
        seen = set()
        while participant_id in self.merged and participant_id not in seen:
            seen.add(participant_id)
            participant_id = self.merged[participant_id]
        return participant_id

    def barred(self, participant_id: str) -> str | None:
        """Why this participant id may not act, or None when it may."""
        current = self.current(participant_id)
        if current in self.removed:
            return "You were removed from this session by the moderator."
        if current in self.turned_away:
            return "The moderator did not let this join in."
        if current in self.pending:
            return "You are on the waiting list: the moderator will let you in shortly."
        return None

    def link_barred(self, link_id: str | None) -> str | None:
        if link_id is not None and link_id in self.revoked:
            return "This link was revoked by the moderator: ask for a new one."
        return None
