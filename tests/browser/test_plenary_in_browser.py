"""After the rotation, in real Chromium against a real server: the moderator assembles the
composite text from what the groups reached, a hub and a phone see it form and react, the chair
reads the reactions by stakeholder group, marks an objection addressed and closes the text,
participants and then anyone with the link endorse, and the DOCX export holds the closed text.
The breakout itself is driven over socket.io (tests/support) to get here fast."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from playwright.sync_api import Browser, Locator, Page, expect

from tests.support.live_server import LiveServer
from tests.support.session_client import Client

from .pages import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    open_page,
    run_async,
    screenshot,
    screenshot_from,
    sign_in_as_participant,
)

LIVE_MS = 1000  # "reactions appear on the moderator's page within a second"
MARKUP = "<img src=x onerror=alert(1)>"
DRAFT = (
    "The Internet is a global resource that should be managed in the public interest.",
    "Remote participation should be available for every session.",
    "This declaration will be reviewed at the next meeting.",
)
POINTS = (
    {
        "paragraph": 1,
        "question": "Managed by whom?",
        "options": ["By all stakeholders together", "By governments, consulting others"],
    },
    {
        "paragraph": 2,
        "question": "Remote participation: a right or a best effort?",
        "options": ["A right in every session", "A best effort"],
    },
)
ROOM = (
    ("Amina Diallo", "Civil society"),
    ("Bruno Costa", "Government"),
    ("Chen Wei", "Technical and academic community"),
    ("Dana Ortiz", "Private sector"),
)
HUB_PERSON = ("Femi Ade", "Intergovernmental organisations")
ADDED = "Its governance is multistakeholder."
COMPROMISE = "Remote participation is offered in every session, as far as the venue allows."


@dataclass(frozen=True)
class Plenary:
    """A session whose rotation is over, with outcomes recorded for every group and point."""

    session_id: str
    code: str
    moderator_token: str
    tokens: dict[str, str]
    """participant name -> their token (what their phone keeps after joining)"""
    room_group: str
    hub_group: str


async def _breakout(server: LiveServer, compromise: str) -> Plenary:
    """Created, configured, joined, assigned, two rounds ended early, outcomes recorded."""
    created = server.create_session("Plenary")
    moderator = await Client.open(server.url, token=created["moderator_token"])
    clients = [moderator]
    try:
        await moderator.send_ok(
            "ConfigureSession",
            title="Plenary on the draft declaration",
            draft="\n\n".join(DRAFT),
            points=list(POINTS),
            group_count=1,
            remote_groups=1,
            round_secs=600,
        )
        people: dict[str, Client] = {}
        for name, group in (*ROOM, HUB_PERSON):
            hub = (name, group) == HUB_PERSON
            client = await Client.open(server.url, code=created["code"])
            clients.append(client)
            await client.join(
                name=name,
                organisation=f"{name.split()[0]}'s organisation",
                stakeholder_group=group,
                region="Africa",
                mode="hub" if hub else "room",
                hub_name="Nairobi hub" if hub else "",
            )
            people[name] = client
        await moderator.send_ok("AssignGroups", seed=7)
        await moderator.send_ok("StartRotation")
        started = next(
            e["event"]
            for e in (await moderator.sync(0))["events"]
            if e["event"]["type"] == "RotationStarted"
        )
        order, plan = started["group_order"], started["plan"]
        hub_group = (await people[HUB_PERSON[0]].sync(10**9))["me"]["group_id"]
        room_group = next(g for g in order if g != hub_group)
        for round_number, row in enumerate(plan, start=1):
            for name, client in people.items():
                group = hub_group if name == HUB_PERSON[0] else room_group
                point = row[order.index(group)]
                # Everyone backs option a on point 1; on point 2 the room leans to a compromise.
                choice = "a" if point == "p1" else ("compromise" if name != "Dana Ortiz" else "b")
                await client.send_ok("TakePosition", point_id=point, choice=choice)
            await moderator.send_ok("EndRound", round=round_number)
        for group, point, fields in (
            (room_group, "p1", {"choice": "a", "strength": "consensus"}),
            (hub_group, "p1", {"choice": "a", "strength": "rough_consensus"}),
            (
                room_group,
                "p2",
                {
                    "choice": "compromise",
                    "compromise_text": compromise,
                    "strength": "rough_consensus",
                    "hands": {"in_favour": 4, "against": 1, "abstain": 0},
                },
            ),
            (
                hub_group,
                "p2",
                {
                    "choice": "b",
                    "strength": "rough_consensus",
                    "hands": {"in_favour": 4, "against": 1, "abstain": 0},
                },
            ),
        ):
            await moderator.send_ok("RecordOutcome", group_id=group, point_id=point, **fields)
        return Plenary(
            session_id=created["session_id"],
            code=created["code"],
            moderator_token=created["moderator_token"],
            tokens={name: client.token or "" for name, client in people.items()},
            room_group=room_group,
            hub_group=hub_group,
        )
    finally:
        for client in clients:
            await client.close()


def breakout(server: LiveServer, compromise: str = COMPROMISE) -> Plenary:
    return run_async(_breakout(server, compromise))


async def _as(server: LiveServer, token: str, command: str, **fields: Any) -> dict[str, Any]:
    client = await Client.open(server.url, token=token)
    try:
        return await client.send_ok(command, **fields)
    finally:
        await client.close()


def give(server: LiveServer, token: str, command: str, **fields: Any) -> dict[str, Any]:
    """One command from the holder of `token`, over its own socket."""
    return run_async(_as(server, token, command, **fields))


def test_plenary_in_browser(live_server: LiveServer, browser: Browser, tmp_path: Path) -> None:
    base = live_server.url
    # Given a session whose rotation is over: point 1 backed by both groups, point 2 a near-tie
    # between the room's compromise and the hub group's option b
    session = breakout(live_server)
    with (
        open_page(browser, LAPTOP) as moderator,
        open_page(browser, PROJECTOR) as screen,
        open_page(browser, PHONE, mobile=True) as hub,
        open_page(browser, PHONE, mobile=True) as phone,
        open_page(browser, PHONE, mobile=True) as guest,
    ):
        moderator.goto(f"{base}/moderator#{session.moderator_token}")
        sign_in_as_participant(hub, session.code, session.tokens[HUB_PERSON[0]])
        hub.goto(f"{base}/hub?code={session.code}")
        sign_in_as_participant(phone, session.code, session.tokens["Amina Diallo"])
        phone.goto(f"{base}/join?code={session.code}")
        expect(phone.get_by_test_id("status")).to_have_text("The rotation is over.")

        # Then the moderator sees, per point, each group's outcome and the ranking
        p1 = moderator.get_by_test_id("ranking-p1")
        expect(p1.locator("li").first).to_have_attribute("data-key", "a")
        expect(moderator.get_by_test_id("backed-p1-a")).to_have_text(
            re.compile(r"^backed in 2 of 2 groups, by all five stakeholder groups")
        )
        expect(moderator.get_by_test_id(f"pl-outcome-{session.room_group}-p1")).to_contain_text(
            "Consensus"
        )
        compromise_key = f"compromise:{session.room_group}"
        ranking_p2 = moderator.get_by_test_id("ranking-p2")
        expect(ranking_p2.get_by_test_id("near-tie")).to_have_count(2)

        # And the screen shows the rotation's grid until the composite forms
        screen_link = moderator.get_by_test_id("screen-link")
        expect(screen_link).to_have_attribute("href", re.compile(r"/screen#.+"))
        screen.goto(screen_link.get_attribute("href") or "")
        expect(screen.get_by_test_id("grid")).to_be_visible()

        # When the moderator takes the top-ranked option for paragraph 1, reworded
        moderator.get_by_test_id("take-p1-a").click()
        wording = moderator.get_by_test_id("wording-1")
        expect(wording).to_have_value("By all stakeholders together")
        wording.fill(
            "The Internet is a global resource that should be managed by all stakeholders "
            "together, in the public interest."
        )
        moderator.get_by_test_id("use-wording-1").click()
        expect(moderator.get_by_test_id("compose-status-1")).to_have_text(
            "Saved: paragraph 1, revision 1."
        )
        # Then the core records the chair's edit as new wording, edited from option A (whose
        # backers are shown apart), never as option A itself
        provenance_1 = moderator.get_by_test_id("provenance-1")
        expect(provenance_1).to_contain_text(
            "New wording by the chair, edited from Option A on point 1"
        )
        expect(provenance_1).to_contain_text("Option A on point 1 was backed by")

        # And the room group's compromise for paragraph 2, as it stands
        moderator.get_by_test_id(f"take-p2-{compromise_key}").click()
        expect(moderator.get_by_test_id("wording-2")).to_have_value(COMPROMISE)
        moderator.get_by_test_id("use-wording-2").click()
        expect(moderator.get_by_test_id("current-2")).to_have_text(COMPROMISE)
        expect(moderator.get_by_test_id("provenance-2")).to_contain_text("compromise on point 2")
        expect(moderator.get_by_test_id("composite-version")).to_contain_text(
            "Version 2 · 2 of 3 paragraphs set"
        )

        # Then the screen, the hub and the phone show the composite forming, changes marked
        expect(screen.get_by_test_id("screen-text-2")).to_have_text(COMPROMISE)
        expect(screen.get_by_test_id("screen-para-1")).to_contain_text("Changed from the draft")
        for page in (hub, phone):
            expect(page.get_by_test_id("para-text-2")).to_have_text(COMPROMISE)
            expect(page.get_by_test_id("mark-changed-1")).to_be_visible()
        expect(phone.get_by_test_id("react-3-support")).to_have_count(0)  # still the draft

        # When the person who joined at a hub reacts to paragraph 1: for themselves, as one
        # person (only a registered hub's console speaks for its people), so no head count
        expect(hub.get_by_test_id("heads-1")).to_have_count(0)
        hub.get_by_test_id("react-1-support").click()
        expect(hub.get_by_test_id("react-1-support")).to_have_attribute("aria-pressed", "true")
        expect(hub.get_by_test_id("react-status-1")).to_contain_text("Saved: Support.")
        screenshot_from(hub, "plenary-hub-reaction-390", hub.get_by_test_id("para-1"))

        # Then the chair's view counts one in their stakeholder group, within a second
        chair1 = moderator.get_by_test_id("chair-1")
        expect(chair1.locator("[data-reaction=support]").first).to_have_text(
            "Support 1", timeout=LIVE_MS
        )
        by_group = chair1.get_by_test_id("by-group-1")
        expect(
            by_group.locator(f"tr[data-group='{HUB_PERSON[1]}'] [data-reaction=support]")
        ).to_have_text("1")
        expect(chair1.get_by_test_id("silent-1")).to_contain_text("Civil society")

        # When the phone objects to paragraph 2: a reason is required first
        phone.get_by_test_id("react-2-object").click()
        phone.get_by_test_id("send-objection-2").click()
        expect(phone.get_by_test_id("react-status-2")).to_have_text("Say briefly why you object.")
        phone.get_by_test_id("reason-2").fill("'As far as the venue allows' lets organisers off.")
        phone.get_by_test_id("send-objection-2").click()
        expect(phone.get_by_test_id("react-2-object")).to_have_attribute("aria-pressed", "true")
        screenshot_from(phone, "plenary-phone-reaction-390", phone.get_by_test_id("para-2"))

        # Then the chair sees the objection, with its reason and stakeholder group, within a second
        amina = objection_of(moderator, 2, "Amina Diallo")
        expect(amina).to_contain_text("lets organisers off", timeout=LIVE_MS)
        expect(amina).to_contain_text("Civil society")
        expect(
            moderator.get_by_test_id("by-group-2").locator(
                "tr[data-group='Civil society'] [data-reaction=object]"
            )
        ).to_have_text("1")

        # When the chair marks the objection addressed
        amina.locator("input[type=checkbox]").check()
        expect(amina).to_have_class(re.compile(r"\baddressed\b"))
        expect(phone.get_by_test_id("react-status-2")).to_contain_text("marked your objection")

        # When the moderator rewords paragraph 1, starting from its current text
        moderator.get_by_test_id("new-wording-1").click()
        wording = moderator.get_by_test_id("wording-1")
        expect(wording).to_have_value(re.compile(r"^The Internet is a global resource"))
        wording.fill(f"{wording.input_value()} {ADDED}")
        moderator.get_by_test_id("use-wording-1").click()

        # Then the hub sees it is new since it reacted, and the chair sees the reaction set apart
        expect(hub.get_by_test_id("mark-new-1")).to_have_text("New since you reacted")
        expect(hub.get_by_test_id("react-1-support")).to_have_attribute("aria-pressed", "false")
        expect(chair1.get_by_test_id("earlier-1")).to_contain_text("1 reaction was given to an")
        expect(chair1.locator("[data-reaction=support]").first).to_have_text("Support 0")
        expect(moderator.get_by_test_id("provenance-1")).to_contain_text("New wording by the chair")
        screenshot_from(moderator, "plenary-moderator-1920", moderator.get_by_test_id("assemble-1"))
        screenshot_from(
            moderator, "plenary-moderator-p2-1920", moderator.get_by_test_id("assemble-2")
        )
        screenshot(screen, "plenary-screen-1920")

        # And closes the text, after confirming
        moderator.get_by_test_id("close-text").click()
        moderator.get_by_test_id("close-confirm-yes").click()
        content_hash = moderator.get_by_test_id("content-hash")
        expect(content_hash).to_have_text(re.compile(r"^sha256:[0-9a-f]{64}$"))
        expect(screen.get_by_test_id("hash")).to_have_text((content_hash.inner_text()[:19]) + "…")
        for page in (hub, phone):
            expect(page.get_by_test_id("decision-banner")).to_contain_text("closed the text")
            expect(page.get_by_test_id("react-1-support")).to_be_hidden()

        # When a participant endorses on their phone, name and group already filled in
        form = phone.get_by_test_id("endorse-form")
        expect(form.get_by_test_id("endorse-name")).to_have_value("Amina Diallo")
        expect(form.get_by_test_id("endorse-stakeholder-group")).to_have_value("Civil society")
        form.get_by_test_id("endorse-country").fill("Senegal")
        screenshot_from(
            phone, "plenary-phone-endorse-form-390", phone.get_by_test_id("endorsement")
        )
        form.get_by_test_id("endorse-submit").click()
        expect(phone.get_by_test_id("endorsed")).to_have_text("✓ You endorsed this text.")
        screenshot(phone, "plenary-phone-endorsed-390")

        # Then the register and the screen count it by stakeholder group
        register = moderator.get_by_test_id("register")
        expect(register.get_by_test_id("register-total")).to_have_text("1")
        expect(screen.get_by_test_id("endorsement-counts")).to_contain_text("Civil society 1")

        # When the chair opens the register to anyone with the link, a guest endorses
        guest.goto(f"{base}/join?code={session.code}")
        expect(guest.get_by_test_id("register-closed")).to_be_visible()
        register.get_by_test_id("open-register").click()
        guest.get_by_test_id("endorse-name").fill("Grace Hopper")
        guest.get_by_test_id("endorse-organisation").fill("Navy")
        guest.get_by_test_id("endorse-stakeholder-group").select_option(
            "Technical and academic community"
        )
        guest.get_by_test_id("endorse-country").fill("United States")
        guest.get_by_test_id("endorse-submit").click()
        expect(guest.get_by_test_id("endorsed")).to_be_visible()
        screenshot(guest, "plenary-guest-endorsed-390")
        expect(register.get_by_test_id("register-total")).to_have_text("2")

        # And a second endorsement under the same name and organisation gets the server's reason
        guest.reload()
        expect(guest.get_by_test_id("endorsed")).to_be_visible()  # remembered on this device
        guest.get_by_test_id("withdraw").click()
        expect(guest.get_by_test_id("endorse-form")).to_be_visible()
        expect(register.get_by_test_id("register-total")).to_have_text("1")
        phone.get_by_test_id("withdraw").click()
        expect(phone.get_by_test_id("endorse-form")).to_be_visible()
        expect(register.get_by_test_id("register-total")).to_have_text("0")
        phone.get_by_test_id("endorse-submit").click()
        expect(phone.get_by_test_id("endorsed")).to_be_visible()
        guest.get_by_test_id("endorse-name").fill("amina  diallo")
        guest.get_by_test_id("endorse-organisation").fill("Amina's organisation")
        guest.get_by_test_id("endorse-stakeholder-group").select_option("Civil society")
        guest.get_by_test_id("endorse-country").fill("Senegal")
        guest.get_by_test_id("endorse-submit").click()
        expect(guest.get_by_test_id("endorse-error")).to_have_text(
            "Someone of this name and organisation has already endorsed."
        )

        # When the moderator downloads the DOCX of the composite from the page's link
        with moderator.expect_download() as download:
            moderator.get_by_test_id("download-composite-docx").click()
        path = tmp_path / "composite.docx"
        download.value.save_as(path)

        # Then it opens with python-docx and holds the closed text
        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        assert f"managed by all stakeholders together, in the public interest. {ADDED}" in text
        assert COMPROMISE in text
        assert DRAFT[2] in text
        screenshot(screen, "plenary-screen-closed-1920")
        screenshot_from(
            moderator, "plenary-moderator-decided-1920", moderator.get_by_test_id("decision")
        )


def objection_of(moderator: Page, paragraph: int, name: str) -> Locator:
    """The chair's view's item for `name`'s objection to `paragraph`."""
    return moderator.get_by_test_id(f"objections-{paragraph}").locator("li", has_text=name)


