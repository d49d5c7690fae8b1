"""`roundtable verify ARCHIVE.json [--key BASE64] [--server URL]`: every check of an archive,
one line each (✓ or ✗ and what failed), then the verdict. Exit code 0 only when all hold."""

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .checks import Check, Verdict, failed
from .signing import PublicKey
from .verify import KnownKey, verify_archive

FETCH_TIMEOUT_SECS = 10  # a server that does not answer in this long is reported, not awaited
KEY_PATH = "/api/signing-key"
MARKS = {"ok": "✓", "failed": "✗", "absent": "✗"}
EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command != "verify":
        raise SystemExit(EXIT_UNREADABLE)
    return verify(Path(args.archive), args.key, args.server, sys.stdout)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="roundtable", description="Roundtable's record tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "verify",
        help="check an archive: its hash chain, signature, draw, scores and closed text",
        description="Check a Roundtable archive (docs/record.md). Exit 0 only if all holds.",
    )
    check.add_argument("archive", help="the archive.json a server exported")
    check.add_argument("--key", help="the expected signing key (base64, as /api/signing-key)")
    check.add_argument("--server", help="a server's URL: its signing key is fetched and compared")
    return parser


def verify(path: Path, key: str | None, server: str | None, out: TextIO) -> int:
    try:
        body = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as error:
        print(f"✗ archive: {path} cannot be read as JSON: {error}", file=out)
        return EXIT_UNREADABLE
    known, problems = _known_keys(key, server)
    verdict = verify_archive(body, known)
    verdict.checks += problems
    _print(verdict, known, out)
    return EXIT_OK if verdict.passed else EXIT_FAILED


def _known_keys(key: str | None, server: str | None) -> tuple[list[KnownKey], list[Check]]:
    known, problems = [], []
    if key is not None:
        try:
            known.append(KnownKey("the given key", PublicKey.from_base64(key)))
        except ValueError as error:
            problems.append(failed("key", f"--key is not a key: {error}"))
    if server is not None:
        try:
            known.append(KnownKey(f"the key of {server}", fetch_key(server)))
        except (OSError, ValueError) as error:
            problems.append(failed("key", f"the key of {server} could not be fetched: {error}"))
    return known, problems


def fetch_key(server: str) -> PublicKey:
    """The signing key a server publishes at /api/signing-key."""
    url = server.rstrip("/") + KEY_PATH
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ValueError("give the server as http://… or https://…")
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECS) as answer:  # noqa: S310 (scheme checked)
        described = json.loads(answer.read())
    if not isinstance(described, dict):
        raise ValueError("the server's answer is not a key")
    public = PublicKey.from_base64(str(described.get("public_key", "")))
    if described.get("fingerprint") != public.fingerprint:
        raise ValueError("the server's fingerprint does not belong to its key")
    return public


def _print(verdict: Verdict, known: list[KnownKey], out: TextIO) -> None:
    for check in verdict.checks:
        print(f"{MARKS[check.status]} {check.name}: {check.message}", file=out)
    wrong = [c for c in verdict.checks if not c.ok]
    if not wrong:
        signer = verdict.signer.fingerprint if verdict.signer else "no key"
        print(f"Verdict: every check holds: this is the record {signer} signed.", file=out)
        if not known and verdict.signer is not None:
            print(
                "  (Whose key signed it was not checked: compare the fingerprint with the "
                "server's, or give --key or --server.)",
                file=out,
            )
    else:
        names = ", ".join(dict.fromkeys(c.name for c in wrong))
        print(f"Verdict: NOT VERIFIED ({names}): do not rely on this archive.", file=out)


if __name__ == "__main__":
    raise SystemExit(main())
