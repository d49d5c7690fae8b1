"""Driving Roundtable's pages with Playwright: the system Chromium, the viewports of the devices
each role uses, and the steps a person takes on each page (by data-testid)."""

import asyncio
import json
import re
import threading
import urllib.request
from collections.abc import Coroutine, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from playwright.sync_api import Browser, Locator, Page, Playwright, expect

from facilitation.events import EVENTS
from facilitation.state import SessionState, replay
from tests.support.live_server import OPERATOR_KEY, operator_header
from tests.support.session_client import Client

CHROMIUM = "/usr/bin/chromium"  # Debian's package: never a downloaded browser
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

T = TypeVar("T")
PROJECTOR = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}
JOIN_CODE = re.compile(r"^[A-Z2-9]{6}$")  # facilitation/draft.py CODE_ALPHABET


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@contextmanager
def open_page(
    browser: Browser, viewport: dict[str, int], *, mobile: bool = False
) -> Iterator[Page]:
    """A page in its own context: its own storage, as a separate device would have."""
    context = browser.new_context(
        viewport=viewport,  # type: ignore[arg-type]
        is_mobile=mobile,
        has_touch=mobile,
        device_scale_factor=1,
    )
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
        assert not errors, f"uncaught errors on {page.url}: {errors}"


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.evaluate("window.scrollTo(0, 0)")  # what a person sees on opening the page
    page.screenshot(path=str(path))
    return path


@dataclass(frozen=True)
class PointInput:
    paragraph: int
    question: str
    options: Sequence[str]


def create_session(page: Page, base_url: str, title: str) -> None:
    """As the operator would: from the moderator link the server prints at start-up."""
    page.goto(f"{base_url}/moderator#operator={OPERATOR_KEY}")
    page.get_by_test_id("new-title").fill(title)
    page.get_by_test_id("create-session").click()
    expect(page.get_by_test_id("connection")).to_have_text("Connected")
    expect(page.get_by_test_id("join-code")).to_have_text(JOIN_CODE)


def fill_setup(
    page: Page,
    *,
    title: str,
    draft: str,
    points: Sequence[PointInput],
    group_count: int,
    round_minutes: str,
    remote_groups: int = 0,
) -> None:
    setup = page.get_by_test_id("setup")
    setup.get_by_test_id("title").fill(title)
    setup.get_by_test_id("draft").fill(draft)
    for i, point in enumerate(points):
        if i > 0:
            setup.get_by_test_id("add-point").click()
        setup.get_by_test_id(f"point-{i}-paragraph").fill(str(point.paragraph))
        setup.get_by_test_id(f"point-{i}-question").fill(point.question)
        for k, option in enumerate(point.options):
            if k >= 2:
                setup.get_by_test_id(f"point-{i}-add-option").click()
            setup.get_by_test_id(f"point-{i}-option-{k}").fill(option)
    setup.get_by_test_id("sizing-count").check()
    setup.get_by_test_id("group-count").fill(str(group_count))
    setup.get_by_test_id("round-minutes").fill(round_minutes)
    setup.get_by_test_id("remote-groups").fill(str(remote_groups))
    setup.get_by_test_id("save-setup").click()
    expect(setup.get_by_test_id("setup-status")).to_have_text("Saved")


def join(
    page: Page,
    base_url: str,
    code: str,
    name: str,
    stakeholder_group: str,
    region: str,
    country: str = "",
) -> None:
    page.goto(f"{base_url}/join?code={code}")
    page.get_by_test_id("name").fill(name)
    page.get_by_test_id("organisation").fill(f"{name}'s organisation")
    page.get_by_test_id("stakeholder-group").select_option(stakeholder_group)
    page.get_by_test_id("region").fill(region)
    if country:
        page.get_by_test_id("country").fill(country)
    page.get_by_test_id("mode-room").check()
    page.get_by_test_id("join-submit").click()
    expect(page.get_by_test_id("status")).to_have_text(f"You're in, {name}.")


