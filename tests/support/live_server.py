"""A real uvicorn running the real app in a subprocess, on a free port, with its own SQLite."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_SECS = 20  # a cold start imports pydantic models and opens SQLite: well under this
OPERATOR_KEY = "test-operator-key-0123456789"
"""The operator key every test server runs with (ROUNDTABLE_OPERATOR_KEY), unless told not to."""


def operator_header(key: str = OPERATOR_KEY) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    def __init__(self, db_path: Path, port: int | None = None, env: dict[str, str] | None = None):
        self.db_path = db_path
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = db_path.with_suffix(".log")

    def start(self) -> "LiveServer":
        env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "ROUNDTABLE_STORE": f"sqlite:///{self.db_path}",
            "ROUNDTABLE_OPERATOR_KEY": OPERATOR_KEY,
            **self.env,
        }
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "server"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT_SECS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited at start-up:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.log_path.read_text()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, as when a machine loses power or the OOM killer acts."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def post(
        self, path: str, body: dict[str, Any], key: str | None = OPERATOR_KEY
    ) -> tuple[int, dict[str, Any]]:
        """POST JSON, with the operator key unless `key` is None."""
        headers = {"Content-Type": "application/json", **(operator_header(key) if key else {})}
        request = urllib.request.Request(
            f"{self.url}{path}", data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def create_session(self, title: str = "Test session") -> dict[str, Any]:
        status, body = self.post("/api/sessions", {"title": title})
        assert status == 201, body
        return body
