"""Role tokens signed with a test server's own secret (read from its SQLite file), for roles
no page link hands out directly in a test: an endorser, a hub, any group's facilitator, a
named link."""

import sqlite3

from server.tokens import Tokens

from .live_server import LiveServer


def tokens_of(server: LiveServer) -> Tokens:
    with sqlite3.connect(server.db_path) as db:
        (secret,) = db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()
    return Tokens(bytes(secret))