def screenshot_from(page: Page, name: str, top: Locator) -> Path:
    """A screenshot of the viewport scrolled so that `top` starts at its top edge."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    top.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(path))
    return path


def sign_in_as_participant(page: Page, code: str, token: str) -> None:
    """As if this device had joined the session before: the join page finds its stored token
    (client_static/js/join.js) and connects as that participant. Call before `goto`."""
    key = json.dumps(f"roundtable:participant:{code}")
    value = json.dumps(json.dumps({"token": token}))
    page.context.add_init_script(f"localStorage.setItem({key}, {value});")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a socket.io helper (tests/support) to the end from a test that drives Playwright's
    sync API, on a thread of its own: the sync API owns this thread's event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


# Remote hubs and bad networks (helpers for test_hub_console, test_long_polling, ...) ----------

HUB_LAPTOP = {"width": 1280, "height": 800}
DRIVER_WAIT_SECS = 20.0  # a local server answers in milliseconds; a driver call is stuck past this


class SocketDriver:
    """A socket.io client for the sync Playwright tests: `session_client.Client` on an event loop
    of its own, in a thread. The moderator's side of a test goes through it: quicker than
    clicking, and its `sync(0)` is the server's truth the pages are compared with."""

    def __init__(self, url: str, token: str | None = None, *, code: str | None = None) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self.client: Client = self._run(Client.open(url, token=token, code=code))

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(DRIVER_WAIT_SECS)

    def send(self, command_type: str, /, **fields: Any) -> dict[str, Any]:
        ack: dict[str, Any] = self._run(self.client.send(command_type, **fields))
        return ack

    def send_ok(self, command_type: str, /, **fields: Any) -> dict[str, Any]:
        return self._run(self.client.send_ok(command_type, **fields))

    def call(self, name: str, data: Any = None) -> Any:
        return self._run(self.client.call(name, data))

    def log(self) -> list[dict[str, Any]]:
        """The whole log, as the moderator sees it."""
        return list(self._run(self.client.sync(0))["events"])

    def state(self) -> SessionState:
        """The session's state now: the core's fold of the moderator's `sync(0)`."""
        return replay(EVENTS.validate_python(e["event"]) for e in self.log())

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._run(self.client.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=DRIVER_WAIT_SECS)
        self._loop.close()


@dataclass(frozen=True)
class HubSession:
    session_id: str
    code: str
    moderator_token: str
    hub_links: dict[str, str]
    """hub id -> its operator link path (/hub#TOKEN)."""
    facilitator_links: dict[str, str]
    """group id -> its facilitator link path (/facilitator#TOKEN)."""


def hub_session(
    server_url: str,
    *,
    title: str,
    hubs: Sequence[dict[str, Any]],
    people: Sequence[tuple[str, str]] = (("Ana Room", "room"), ("Eli Remote", "remote")),
    points: int = 2,
    round_secs: int = 600,
    start: bool = True,
) -> tuple[HubSession, SocketDriver]:
    """A session with registered hubs and `people` (name, mode) who joined, configured (one point
    per paragraph, options a and b), assigned and (by default) started, driven by the
    moderator's socket. (Someone remote sits with the hubs: the core leaves a group of hubs
    alone out of the rotation, see test_hubs.py.)"""
    body = json.dumps({"title": title}).encode()
    headers = {"Content-Type": "application/json", **operator_header()}
    request = urllib.request.Request(f"{server_url}/api/sessions", body, headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        created = json.loads(response.read())
    moderator = SocketDriver(server_url, created["moderator_token"])
    draft = "\n\n".join(
        f"Paragraph {n}: the draft says something about topic {n}." for n in range(1, points + 1)
    )
    moderator.send_ok(
        "ConfigureSession",
        title=title,
        draft=draft,
        points=[
            {"paragraph": n, "question": f"Question {n}?", "options": [f"Yes to {n}", f"No to {n}"]}
            for n in range(1, points + 1)
        ],
        round_secs=round_secs,
        remote_groups=1,
    )
    for hub in hubs:
        moderator.send_ok("RegisterHub", **hub)
    for name, mode in people:
        guest = SocketDriver(server_url, code=created["code"])
        guest.send_ok(
            "Join", name=name, stakeholder_group="Civil society", region="Africa", mode=mode
        )
        guest.close()
    moderator.send_ok("AssignGroups", seed=7)
    if start:
        moderator.send_ok("StartRotation")
    links = moderator.call("links", {})
    session = HubSession(
        session_id=created["session_id"],
        code=created["code"],
        moderator_token=created["moderator_token"],
        hub_links={h["hub_id"]: h["link"] for h in links["hubs"]},
        facilitator_links={f["group_id"]: f["link"] for f in links["facilitators"]},
    )
    return session, moderator


def page_weight(page: Page, url: str, ready: str) -> tuple[int, int]:
    """(bytes of every response body, bytes transferred on the wire) for a first visit to `url`,
    until the element with data-testid `ready` is visible."""
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    expect(page.get_by_test_id(ready)).to_be_visible()
    body = sum(len(r.body()) for r in responses if r.ok)
    wire = 0
    for r in responses:
        sizes = r.request.sizes()
        wire += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return body, wire
