"""Settings from the environment, read once at start-up."""

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MESSAGE_BYTES = 512 * 1024  # the largest command is a set-up with a 100,000-character draft


@dataclass(frozen=True)
class Config:
    host: str = "127.0.0.1"
    port: int = 8000
    store_url: str = "sqlite:///var/roundtable.db"
    demo: bool = False
    node: str = ""  # ROUNDTABLE_NODE: this process's name behind a proxy (server/node_cookie.py)
    static_dir: Path = ROOT / "client_static"
    redis_unsafe: bool = False
    """Accept a Redis that does not fsync every write (it could lose acknowledged commands)."""
    operator_key: str | None = None
    """Creates sessions and imports archives; unset: the server makes one (server/operator.py)."""

    @classmethod
    def from_env(cls) -> "Config":
        return cls(
            host=os.environ.get("HOST", cls.host),
            port=int(os.environ.get("PORT", cls.port)),
            store_url=os.environ.get("ROUNDTABLE_STORE", cls.store_url),
            demo=_flag("DEMO"),
            node=os.environ.get("ROUNDTABLE_NODE", ""),
            redis_unsafe=_flag("ROUNDTABLE_REDIS_UNSAFE"),
            operator_key=os.environ.get("ROUNDTABLE_OPERATOR_KEY") or None,
        )

    @property
    def shared_store(self) -> bool:
        """Several processes may share the store (Redis): catch up, fan out through it."""
        return self.store_url.startswith(("redis://", "rediss://"))

    @property
    def vendor_dir(self) -> Path:
        return self.static_dir / "node_modules" / "socket.io-client" / "dist"


def _flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0", "false", "no")
