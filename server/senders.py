"""Whose command ids are whose. A command id is deduplicated per sender, never per session:
replaying someone else's id is a new command of one's own (refused or applied on its merits),
never answered with their result (a Join's token), and the server's timer has ids no client
can take (`timer-r1-end` sent by a phone is that phone's, not the round's end)."""

import hashlib
import re

from facilitation.context import Actor

SYSTEM_SENDER = "system"
DEVICE = re.compile(r"^[A-Za-z0-9_\-]{16,64}$")
"""A guest page's own random key (localStorage), sent with the join code at the handshake."""


def sender_of(actor: Actor) -> str:
    """The sender a token names: a person, a hub, a group's tablet, a link, or a role."""
    if actor.role == "system":
        return SYSTEM_SENDER
    whose = actor.participant_id or actor.group_id or ""
    link = f"~{actor.link_id}" if actor.link_id else ""
    return f"{actor.role}:{whose}{link}"


def guest_sender(device: object, socket_id: str) -> str:
    """A guest holds no token yet: its page's device key names it across reconnections (a
    Join retried after a lost ack finds its first answer), else its one connection does."""
    if isinstance(device, str) and DEVICE.match(device):
        return "guest:" + hashlib.sha256(device.encode()).hexdigest()[:24]
    return f"guest-socket:{socket_id}"
