"""Driving Roundtable's pages with Playwright: the system Chromium, the viewports of the devices
each role uses, and the steps a person takes on each page (by data-testid)."""

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright, expect

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
    page.goto(f"{base_url}/moderator")
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
    page: Page, base_url: str, code: str, name: str, stakeholder_group: str, region: str
) -> None:
    page.goto(f"{base_url}/join?code={code}")
    page.get_by_test_id("name").fill(name)
    page.get_by_test_id("organisation").fill(f"{name}'s organisation")
    page.get_by_test_id("stakeholder-group").select_option(stakeholder_group)
    page.get_by_test_id("region").fill(region)
    page.get_by_test_id("mode-room").check()
    page.get_by_test_id("join-submit").click()
    expect(page.get_by_test_id("status")).to_have_text(f"You're in, {name}.")
