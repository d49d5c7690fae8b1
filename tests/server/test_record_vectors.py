"""docs/record.md says how to reimplement the chain, the signature, the content hash and the
draw in another language, each with a test vector: every vector on that page is true."""

import random
from pathlib import Path

from facilitation.assignment import Seat, assign
from facilitation.decision import content_hash
from server.record.chain import GENESIS, canonical, link
from server.record.signing import Signer, head_message

PAGE = (Path(__file__).resolve().parents[2] / "docs" / "record.md").read_text()
EVENT = {"type": "SessionCreated", "session_id": "s1", "code": "ABCDEF", "title": "Café",
         "created_at_ms": 1000}  # fmt: skip


def flat(text: str) -> str:
    return " ".join(text.split())


def says(*values: str) -> None:
    for value in values:
        assert flat(value) in flat(PAGE), value


def test_the_canonical_json_and_chain_vectors_hold() -> None:
    says(
        canonical({"share": 1.0, "score": 0.17, "tiny": 1e-7}).decode(),
        canonical(EVENT).decode(),
        f"as event 1 its hash is `{link(GENESIS, EVENT)}`",
    )


def test_the_signature_vector_holds() -> None:
    signer = Signer(bytes(range(32)))
    head = {"format": "roundtable-archive", "version": 2, "session_id": "s1",
            "exported_at_ms": 2000, "last_seq": 1, "last_hash": link(GENESIS, EVENT)}  # fmt: skip
    signature = signer.sign(head)
    says(signature["public_key"], signature["fingerprint"], f"is signed `{signature['value']}`")
    assert signer.public_key.verifies(head_message(head), signature["value"])


def test_the_content_hash_vector_holds() -> None:
    says(content_hash(("One.", 'Two, with "quotes" and é.')))


def test_the_draw_vector_holds() -> None:
    assert random.Random(7).getrandbits(32) == 1390851128
    says("the first `getrandbits(32)` of seed 7 is 1390851128")
    seats = [Seat(i, g, False) for i, g in (("ana", "Civil society"), ("dara", "Civil society"),
             ("fay", "Civil society"), ("ben", "Government"), ("chen", "Private sector"))]
    seats.append(Seat("eli", "Government", True))  # fmt: skip
    plans = assign(seats, 7, 2, None, 1)
    assert [(p.kind, p.members) for p in plans] == [
        ("room", ("chen", "ana", "ben")), ("room", ("fay", "dara")), ("remote", ("eli",))
    ]  # fmt: skip
    says("the groups are g1 (room) chen, ana, ben; g2 (room) fay, dara; g3 (remote) eli.")
