"""The operator key: what creates sessions and imports archives on this server.

Where it comes from, in order: `ROUNDTABLE_OPERATOR_KEY`; else, with SQLite, a file made once
beside the database (`var/operator.key`, readable by its owner only), so it survives restarts
and `make clean` renews it; else (Redis, memory) derived from the store's secret, which every
process on the store shares, so they all accept the same key and nothing more is stored.
It travels only in `Authorization: Bearer KEY`, or in a link's fragment (`#operator=KEY`),
which browsers never send: never in a URL that reaches a log."""

import base64
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from starlette.requests import Request

from .config import Config
from .record.signing import derive
from .store import open_store
from .tokens import TokenError, Tokens

OPERATOR_INFO = b"roundtable operator key v1"
KEY_BYTES = 24  # 192 bits: guessing is hopeless, and it fits a link
MIN_KEY_CHARS = 16  # a key chosen by hand shorter than this is refused at start-up
KEY_FILE = "operator.key"

Source = Literal["env", "file", "store"]
Credential = Literal["operator", "moderator"]


@dataclass(frozen=True)
class OperatorKey:
    value: str
    source: Source

    def admits(self, candidate: str | None) -> bool:
        return candidate is not None and hmac.compare_digest(
            candidate.encode(), self.value.encode()
        )

    @property
    def shown(self) -> bool:
        """Printed at start-up only when the server made it: a key set in the environment
        is the operator's to know, and a platform's log is no place to repeat it."""
        return self.source != "env"


def operator_key(config: Config, secret: bytes) -> OperatorKey:
    if config.operator_key is not None:
        if len(config.operator_key) < MIN_KEY_CHARS:
            raise ValueError(
                f"ROUNDTABLE_OPERATOR_KEY is shorter than {MIN_KEY_CHARS} characters: "
                "choose a longer one, or unset it and let the server make one."
            )
        return OperatorKey(config.operator_key, "env")
    if config.store_url.startswith("sqlite:///"):
        database = Path(config.store_url.removeprefix("sqlite:///"))
        return OperatorKey(_kept(database.parent / KEY_FILE), "file")
    derived = derive(secret, OPERATOR_INFO, KEY_BYTES)
    return OperatorKey(base64.urlsafe_b64encode(derived).decode().rstrip("="), "store")


async def read_operator_key(config: Config) -> OperatorKey:
    """The key the servers on `config`'s store accept, from outside them (`make run-cluster`
    prints it): the store is only read, for its secret."""
    store = await open_store(config.store_url, allow_unsafe=True)
    try:
        return operator_key(config, await store.secret())
    finally:
        await store.close()


def _kept(path: Path) -> str:
    """The key in `path`, made there first if there is none. Written whole under another
    name, then linked into place: a second process starting at once reads the first's key,
    never half of it."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(KEY_BYTES) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process was first: its key it is
        finally:
            draft.unlink()
    return path.read_text().strip()


def bearer(request: Request) -> str | None:
    """`Authorization: Bearer …` only: a key in a query string would reach access logs."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def credential(request: Request, operator: OperatorKey, tokens: Tokens) -> Credential | None:
    """Who sends this request: the operator, a moderator of a session here, or neither."""
    presented = bearer(request)
    if presented is None:
        return None
    if operator.admits(presented):
        return "operator"
    try:
        grant = tokens.read(presented)
    except TokenError:
        return None
    # The session's own moderator, not a delegated (named, revocable) moderator link: a
    # group's or caucus's chair has no business bringing whole sessions in.
    actor = grant.actor
    return "moderator" if actor.role == "moderator" and actor.link_id is None else None
