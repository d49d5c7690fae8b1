"""The moderator page and the operator key: from the link the server printed the page creates
sessions without asking; without it, it says where to get the key and takes it pasted."""

from playwright.sync_api import Browser, expect

from tests.support.live_server import OPERATOR_KEY, LiveServer

from .pages import JOIN_CODE, LAPTOP, open_page


def test_the_printed_link_creates_sessions_and_keeps_the_key_out_of_the_address_bar(
    server: LiveServer, browser: Browser
) -> None:
    with open_page(browser, LAPTOP) as page:
        # Given the moderator link the server printed, with the key in its fragment,
        page.goto(f"{server.url}/moderator#operator={OPERATOR_KEY}")
        # Then the key leaves the address bar at once, and no key is asked for;
        expect(page).to_have_url(f"{server.url}/moderator")
        expect(page.get_by_test_id("operator-key")).to_be_hidden()
        # When a session is created, it opens, and a second one needs no key either.
        for title in ("First", "Second"):
            page.goto(f"{server.url}/moderator")
            page.get_by_test_id("new-title").fill(title)
            page.get_by_test_id("create-session").click()
            expect(page.get_by_test_id("join-code")).to_have_text(JOIN_CODE)


def test_without_the_key_the_page_says_where_to_get_it_and_takes_it_pasted(
    server: LiveServer, browser: Browser
) -> None:
    with open_page(browser, LAPTOP) as page:
        # Given the moderator page opened without the printed link,
        page.goto(f"{server.url}/moderator")
        # Then it says where the key comes from, with a field to paste it,
        expect(page.get_by_test_id("operator-key-needed")).to_contain_text(
            "Open the link the server printed at start-up, or ask the operator for the key."
        )
        page.get_by_test_id("new-title").fill("Pasted")
        # a wrong key is refused next to the field, and nothing opens,
        page.get_by_test_id("operator-key").fill("not-the-key-of-this-server")
        page.get_by_test_id("create-session").click()
        expect(page.get_by_test_id("field-error")).to_have_text(
            "The server did not accept this key."
        )
        # and the right key creates the session.
        page.get_by_test_id("operator-key").fill(OPERATOR_KEY)
        page.get_by_test_id("create-session").click()
        expect(page.get_by_test_id("join-code")).to_have_text(JOIN_CODE)
