"""What a phone and a hub's laptop download on a first visit, until the page is connected:
HTML, scripts, styles and the socket.io bundle, as transferred (compressed) on the wire."""

import asyncio
import tempfile
import uuid
from pathlib import Path
from typing import Any

import socketio
from playwright.sync_api import sync_playwright

from tests.support.live_server import LiveServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
CONNECTED = "[data-role=connection][data-status=connected]"
TARGET_BYTES = 150_000  # the limit for the hub and participant pages


async def _hub_link(url: str, token: str) -> str:
    """Register a hub as the moderator would, and return its operator's link."""
    client = socketio.AsyncClient()
    await client.connect(url, auth={"token": token}, transports=["websocket"])
    ack: dict[str, Any] = await client.call(
        "command",
        {
            "command_id": uuid.uuid4().hex,
            "type": "RegisterHub",
            "name": "Nairobi hub",
            "expected_head_count": 14,
        },
    )
    assert ack["ok"], ack
    links: dict[str, Any] = await client.call("links", {})
    await client.disconnect()
    return str(links["hubs"][0]["link"])


def _weigh(url: str) -> tuple[int, int]:
    """(bytes transferred, bytes of content) for a first visit in a fresh browser."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_context().new_page()
        responses: list[Any] = []
        page.on("response", lambda response: responses.append(response))
        page.goto(url)
        page.wait_for_selector(CONNECTED, timeout=15_000)
        wire = sum(
            r.request.sizes()["responseBodySize"] + r.request.sizes()["responseHeadersSize"]
            for r in responses
        )
        content = sum(len(r.body()) for r in responses if r.ok)
        browser.close()
    return wire, content


def report() -> list[str]:
    with tempfile.TemporaryDirectory() as directory:
        server = LiveServer(Path(directory) / "bench.db").start()
        try:
            session = server.create_session("Page weight")
            hub = asyncio.run(_hub_link(server.url, session["moderator_token"]))
            pages = {
                "participant /join": f"{server.url}/join?code={session['code']}",
                "hub console /hub": f"{server.url}{hub}",
            }
            lines = []
            for name, url in pages.items():
                wire, content = _weigh(url)
                verdict = "within" if wire < TARGET_BYTES else "OVER"
                lines.append(
                    f"  {name}: {wire / 1000:.1f} KB transferred ({content / 1000:.1f} KB "
                    f"uncompressed), {verdict} the 150 KB target"
                )
            return lines
        finally:
            server.stop()
