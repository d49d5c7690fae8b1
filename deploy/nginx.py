"""deploy/nginx.conf rendered for a set of nodes, checked with `nginx -t`, and run in the
foreground with a prefix directory of its own (its pid, logs and temporary files). SIGTERM
(Child.stop) is nginx's fast shutdown: every connection closed at once, clients reconnect."""

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from server.config import Config
from server.node_cookie import NODE_NAME

from .processes import Child

TEMPLATE = Path(__file__).with_name("nginx.conf")
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
# Debian installs nginx in /usr/sbin, which is not on every user's PATH.
SEARCH_PATH = ("/usr/sbin", "/usr/local/sbin")
KEEPALIVE_CONNECTIONS = 16  # idle connections kept to each node: a poll is a request per trip
CHECK_TIMEOUT_SECS = 10.0


class NginxError(RuntimeError):
    """nginx refused its configuration, or could not be found, started or stopped."""


@dataclass(frozen=True)
class Node:
    name: str
    """ROUNDTABLE_NODE: the value of its `rt_node` cookie."""
    address: str
    """host:port where nginx reaches it."""


def render(
    nodes: Sequence[Node],
    listen: str,
    *,
    static_dir: Path | None = None,
    user: str | None = None,
) -> str:
    """The configuration for `nodes` behind `listen` (`host:port` or a port). `user` is the
    `user` directive's argument (only meaningful when nginx starts as root)."""
    if not nodes:
        raise ValueError("nginx needs at least one node behind it")
    for node in nodes:
        if not NODE_NAME.fullmatch(node.name):
            raise ValueError(f"a node's name must match {NODE_NAME.pattern}, not {node.name!r}")
    if len({node.name for node in nodes}) < len(nodes):
        raise ValueError("every node needs a name of its own")
    config = Config(static_dir=static_dir) if static_dir else Config()
    values = {
        "user": f"user {user};" if user else "",
        "listen": listen,
        "static_dir": str(config.static_dir.resolve()),
        "vendor_dir": str(config.vendor_dir.resolve()),
        "node_map": "\n".join(f'        "{n.name}" {_upstream(n)};' for n in nodes),
        "any_servers": "\n".join([*(f"        server {n.address};" for n in nodes), _keepalive()]),
        "node_upstreams": "".join(_node_upstream(node, nodes) for node in nodes),
    }

    def fill(match: re.Match[str]) -> str:
        return values[match.group(1)]  # a KeyError names a placeholder nobody fills

    return PLACEHOLDER.sub(fill, TEMPLATE.read_text())


def _upstream(node: Node) -> str:
    return f"rt_node_{node.name}"


def _keepalive() -> str:
    return f"        keepalive {KEEPALIVE_CONNECTIONS};"


def _node_upstream(node: Node, nodes: Sequence[Node]) -> str:
    """The node first; the others as backups, in the order after it, so that the browsers of
    different dead nodes do not all land on the same survivor."""
    at = nodes.index(node)
    others = [*nodes[at + 1 :], *nodes[:at]]
    lines = [
        f"\n    upstream {_upstream(node)} {{",
        f"        server {node.address};",
        *(f"        server {other.address} backup;" for other in others),
        _keepalive(),
        "    }\n",
    ]
    return "\n".join(lines)


def worker_user() -> str | None:
    """Started as root, nginx would run its workers as `nobody`, who may not read a private
    checkout or temporary directory: keep them as root. As anyone else, nginx cannot switch
    users, and its workers run as whoever started it."""
    return "root" if os.geteuid() == 0 else None


def executable() -> str:
    search = os.pathsep.join([os.environ.get("PATH", ""), *SEARCH_PATH])
    found = shutil.which("nginx", path=search)
    if found is None:
        raise NginxError("nginx is not installed: `make system` installs Debian's package")
    return found


class Nginx:
    """One nginx master in the foreground (`daemon off`), under `prefix`."""

    def __init__(self, prefix: Path) -> None:
        self.prefix = prefix.resolve()
        self.config_path = self.prefix / "nginx.conf"
        self.error_log = self.prefix / "logs" / "error.log"
        self.child = Child("nginx", self._command(), self.prefix / "logs" / "nginx.out")

    def write(self, config: str) -> None:
        (self.prefix / "logs").mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(config)

    def _command(self, *extra: str) -> list[str]:
        # `-e`: even before it reads the configuration, nginx logs here, not in /var/log.
        where = ["-p", f"{self.prefix}/", "-c", str(self.config_path), "-e", str(self.error_log)]
        return [executable(), *where, *extra]

    def test(self) -> str:
        """`nginx -t` on the written configuration: its report, or NginxError with it."""
        checked = subprocess.run(  # noqa: S603 (our own arguments, no shell)
            self._command("-t"), capture_output=True, text=True, timeout=CHECK_TIMEOUT_SECS
        )
        report = checked.stdout + checked.stderr
        if checked.returncode != 0:
            raise NginxError(f"nginx refused {self.config_path}:\n{report}")
        return report

    def log_tail(self) -> str:
        errors = self.error_log.read_text() if self.error_log.exists() else ""
        return "\n".join([*errors.splitlines()[-10:], self.child.log_tail(10)])
