"""Role tokens: signed capabilities given at the handshake (links carry them)."""

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from facilitation.context import Actor


@dataclass(frozen=True)
class Grant:
    session_id: str
    actor: Actor


class TokenError(Exception):
    code = "bad_token"


class Tokens:
    def __init__(self, secret: bytes) -> None:
        self._serializer = URLSafeSerializer(secret, salt="roundtable-role")

    def issue(self, session_id: str, actor: Actor) -> str:
        claims = {"s": session_id, "r": actor.role}
        if actor.group_id:
            claims["g"] = actor.group_id
        if actor.participant_id:
            claims["p"] = actor.participant_id
        if actor.link_id:
            claims["k"] = actor.link_id
        return str(self._serializer.dumps(claims))

    def read(self, token: str) -> Grant:
        try:
            claims = self._serializer.loads(token)
        except BadSignature as error:
            raise TokenError(
                "This link is not valid (it may be incomplete): ask for a new one."
            ) from error
        if claims.get("r") not in (
            "moderator",
            "screen",
            "facilitator",
            "participant",
            "hub",
            "endorser",
        ):
            raise TokenError("This link does not give a role in a session.")
        actor = Actor(
            role=claims["r"],
            participant_id=claims.get("p"),
            group_id=claims.get("g"),
            link_id=claims.get("k"),
        )
        return Grant(session_id=str(claims["s"]), actor=actor)
