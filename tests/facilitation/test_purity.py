"""The core is pure: no I/O, no clock, no randomness it did not receive.

Every module of `facilitation/` is parsed (not imported) and searched for imports of the
world and for calls that read the clock. `random` is allowed in assignment.py only, and
there only as a `random.Random` built from a seed passed in.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "facilitation"
MODULES = sorted(CORE.glob("*.py"))

FORBIDDEN_MODULES = frozenset(
    {
        "asyncio",
        "time",
        "datetime",
        "socketio",
        "starlette",
        "redis",
        "sqlite3",
        "aiosqlite",
        "random",
        "os",
        "uuid",
        "secrets",
    }
)
SEEDED_RANDOM_ALLOWED_IN = frozenset({"assignment.py"})
CLOCK_CALLS = frozenset(
    {
        ("datetime", "now"),
        ("datetime", "utcnow"),
        ("datetime", "today"),
        ("date", "today"),
        ("time", "time"),
        ("time", "time_ns"),
        ("time", "monotonic"),
        ("time", "perf_counter"),
    }
)


def _dotted(node: ast.expr) -> tuple[str, ...]:
    """`a.b.c` as ("a", "b", "c"); () when the expression is not a plain dotted name."""
    if isinstance(node, ast.Name):
        return (node.id,)
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return (*inner, node.attr) if inner else ()
    return ()


def impurities(source: str, filename: str) -> list[str]:
    """What in this module reaches for the world, one line per finding."""
    tree = ast.parse(source, filename)
    allowed = {"random"} if filename in SEEDED_RANDOM_ALLOWED_IN else set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:  # `from . import x` is the core importing itself
                names = [node.module] if node.level == 0 and node.module else []
            for name in names:
                top = name.split(".")[0]
                if top in FORBIDDEN_MODULES and top not in allowed:
                    found.append(f"{filename}:{node.lineno} imports {name}")
        if isinstance(node, ast.Call):
            dotted = _dotted(node.func)
            if dotted[-2:] in CLOCK_CALLS:
                found.append(f"{filename}:{node.lineno} calls {'.'.join(dotted)}")
            if "random" in allowed and dotted[:1] == ("random",):
                if dotted != ("random", "Random") or not (node.args or node.keywords):
                    found.append(f"{filename}:{node.lineno} draws unseeded {'.'.join(dotted)}")
    return found


def test_the_core_has_modules_to_check() -> None:
    assert {"decide.py", "state.py", "assignment.py"} <= {m.name for m in MODULES}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_a_core_module_neither_does_io_nor_reads_clock_or_randomness(module: Path) -> None:
    # Given a module of the core, when parsed, then it reaches for nothing outside
    assert impurities(module.read_text(encoding="utf-8"), module.name) == []


def test_assignment_builds_its_random_generator_from_a_seed() -> None:
    # Given the one module allowed to import random, then it does build a seeded generator
    source = (CORE / "assignment.py").read_text(encoding="utf-8")
    calls = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and _dotted(node.func) == ("random", "Random")
    ]
    assert calls and all(call.args for call in calls)


@pytest.mark.parametrize(
    ("source", "filename"),
    [
        ("import time\n", "setup.py"),
        ("import os.path\n", "setup.py"),
        ("from datetime import datetime\n", "state.py"),
        ("from redis.asyncio import Redis\n", "state.py"),
        ("import uuid, secrets\n", "setup.py"),
        ("import random\n", "setup.py"),
        ("import random\nrandom.shuffle(x)\n", "assignment.py"),
        ("import random\nrng = random.Random()\n", "assignment.py"),
        ("x = datetime.datetime.now()\n", "state.py"),
        ("x = dt.datetime.now(tz)\n", "state.py"),
        ("x = time.time()\n", "breakout.py"),
    ],
)
def test_the_checker_catches_a_module_that_reaches_for_the_world(
    source: str, filename: str
) -> None:
    # Given known-impure code, then the checker above reports it (so a pass means something)
    assert impurities(source, filename)


def test_the_checker_lets_pure_code_through() -> None:
    source = (
        "from __future__ import annotations\n"
        "import random\n"
        "from .state import evolve\n"
        "rng = random.Random(seed)\n"
        "rng.shuffle(items)\n"
    )
    assert impurities(source, "assignment.py") == []
