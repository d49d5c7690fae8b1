"""Facilitators writing outcomes through several processes, each outcome's notes unique, so
that every acknowledged write can be found in the log, and a write applied twice would show."""

import asyncio
import json
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tests.support.live_server import operator_header
from tests.support.session_builder import Person, draft_and_points, token_of
from tests.support.session_client import Client


@dataclass
class Writer:
    """One facilitator tablet: its token, its group's point, the process it is on now."""

    token: str
    group_id: str
    point_id: str
    client: Client
    acked: list[str] = field(default_factory=list)
    moves: int = 0

    async def write(self, notes: str, command_id: str, urls: list[str]) -> None:
        """Send until acknowledged: on a dead process, reconnect to the next one and retry the
        same command id, as a tablet's outbox does."""
        fields = {"group_id": self.group_id, "point_id": self.point_id, "choice": "a"}
        for attempt in range(20):
            if not self.client.connected:
                await self._move(urls, attempt)
                continue
            try:
                ack = await self.client.send(
                    "RecordOutcome", command_id=command_id, strength="majority", notes=notes,
                    **fields,
                )
            except Exception:  # the process died under the call: the same id, elsewhere
                await self._move(urls, attempt)
                continue
            if isinstance(ack, dict) and ack.get("ok"):
                self.acked.append(notes)
                return
            if isinstance(ack, dict) and ack.get("code") in ("unavailable", "rate_limited"):
                await asyncio.sleep(0.5)
                continue
            raise AssertionError(f"outcome refused: {ack}")
        raise AssertionError(f"outcome {notes} never acknowledged")

    async def _move(self, urls: list[str], attempt: int) -> None:
        self.moves += 1
        await self.client.close()
        url = urls[attempt % len(urls)]
        try:
            self.client = await Client.open(url, token=self.token)
        except Exception:
            await asyncio.sleep(0.3)


async def writers_session(url: str, groups: int) -> tuple[Client, list[dict[str, Any]]]:
    """A running round with `groups` groups of two; returns the moderator and the links."""
    moderator_token, code = _create(url)
    moderator = await Client.open(url, token=moderator_token)
    draft, points = draft_and_points(2)
    await moderator.send_ok(
        "ConfigureSession", title="Writers", draft=draft, points=points, group_count=groups,
        round_secs=3600,
    )
    for n in range(groups * 2):
        guest = await Client.open(url, code=code)
        await guest.join(**Person(f"P{n}", ["Civil society", "Government"][n % 2]).join_fields())
        await guest.close()
    await moderator.send_ok("AssignGroups", seed=11)
    await moderator.send_ok("StartRotation")
    links = await moderator.call("links", {})
    return moderator, links["facilitators"]


def _create(url: str) -> tuple[str, str]:
    request = urllib.request.Request(
        f"{url}/api/sessions",
        data=json.dumps({"title": "Writers"}).encode(),
        headers={"Content-Type": "application/json", **operator_header()},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body = json.loads(response.read())
    return str(body["moderator_token"]), str(body["code"])


async def open_writers(
    moderator: Client, facilitators: list[dict[str, Any]], urls: list[str]
) -> list[Writer]:
    log = (await moderator.sync(0))["events"]
    started = next(e["event"] for e in log if e["event"]["type"] == "RotationStarted")
    writers = []
    for n, link in enumerate(facilitators):
        point = started["plan"][0][started["group_order"].index(link["group_id"])]
        token = token_of(link["link"])
        client = await Client.open(urls[n % len(urls)], token=token)
        writers.append(Writer(token, link["group_id"], point, client))
    return writers


def notes_in_log(log: list[dict[str, Any]]) -> Counter[str]:
    return Counter(
        e["event"]["outcome"]["notes"] for e in log if e["event"]["type"] == "OutcomeRecorded"
    )
