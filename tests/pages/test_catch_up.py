"""The pages' catch-up rules under node's test runner (client_static/js/catch-up.js)."""

import subprocess
from pathlib import Path

HERE = Path(__file__).parent


def test_the_pages_catch_up_rules_hold() -> None:
    done = subprocess.run(
        ["node", "--test", str(HERE / "catch_up.test.mjs")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "# fail 0" in done.stdout and "# pass 8" in done.stdout, done.stdout
