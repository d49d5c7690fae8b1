"""Three processes appending to one session through Redis keep one hash chain: each links its
events to the newest hash it caught up with, and the archive any of them exports verifies,
signed with the one key they share."""

import asyncio
import json
import urllib.request

from server.record.verify import verify_archive
from tests.support.session_builder import Person
from tests.support.session_client import Client

from .conftest import Processes
from .test_shared_truth import configured

PEOPLE = [Person(f"Chained {n}", ["Civil society", "Government"][n % 2]) for n in range(9)]


def archive_of(url: str, session_id: str, token: str) -> dict[str, object]:
    request = urllib.request.Request(
        f"{url}/api/sessions/{session_id}/archive.json",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        archive: dict[str, object] = json.loads(answer.read())
    return archive


async def test_events_appended_on_three_processes_form_one_chain(shared: Processes) -> None:
    # Given a session made through process 0, and people joining at once through all three,
    created, moderator = await configured(shared)
    people: list[Client] = []
    try:
        people = [
            await Client.open(shared.urls[n % 3], code=created["code"])
            for n in range(len(PEOPLE))
        ]
        await asyncio.gather(
            *(c.join(**p.join_fields()) for c, p in zip(people, PEOPLE, strict=True))
        )
        await moderator.send_ok("AssignGroups", seed=5)
    finally:
        for client in [moderator, *people]:
            await client.close()

    # When each process exports the archive,
    archives = [
        await asyncio.to_thread(
            archive_of, url, created["session_id"], created["moderator_token"]
        )
        for url in shared.urls
    ]

    # Then each verifies whole (chain, shared signing key, the draw) and they hold one chain.
    for archive in archives:
        verdict = await asyncio.to_thread(verify_archive, archive)
        assert verdict.passed, [c for c in verdict.checks if not c.ok]
    assert len({json.dumps(a["events"]) for a in archives}) == 1
    assert len({json.dumps(a["signature"]["public_key"]) for a in archives}) == 1  # type: ignore[index]
