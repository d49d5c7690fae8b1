"""socket.io room names, from functions so that no handler spells one by hand."""


def session_room(session_id: str) -> str:
    """Everyone but the watchers (participants, hubs, guests): public events."""
    return f"s:{session_id}"


def watch_room(session_id: str) -> str:
    """Moderator, screen and facilitators: they receive every event, private ones included."""
    return f"w:{session_id}"


def participant_room(session_id: str, participant_id: str) -> str:
    return f"p:{session_id}:{participant_id}"


def group_room(session_id: str, group_id: str) -> str:
    return f"g:{session_id}:{group_id}"
