"""`python -m deploy run`: `make run-cluster`, several processes sharing Redis behind nginx,
until Ctrl-C or SIGTERM. `python -m deploy nginx-conf`: print deploy/nginx.conf rendered for
nodes on other machines."""

import argparse
import asyncio
import signal
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import FrameType

from server.config import Config
from server.operator import read_operator_key

from .cluster import ROOT, Cluster
from .nginx import Node, render
from .redis import LocalRedis

VAR = ROOT / "var"
WATCH_SECS = 1.0  # how often the CLI looks for a part that died


def _stop_on(signum: int, _: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)  # the same orderly stop as Ctrl-C


def run(processes: int, host: str, port: int, redis_port: int) -> int:
    # SIGINT too: a shell that starts us in the background has it ignored, and Python then
    # leaves it so, where Ctrl-C (or `kill -INT`) must still stop everything in order.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop_on)
    redis = LocalRedis(redis_port, VAR / "redis")
    cluster = Cluster(VAR, redis.url, host=host, port=port)
    try:
        redis.ensure()
        cluster.start(processes)
        print(_links(cluster, redis), flush=True)
        return _watch(cluster)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    finally:
        cluster.stop()
        redis.stop()


def _links(cluster: Cluster, redis: LocalRedis) -> str:
    base = cluster.url
    nodes = [
        f"  Node {n}:  {url}  (pid {pid}, log {_here(cluster.directory / 'cluster')}/node-{n}.log)"
        for n, (url, pid) in enumerate(zip(cluster.node_urls, cluster.pids, strict=True), 1)
    ]
    where = f"started here, data in {_here(redis.directory)}" if redis.started_here else "running"
    return "\n".join(
        [
            "",
            f"Roundtable is running: {len(nodes)} processes sharing one Redis, behind nginx.",
            f"  Moderator (new session):  {base}/moderator#operator={_operator_key(redis)}",
            f"  Participants join at:     {base}/join",
            f"  Protocol (AsyncAPI):      {base}/asyncapi.json",
            "",
            *nodes,
            f"  nginx:   {_here(cluster.nginx.config_path)}, log {_here(cluster.nginx.error_log)}",
            f"  Redis:   {redis.url} ({where})",
            "",
            "Ctrl-C stops everything this started.",
        ]
    )


def _operator_key(redis: LocalRedis) -> str:
    """The key every node accepts (server/operator.py): derived from the store's secret, or
    the one set in the environment, which is the operator's to know and not printed."""
    config = replace(Config.from_env(), store_url=redis.url)
    key = asyncio.run(read_operator_key(config))
    return key.value if key.shown else "<ROUNDTABLE_OPERATOR_KEY>"


def _here(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _watch(cluster: Cluster) -> int:
    """Until a signal; a node that dies is reported (nginx sends its browsers to the others);
    nginx dying, or every node, ends the cluster."""
    reported: set[str] = set()
    while True:
        time.sleep(WATCH_SECS)
        exited = cluster.exited()
        for name in sorted(set(exited) - reported):
            print(f"\n{name} exited; the last lines it wrote:", file=sys.stderr)
            print(_tail(cluster, name), file=sys.stderr, flush=True)
        reported.update(exited)
        if "nginx" in exited or len(exited) == len(cluster.nodes):
            return 1


def _tail(cluster: Cluster, name: str) -> str:
    if name == "nginx":
        return cluster.nginx.log_tail()
    return next(node.log_tail() for node in cluster.nodes if node.name == name)


def nginx_conf(listen: str, nodes: list[str], static_dir: Path | None) -> int:
    parsed = []
    for spec in nodes:
        name, _, address = spec.partition("=")
        if not address:
            sys.exit(f"--node takes NAME=HOST:PORT, not {spec!r}")
        parsed.append(Node(name, address))
    print(render(parsed, listen, static_dir=static_dir), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    started = commands.add_parser("run", help="processes sharing one Redis, behind nginx")
    started.add_argument("--processes", type=int, default=2)
    started.add_argument("--host", default="127.0.0.1", help="nginx's address")
    started.add_argument("--port", type=int, default=8000, help="nginx's port")
    started.add_argument("--redis-port", type=int, default=6380)
    conf = commands.add_parser("nginx-conf", help="print the nginx configuration for nodes")
    conf.add_argument("--listen", default="80", help="nginx's port or address:port")
    conf.add_argument(
        "--node",
        action="append",
        required=True,
        metavar="NAME=HOST:PORT",
        help="a node: its ROUNDTABLE_NODE and where nginx reaches it (repeat for each)",
    )
    conf.add_argument("--static-dir", type=Path, help="client_static/ on the nginx machine")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(args.processes, args.host, args.port, args.redis_port)
    return nginx_conf(args.listen, args.node, args.static_dir)


if __name__ == "__main__":
    sys.exit(main())
