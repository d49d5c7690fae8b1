"""Who acted for the session: the report names every named link (co-moderators, group chairs)
with how many changes each made, counted from the log's attribution (`by`, server/codec.py),
so a chair can see who did what on the session's behalf, and whether a link was revoked."""

from collections import Counter
from collections.abc import Iterable, Mapping

from facilitation.state import SessionState

from ..codec import recorded
from ..store import StoredEvent
from .blocks import Block, Heading, Paragraph, Table, inline

ROLES = {"co_moderator": "Co-moderator", "group_chair": "Group chair"}


def changes_by_link(stored: Iterable[StoredEvent]) -> Mapping[str, int]:
    """Named link id -> how many events of the log came from its commands."""
    counts: Counter[str] = Counter()
    for entry in stored:
        by = recorded(entry.payload).wire.get("by")
        if isinstance(by, dict) and isinstance(by.get("link"), str):
            counts[by["link"]] += 1
    return counts


def acted_section(state: SessionState, changes: Mapping[str, int]) -> list[Block]:
    links = state.roster.links
    heading = Heading(2, "Who acted for the session")
    if not links:
        return [
            heading,
            Paragraph(inline("Only the session's own moderator link ran it: no named links.")),
        ]
    rows = tuple(
        (
            link.label,
            ROLES.get(link.role, link.role),
            _group(state, link.group_id),
            str(changes.get(link.link_id, 0)),
            "revoked" if link.link_id in state.roster.revoked else "valid",
        )
        for link in links.values()
    )
    return [
        heading,
        Paragraph(
            inline(
                "Every change in the log records whose link gave it. Named links, with the "
                "changes each made:"
            )
        ),
        Table(("Link", "Role", "Group", "Changes", "Now"), rows),
    ]


def _group(state: SessionState, group_id: str | None) -> str:
    group = state.groups.get(group_id or "")
    return f"Group {group.number}" if group is not None else "the whole session"