def test_markup_typed_by_people_shows_as_text(live_server: LiveServer, browser: Browser) -> None:
    # Given markup in a group's compromise, in the chair's own wording and in an objection
    session = breakout(live_server, compromise=f"Offered {MARKUP} where possible")
    moderator_token = session.moderator_token
    give(
        live_server,
        moderator_token,
        "ComposeParagraph",
        paragraph=2,
        source="compromise",
        point_id="p2",
        group_id=session.room_group,
    )
    give(
        live_server,
        moderator_token,
        "ComposeParagraph",
        paragraph=3,
        source="custom",
        text=f"Reviewed {MARKUP} next year",
    )
    give(
        live_server,
        session.tokens["Amina Diallo"],
        "React",
        paragraph=2,
        reaction="object",
        reason=f"Because {MARKUP}",
    )
    with (
        open_page(browser, LAPTOP) as moderator,
        open_page(browser, PROJECTOR) as screen,
        open_page(browser, PHONE, mobile=True) as phone,
    ):
        dialogs: list[str] = []
        for page in (moderator, screen, phone):
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        moderator.goto(f"{live_server.url}/moderator#{moderator_token}")
        expect(moderator.get_by_test_id("objections-2")).to_contain_text(f"Because {MARKUP}")
        screen.goto(moderator.get_by_test_id("screen-link").get_attribute("href") or "")
        sign_in_as_participant(phone, session.code, session.tokens["Amina Diallo"])
        phone.goto(f"{live_server.url}/join?code={session.code}")

        # Then every page shows the markup as the text people typed, and runs none of it
        expect(moderator.get_by_test_id("current-2")).to_have_text(
            f"Offered {MARKUP} where possible"
        )
        expect(moderator.get_by_test_id("current-3")).to_have_text(f"Reviewed {MARKUP} next year")
        expect(moderator.get_by_test_id("ranking-p2")).to_contain_text(MARKUP)
        expect(moderator.get_by_test_id("outcomes-p2")).to_contain_text(MARKUP)
        expect(screen.get_by_test_id("screen-text-2")).to_have_text(
            f"Offered {MARKUP} where possible"
        )
        expect(screen.get_by_test_id("screen-text-3")).to_have_text(f"Reviewed {MARKUP} next year")
        expect(phone.get_by_test_id("para-text-2")).to_have_text(f"Offered {MARKUP} where possible")
        expect(phone.get_by_test_id("para-text-3")).to_have_text(f"Reviewed {MARKUP} next year")
        expect(phone.get_by_test_id("reason-2")).to_have_value(f"Because {MARKUP}")

        # When the chair does not close the text, with a note that has markup too
        moderator.get_by_test_id("decline").click()
        moderator.get_by_test_id("decline-note").fill(f"Not yet {MARKUP}")
        moderator.get_by_test_id("decline-confirm").click()

        # Then every page says so, with the note as text, and the report can be downloaded
        expect(moderator.get_by_test_id("decided")).to_contain_text("The text was not closed")
        expect(moderator.get_by_test_id("download-report-docx")).to_have_attribute(
            "href", re.compile(r"/api/sessions/[^/]+/report\.docx\?token=.+")
        )
        expect(screen.get_by_test_id("decision-note")).to_have_text(
            f"Chair's note: Not yet {MARKUP}"
        )
        expect(phone.get_by_test_id("decision-banner")).to_contain_text("did not close the text")
        expect(phone.get_by_test_id("endorsement")).to_be_hidden()
        screenshot(screen, "plenary-screen-not-closed-1920")
        for page in (moderator, screen, phone):
            assert MARKUP in page.locator("body").inner_text()
            assert page.locator("img:not(#qr)").count() == 0, page.url
        assert dialogs == []
