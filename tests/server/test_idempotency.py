"""A command retried with the same id (a lost ack, a reconnect) is acknowledged again, with the
same sequence number, and changes nothing."""

from tests.support.servers import Server
from tests.support.session_builder import Person, Session, open_session
from tests.support.session_client import Client, new_command_id


async def marker(session: Session) -> int:
    """A change the moderator makes and sees: events broadcast before it have arrived."""
    ack = await session.moderator.send_ok("LabelGroup", group_id="g1", label=new_command_id())
    await session.moderator.wait_for(lambda e: e["seq"] == ack["seq"])
    return int(ack["seq"])


async def test_a_retried_command_is_acknowledged_with_the_same_seq_and_changes_nothing(
    server: Server,
) -> None:
    # Given an assigned session whose moderator labelled a group with command id X,
    async with open_session(server, people=[Person("Ana")], assign=True) as session:
        moderator = session.moderator
        screen = await session.screen()
        command_id = new_command_id()
        first = await moderator.send(
            "LabelGroup", command_id=command_id, group_id="g1", label="Room A"
        )
        assert first == {"ok": True, "seq": first["seq"], "duplicate": False, "result": {}}
        await screen.wait_for(lambda e: e["seq"] == first["seq"])
        head = await session.head()
        received = len(screen.events)

        # When the same command is sent again with the same id, even with other content,
        again = await moderator.send("LabelGroup", command_id=command_id, group_id="g1", label="B")

        # Then it is acknowledged with the same seq, as a duplicate,
        assert again == {"ok": True, "seq": first["seq"], "duplicate": True, "result": {}}
        # the log did not grow and the label is the first one,
        assert await session.head() == head
        labels = [
            e["event"]["label"]
            for e in await session.log()
            if e["event"]["type"] == "GroupLabelled"
        ]
        assert labels == ["Room A"]
        # and no event was broadcast for it: the next change is the next thing the screen sees.
        next_seq = await marker(session)
        await screen.wait_for(lambda e: e["seq"] == next_seq)
        assert [e["seq"] for e in screen.events[received:]] == [head + 1]


async def test_a_retried_join_returns_the_same_participant_and_token(server: Server) -> None:
    # Given a phone that joined with command id X,
    async with open_session(server) as session:
        command_id = new_command_id()
        ana = await session.join(Person("Ana"), command_id=command_id)
        head = await session.head()

        # When it retries the Join on the same socket,
        again = await ana.client.send("Join", command_id=command_id, **ana.person.join_fields())
        # Then the ack names the same participant and token, as a duplicate;
        assert again["duplicate"] is True
        assert again["result"] == {"participant_id": ana.participant_id, "token": ana.token}

        # When it lost its connection before the ack and retries from a new guest socket
        # (the same page, so the same device key),
        phone = await session.connect(code=session.code, device=ana.client.device)
        retried = await phone.send("Join", command_id=command_id, **ana.person.join_fields())
        # Then it gets the same participant and token, and that socket is now Ana's;
        assert retried["ok"] is True and retried["duplicate"] is True
        assert retried["result"] == {"participant_id": ana.participant_id, "token": ana.token}
        me = (await phone.sync(0))["me"]
        assert (me["role"], me["participant_id"]) == ("participant", ana.participant_id)
        # and nobody new joined.
        assert await session.head() == head
        joined = [e for e in await session.log() if e["event"]["type"] == "ParticipantJoined"]
        assert len(joined) == 1


async def test_a_join_id_replayed_by_another_guest_never_gets_the_first_ones_token(
    server: Server,
) -> None:
    # Given a phone that joined with command id X,
    async with open_session(server) as session:
        command_id = new_command_id()
        ana = await session.join(Person("Ana"), command_id=command_id)
        # When another page replays X with a join of its own,
        intruder = await session.connect(code=session.code)
        replayed = await intruder.send("Join", command_id=command_id, **Person("Eve").join_fields())
        # Then it is a join of its own: a new participant, never Ana's token.
        assert replayed["ok"] is True and replayed["duplicate"] is False
        assert replayed["result"]["participant_id"] != ana.participant_id
        assert replayed["result"]["token"] != ana.token


