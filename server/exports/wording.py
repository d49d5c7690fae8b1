"""Small pieces of wording shared by the exports: times, counts, shares, file names."""

import re
import unicodedata
from datetime import UTC, datetime

SLUG_MAX_CHARS = 60  # a file name people can still read in a download bar
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _utc(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def iso_utc(ms: int) -> str:
    """`2025-06-23T14:05:09Z`: for registers that other tools read."""
    return _utc(ms).strftime("%Y-%m-%dT%H:%M:%SZ")


def day_utc(ms: int) -> str:
    """`23 June 2025`: as a report says when something took place."""
    moment = _utc(ms)
    return f"{moment.day} {moment:%B %Y}"


def moment_utc(ms: int) -> str:
    """`23 June 2025, 14:05 UTC`."""
    return f"{day_utc(ms)}, {_utc(ms):%H:%M} UTC"


def count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def share(fraction: float) -> str:
    return f"{round(fraction * 100)} %"


def score(value: float) -> str:
    return f"{value:.2f}"


def listing(items: tuple[str, ...] | list[str], empty: str = "none") -> str:
    return ", ".join(items) if items else empty


def slug(title: str) -> str:
    """An ASCII file-name stem from a title: letters, digits and dashes only, so a title can
    never break out of the Content-Disposition header."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    stem = _NOT_SLUG.sub("-", ascii_title.lower()).strip("-")[:SLUG_MAX_CHARS].strip("-")
    return stem or "session"
