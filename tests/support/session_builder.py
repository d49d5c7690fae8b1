"""A session set up in a few lines: created over HTTP, configured by its moderator, joined by
people over socket.io, and optionally assigned and started. Every client it opens is closed
when the `async with` ends."""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from .live_server import LiveServer
from .session_client import Client, Envelope


@dataclass(frozen=True)
class Person:
    name: str
    stakeholder_group: str = "Civil society"
    mode: str = "room"
    region: str = "Africa"
    hub_name: str = ""

    def join_fields(self) -> dict[str, Any]:
        fields = {
            "name": self.name,
            "organisation": f"{self.name}'s organisation",
            "stakeholder_group": self.stakeholder_group,
            "region": self.region,
            "mode": self.mode,
        }
        if self.hub_name:
            fields["hub_name"] = self.hub_name
        return fields


ROOM_AND_REMOTE = (
    Person("Ana", "Civil society"),
    Person("Ben", "Government", region="Western Europe and others"),
    Person("Chen", "Private sector", region="Asia-Pacific"),
    Person("Dara", "Technical and academic community", region="Latin America and Caribbean"),
    Person("Eli", "Government", mode="remote", region="North America"),
    Person("Fay", "Civil society", mode="hub", hub_name="Nairobi hub"),
)
"""Mixed stakeholder groups; two of them are not in the room (one remote, one at a hub)."""


def draft_and_points(count: int) -> tuple[str, list[dict[str, Any]]]:
    """A draft of `count` paragraphs, one point of disagreement on each, options a and b."""
    draft = "\n\n".join(f"Paragraph {n} of the draft." for n in range(1, count + 1))
    points = [
        {"paragraph": n, "question": f"Question {n}?", "options": [f"Yes to {n}", f"No to {n}"]}
        for n in range(1, count + 1)
    ]
    return draft, points


@dataclass
class Joined:
    person: Person
    client: Client
    participant_id: str
    token: str


@dataclass
class Session:
    server: LiveServer
    session_id: str
    code: str
    moderator: Client
    points: int
    people: list[Joined] = field(default_factory=list)
    clients: list[Client] = field(default_factory=list)

    async def connect(
        self, *, token: str | None = None, code: str | None = None, device: str | None = None
    ) -> Client:
        """A new connection, closed with the session (`device`: the page's own key, to come
        back as the same guest)."""
        client = Client(self.server.url, device)
        self.clients.append(client)
        await client.connect(token=token, code=code)
        return client

    async def join(self, person: Person, command_id: str | None = None) -> Joined:
        client = await self.connect(code=self.code)
        ack = await client.join(command_id=command_id, **person.join_fields())
        joined = Joined(person, client, ack["result"]["participant_id"], ack["result"]["token"])
        self.people.append(joined)
        return joined

    async def links(self) -> dict[str, Any]:
        ack = await self.moderator.call("links", {})
        assert ack.get("ok") is True, ack
        return dict(ack)

    async def screen(self) -> Client:
        link = (await self.links())["screen"]
        return await self.connect(token=token_of(link))

    async def facilitator(self, group_id: str) -> Client:
        links = await self.links()
        link = next(f["link"] for f in links["facilitators"] if f["group_id"] == group_id)
        return await self.connect(token=token_of(link))

    async def log(self) -> list[Envelope]:
        """The whole log as the moderator (who sees everything) gets it."""
        return list((await self.moderator.sync(0))["events"])

    async def head(self) -> int:
        return await self.moderator.head()

    async def plan(self) -> tuple[list[str], list[list[str]]]:
        started = next(
            e["event"] for e in await self.log() if e["event"]["type"] == "RotationStarted"
        )
        return list(started["group_order"]), [list(row) for row in started["plan"]]

    async def point_of(self, group_id: str, round_number: int) -> str:
        group_order, plan = await self.plan()
        return plan[round_number - 1][group_order.index(group_id)]

    async def group_of(self, joined: Joined) -> str:
        me = (await joined.client.sync(10**9))["me"]
        group_id = me["group_id"]
        assert isinstance(group_id, str), me
        return group_id

    async def close(self) -> None:
        for client in [self.moderator, *self.clients]:
            await client.close()


def token_of(link: str) -> str:
    """The token a role link carries after `#`."""
    return link.split("#", 1)[1]


@asynccontextmanager
async def open_session(
    server: LiveServer,
    *,
    people: Sequence[Person] = (),
    points: int = 2,
    round_secs: int = 60,
    group_count: int | None = 1,
    assign: bool = False,
    start: bool = False,
    title: str = "Breakout on the draft",
) -> AsyncIterator[Session]:
    """Created and configured; `people` joined by code; assigned and started if asked."""
    created = server.create_session(title)
    moderator = await Client.open(server.url, token=created["moderator_token"])
    session = Session(server, created["session_id"], created["code"], moderator, points)
    try:
        draft, point_specs = draft_and_points(points)
        await moderator.send_ok(
            "ConfigureSession",
            title=title,
            draft=draft,
            points=point_specs,
            round_secs=round_secs,
            group_count=group_count,
        )
        for person in people:
            await session.join(person)
        if assign or start:
            await moderator.send_ok("AssignGroups", seed=7)
        if start:
            await moderator.send_ok("StartRotation")
        yield session
    finally:
        await session.close()