async def test_the_timer_cannot_be_squatted_and_the_round_ends_by_itself(server: Server) -> None:
    # Given a round of two seconds,
    async with open_session(server, people=[Person("Ana")], round_secs=2, start=True) as session:
        ana = session.people[0]
        # When a phone sends accepted commands under the ids the timer will use,
        group_id = await session.group_of(ana)
        point_id = await session.point_of(group_id, 1)
        for n, command_id in enumerate(["timer-r1-end", "timer-r2-end", "timer-r1-w30-0"]):
            await ana.client.send_ok(
                "TakePosition", command_id=command_id, point_id=point_id, choice="ab"[n % 2]
            )
        # Then the round still ends by itself, on time.
        ended = await session.moderator.wait_for_event("RoundEnded", round=1, within=6)
        assert ended["event"]["early"] is False


async def test_a_retry_after_the_round_moved_on_is_still_acknowledged(server: Server) -> None:
    # Given a position and an outcome taken in round 1 of a running rotation,
    async with open_session(server, people=[Person("Ana")], start=True) as session:
        ana = session.people[0]
        group_id = await session.group_of(ana)
        point_id = await session.point_of(group_id, 1)
        facilitator = await session.facilitator(group_id)
        position_id, outcome_id = new_command_id(), new_command_id()
        outcome = {
            "group_id": group_id,
            "point_id": point_id,
            "choice": "b",
            "strength": "majority",
        }
        position = await ana.client.send(
            "TakePosition", command_id=position_id, point_id=point_id, choice="a"
        )
        recorded = await facilitator.send("RecordOutcome", command_id=outcome_id, **outcome)
        assert position["ok"] and recorded["ok"], (position, recorded)

        # When the round moves on and both commands are retried (their acks were lost),
        await session.moderator.send_ok("EndRound", round=1)
        await session.moderator.wait_for_event("RoundStarted", round=2)
        head = await session.head()
        position_again = await ana.client.send(
            "TakePosition", command_id=position_id, point_id=point_id, choice="a"
        )
        outcome_again = await facilitator.send("RecordOutcome", command_id=outcome_id, **outcome)

        # Then both are acknowledged as before, not refused as stale, and nothing changes.
        assert position_again == {**position, "duplicate": True}
        assert outcome_again == {**recorded, "duplicate": True}
        assert await session.head() == head


async def test_a_retried_command_that_changed_nothing_is_still_acknowledged_later(
    server: Server,
) -> None:
    # Given Ana's phone sent the position she already held (an accepted command, no event),
    async with open_session(server, people=[Person("Ana")], start=True) as session:
        ana = session.people[0]
        point_id = await session.point_of(await session.group_of(ana), 1)
        await ana.client.send_ok("TakePosition", point_id=point_id, choice="a")
        command_id = new_command_id()
        same = await ana.client.send(
            "TakePosition", command_id=command_id, point_id=point_id, choice="a"
        )
        assert same["ok"] is True, same

        # When the round moves on and the phone retries that command (its ack was lost),
        await session.moderator.send_ok("EndRound", round=1)
        await session.moderator.wait_for_event("RoundStarted", round=2)
        head = await session.head()
        again = await ana.client.send(
            "TakePosition", command_id=command_id, point_id=point_id, choice="a"
        )

        # Then it is acknowledged as the duplicate it is, with the seq first given, not refused.
        assert again == {"ok": True, "seq": same["seq"], "duplicate": True, "result": {}}
        assert await session.head() == head


async def test_a_retried_session_creation_finds_the_session_it_made(server: Server) -> None:
    # Given a session created over HTTP with a client-made command id,
    command_id = new_command_id()
    status, created = server.post("/api/sessions", {"title": "Retried", "command_id": command_id})
    assert status == 201, created

    # When the same request is sent again,
    status_again, again = server.post(
        "/api/sessions", {"title": "Retried", "command_id": command_id}
    )

    # Then it answers 200 with the same session, and that session's log holds one creation.
    assert status_again == 200, again
    assert (again["session_id"], again["code"]) == (created["session_id"], created["code"])
    moderator = await Client.open(server.url, token=again["moderator_token"])
    try:
        log = (await moderator.sync(0))["events"]
        assert [e["event"]["type"] for e in log] == ["SessionCreated"]
    finally:
        await moderator.close()
