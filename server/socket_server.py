"""python-socketio's server, answering what it cannot read with a deliberate close. Left to
itself, a packet that cannot be read (not JSON, nested past Python's limit, a binary packet in
this JSON-only protocol, an event list with no name) raises while it is being dispatched: the
client hears nothing and the log gets a traceback. Here the connection is closed instead, with
one warning line: a page's own client never sends such a thing, so it is not a page."""

import logging
from typing import Any

import socketio

log = logging.getLogger(__name__)
UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


class SocketServer(socketio.AsyncServer):  # type: ignore[misc]
    async def _handle_eio_message(self, eio_sid: str, data: Any) -> None:
        if not isinstance(data, str):
            await self._close_unreadable(eio_sid, "a binary packet")
            return
        try:
            await super()._handle_eio_message(eio_sid, data)
        except UNREADABLE as error:
            await self._close_unreadable(eio_sid, f"{type(error).__name__}: {error}"[:200])

    async def _close_unreadable(self, eio_sid: str, what: str) -> None:
        log.warning("closed a connection that sent an unreadable packet (%s)", what)
        self._binary_packet.pop(eio_sid, None)
        await self.eio.disconnect(eio_sid)
