"""deploy/nginx.py renders deploy/nginx.conf for any set of nodes: the rules it keeps, and that
nginx accepts what it renders (`nginx -t`, no process started)."""

import re
from pathlib import Path

import pytest

from deploy.nginx import Nginx, Node, render, worker_user

MACHINES = [Node(str(n), f"10.0.0.{10 + n}:8000") for n in (1, 2, 3)]


def upstream(config: str, name: str) -> list[str]:
    block = re.search(rf"upstream {name} \{{(.*?)\}}", config, re.DOTALL)
    assert block is not None, f"no upstream {name}"
    return [line.strip() for line in block.group(1).strip().splitlines()]


def test_each_node_has_its_upstream_with_the_others_as_backups() -> None:
    config = render(MACHINES, "80")
    # A browser's cookie picks its node; with no cookie, any node
    assert '"2" rt_node_2;' in config
    assert "default rt_any;" in config
    assert upstream(config, "rt_any")[:3] == [f"server {n.address};" for n in MACHINES]
    # Node 2 first, then the others as backups in the order after it
    assert upstream(config, "rt_node_2")[:3] == [
        "server 10.0.0.12:8000;",
        "server 10.0.0.13:8000 backup;",
        "server 10.0.0.11:8000 backup;",
    ]
    # And no balancing by address: one address (a hub, a venue's NAT) must not mean one node
    assert re.search(r"^\s*(ip_)?hash\b", config, re.MULTILINE) is None


def test_what_is_rendered_keeps_no_placeholder_and_the_sockets_settings() -> None:
    config = render(MACHINES, "127.0.0.1:8080")
    assert "{{" not in config
    assert "listen 127.0.0.1:8080;" in config
    for directive in (
        "daemon off;",
        "proxy_http_version 1.1;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "proxy_buffering off;",
        "access_log off;",
    ):
        assert directive in config


@pytest.mark.parametrize(
    "nodes",
    [[], [Node("a b", "10.0.0.1:8000")], [Node("1", "10.0.0.1:80"), Node("1", "10.0.0.2:80")]],
)
def test_nodes_without_a_plain_unique_name_are_refused(nodes: list[Node]) -> None:
    with pytest.raises(ValueError):
        render(nodes, "80")


def test_nginx_accepts_the_configuration_for_three_machines(tmp_path: Path) -> None:
    # Given the configuration for three machines (nginx -t does not reach them)
    nginx = Nginx(tmp_path / "nginx")
    nginx.write(render(MACHINES, "127.0.0.1:8080", user=worker_user()))
    # Then nginx finds nothing wrong in it
    report = nginx.test()
    assert "syntax is ok" in report and "test is successful" in report
