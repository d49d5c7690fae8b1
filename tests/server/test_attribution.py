"""Every change records whose link or person gave it: the archive shows it under the hash
chain (altering it breaks the chain), and the report names each named link with the changes
it made and whether it was revoked."""

import json
from pathlib import Path

from facilitation.context import Actor
from tests.server.test_exports import http, markdown_text
from tests.support.archives import roundtable, write
from tests.support.live_server import LiveServer
from tests.support.minted import tokens_of
from tests.support.session_builder import Person, open_session


async def test_the_archive_and_the_report_say_who_acted(
    server: LiveServer, tmp_path: Path
) -> None:
    # Given a running session, and a co-moderator link "Chair 2, Maria" made by the moderator,
    async with open_session(server, people=[Person("Ana"), Person("Ben")], start=True) as s:
        created = await s.moderator.send_ok(
            "CreateRoleLink", role="co_moderator", label="Chair 2, Maria"
        )
        link_id = next(
            e["event"]["link"]["link_id"]
            for e in await s.log()
            if e["event"]["type"] == "RoleLinkCreated"
        )
        assert created["ok"]
        maria = await s.connect(
            token=tokens_of(server).issue(s.session_id, Actor("moderator", link_id=link_id))
        )
        # When she pauses and resumes the round, and a participant takes a position,
        await maria.send_ok("PauseRound")
        await maria.send_ok("ResumeRound")
        group = await s.group_of(s.people[0])
        point = await s.point_of(group, 1)
        await s.people[0].client.send_ok("TakePosition", point_id=point, choice="a")
        # and the moderator then revokes her link,
        await s.moderator.send_ok("RevokeRoleLink", link_id=link_id)
        async with http(server) as client:
            archive = (await client.get(s.session_id, "archive.json", s.moderator.token)).json()
            report = await client.get(s.session_id, "report.md", s.moderator.token)

    # Then the archive says who gave each change: Maria's link, the person, the moderator,
    by = {e["event"]["type"]: e.get("by") for e in archive["events"]}
    assert by["RoundPaused"] == {"role": "moderator", "link": link_id}
    assert by["PositionTaken"] == {"role": "participant", "id": s.people[0].participant_id}
    assert by["RoleLinkRevoked"] == {"role": "moderator"}
    assert by["SessionCreated"] == {"role": "operator"}
    # and verifies; but who acted is under the chain: changing it is a break.
    genuine = write(archive, tmp_path / "genuine.json")
    assert roundtable("verify", str(genuine))[0] == 0
    forged = json.loads(json.dumps(archive))
    paused = next(e for e in forged["events"] if e["event"]["type"] == "RoundPaused")
    paused["by"] = {"role": "moderator"}  # as if the moderator had done it
    status, printed = roundtable("verify", str(write(forged, tmp_path / "forged.json")))
    assert status == 1 and f"event {paused['seq']} altered" in printed, printed
    # And the report names the link, its role, the changes it made, and that it is revoked.
    shown = " ".join(markdown_text(report.text).split())
    assert "Who acted for the session" in shown
    assert "| Chair 2, Maria | Co-moderator | the whole session | 2 | revoked |" in report.text
