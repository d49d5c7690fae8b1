"""A server stops quickly and cleanly with pages connected over both transports: a restart
during a meeting (a deploy, a machine moved) must not take half a minute."""

import asyncio
import signal
import time
from pathlib import Path

import socketio

from tests.support.live_server import LiveServer

STOP_SECS = 2.0  # the bound: connections closed, shutdown hooks run, process gone


async def test_the_server_stops_within_two_seconds_with_websocket_and_polling_pages(
    tmp_path: Path,
) -> None:
    # Given a server with a page on WebSocket and one on long-polling (its poll held open),
    server = LiveServer(tmp_path / "roundtable.db").start()
    created = server.create_session("Stopping")
    clients = []
    try:
        for transport in ("websocket", "polling"):
            client = socketio.AsyncClient(reconnection=False)
            await client.connect(
                server.url, auth={"token": created["moderator_token"]}, transports=[transport]
            )
            clients.append(client)
        await asyncio.sleep(0.5)  # the polling page's next poll is now held by the server
        # When it is asked to stop,
        assert server.process is not None
        started = time.monotonic()
        server.process.terminate()
        code = await asyncio.to_thread(server.process.wait, 10)
        took = time.monotonic() - started
        # Then it is gone within two seconds, having run its shutdown cleanly.
        assert took < STOP_SECS, f"took {took:.1f} s to stop"
        assert code in (0, -signal.SIGTERM)  # uvicorn re-raises the signal once it is done
        log = server.log_path.read_text()
        assert "Application shutdown complete" in log and "Traceback" not in log
    finally:
        for client in clients:
            if client.connected:
                await client.disconnect()
        server.stop()
