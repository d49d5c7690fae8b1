"""A page that lost its connection asks for what it missed since the last seq it saw, and gets
exactly that: every event for a watcher, the public ones and its own for a participant."""

from tests.support.servers import Server
from tests.support.session_builder import Person, open_session
from tests.support.session_client import Envelope


def seqs(events: list[Envelope]) -> list[int]:
    return [e["seq"] for e in events]


def no_false_gap(events: list[Envelope], last: int) -> None:
    """The protocol's rule for participants: apply when prev <= last, else sync."""
    for envelope in events:
        assert envelope["prev"] <= last, (envelope, last)
        assert envelope["prev"] < envelope["seq"]
        last = envelope["seq"]


async def test_a_screen_that_reconnects_gets_exactly_the_events_it_missed(server: Server) -> None:
    # Given a screen that saw the session up to some seq, then lost its connection,
    async with open_session(server, people=[Person("Ana")]) as session:
        screen = await session.screen()
        last_seen = await session.head()
        await screen.close()

        # When, meanwhile, people join (private events), groups are assigned and the rotation
        # starts (public events), and a position is taken,
        ben = await session.join(Person("Ben", "Government"))
        await session.moderator.send_ok("AssignGroups")
        await session.moderator.send_ok("StartRotation")
        point_id = await session.point_of(await session.group_of(ben), 1)
        await ben.client.send_ok("TakePosition", point_id=point_id, choice="a")
        head = await session.head()

        # and the screen comes back and syncs from the last seq it saw,
        await screen.connect(token=screen.token)
        synced = await screen.sync(last_seen)

        # Then it gets last_seen+1..head, nothing more, nothing less, in order,
        assert synced["head"] == head
        assert seqs(synced["events"]) == list(range(last_seen + 1, head + 1))
        # private events included,
        kinds = {e["event"]["type"] for e in synced["events"]}
        assert {"ParticipantJoined", "PositionTaken", "GroupsAssigned", "RoundStarted"} <= kinds
        # and they are the very events the moderator, connected throughout, received live.
        await session.moderator.wait_for(lambda e: e["seq"] == head)
        live = [e for e in session.moderator.events if e["seq"] > last_seen]
        assert synced["events"] == live


async def test_a_participant_resyncs_its_own_private_events_and_not_other_peoples(
    server: Server,
) -> None:
    # Given Ana and Ben in a running round, and Ana's phone that dropped off at some seq,
    async with open_session(
        server, people=[Person("Ana"), Person("Ben", "Government")], start=True
    ) as session:
        ana, ben = session.people
        point_id = await session.point_of(await session.group_of(ana), 1)
        last_seen = await session.head()
        await ana.client.close()

        # When Ana takes a position from her laptop (same token), Ben takes one, Chen joins,
        laptop = await session.connect(token=ana.token)
        mine = await laptop.send_ok("TakePosition", point_id=point_id, choice="b")
        bens = await ben.client.send_ok("TakePosition", point_id=point_id, choice="a")
        chen = await session.join(Person("Chen", "Private sector"))
        # and the round ends (public),
        await session.moderator.send_ok("EndRound", round=1)
        head = await session.head()

        # and Ana's phone comes back and syncs from the last seq it saw,
        await ana.client.connect(token=ana.token)
        synced = await ana.client.sync(last_seen)

        # Then it gets its own position and every public event after last_seen,
        log = [e for e in await session.log() if e["seq"] > last_seen]
        public = {"RoundEnded", "RoundStarted", "ParticipantPlaced"}
        expected = [e for e in log if e["event"]["type"] in public or e["seq"] == mine["seq"]]
        assert synced["head"] == head
        assert synced["events"] == expected
        # but not Ben's position, nor Chen's joining,
        private = {bens["seq"]} | {
            e["seq"]
            for e in log
            if e["event"]["type"] == "ParticipantJoined"
            and e["event"]["participant"]["participant_id"] == chen.participant_id
        }
        assert len(private) == 2 and not private & set(seqs(synced["events"]))
        # and nothing in it looks like a gap to the page that applies it.
        no_false_gap(synced["events"], last_seen)
        assert synced["me"]["participant_id"] == ana.participant_id


async def test_a_guest_sees_only_public_events(server: Server) -> None:
    # Given a session people have joined,
    async with open_session(server, people=[Person("Ana"), Person("Ben", "Government")]) as session:
        # When someone who has only the join code syncs from the start,
        guest = await session.connect(code=session.code)
        synced = await guest.sync(0)

        # Then they see the session but nobody's joining.
        kinds = [e["event"]["type"] for e in synced["events"]]
        assert kinds == ["SessionCreated", "SessionConfigured"]
        assert synced["head"] == await session.head()
        assert synced["me"]["role"] == "guest"
        no_false_gap(synced["events"], 0)
