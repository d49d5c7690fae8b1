"""What the moderator's page shows beside the log: the ranking per point and the chair's view
per paragraph, computed by the core and sent as plain data."""

from dataclasses import asdict
from typing import Any

from facilitation.consensus import review
from facilitation.ranking import rank_point
from facilitation.state import SessionState


def insight(state: SessionState) -> dict[str, Any]:
    of_groups = len(state.group_order)
    return {
        "version": state.version,
        "ranking": {
            p.point_id: [
                {
                    "key": c.key,
                    "label": c.label,
                    "option_id": c.option_id,
                    "group_id": c.group_id,
                    "score": c.score,
                    "groups": list(c.group_ids),
                    "of_groups": of_groups,
                    "stakeholder_groups": list(c.stakeholder_groups),
                    "near_tie": c.near_tie,
                    "backings": [
                        {
                            "group_id": b.group_id,
                            "round": b.round,
                            "strength": b.strength,
                            "share": round(b.share, 4),
                        }
                        for b in c.backings
                    ],
                }
                for c in rank_point(state, p.point_id)
            ]
            for p in state.points
        },
        "review": [{**asdict(r), "open_objections": r.open_objections} for r in review(state)],
    }
