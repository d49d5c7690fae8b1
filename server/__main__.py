"""`python -m server`: start Roundtable on HOST:PORT and print the links to open."""

import logging
import socket
from collections.abc import Awaitable, Callable

import uvicorn

from .app import Roundtable, build_app
from .config import Config
from .demo import DEMO_COMMAND_ID
from .links import join_link, session_opened
from .services import Services

GRACEFUL_SHUTDOWN_SECS = 1  # a command commits in milliseconds; long-polls are closed first


def announce(config: Config) -> Callable[[Services], Awaitable[None]]:
    base = f"http://{config.host}:{config.port}"

    async def show(services: Services) -> None:
        operator = services.operator
        # The key rides in the fragment, which browsers never send: it reaches no access log.
        key = operator.value if operator.shown else "<ROUNDTABLE_OPERATOR_KEY>"
        lines = [
            "",
            "Roundtable is running.",
            f"  Moderator (new session):  {base}/moderator#operator={key}",
            f"  Participants join at:     {base}/join",
            f"  Protocol (AsyncAPI):      {base}/asyncapi.json",
            f"  Archive signing key:      {services.signer.public_key.fingerprint}"
            f"  ({base}/api/signing-key)",
        ]
        if operator.source == "file":
            lines.append("  (the operator key is kept in operator.key beside the database)")
        if config.demo:
            session_id = services.sessions.create_id(DEMO_COMMAND_ID)
            journal = await services.sessions.open(session_id)
            if journal is not None:
                opened = session_opened(services.tokens, session_id, journal.state.code)
                code = journal.state.code
                lines += [
                    "",
                    f"Demo session: {journal.state.title}",
                    f"  Moderator link: {base}{opened['links']['moderator']}",
                    f"  Screen link:    {base}{opened['links']['screen']}",
                    f"  Join code:      {code}   ({base}{join_link(code)})",
                ]
        print("\n".join(lines) + "\n", flush=True)

    return show


class Server(uvicorn.Server):
    """uvicorn, closing the app's connections first when it stops: otherwise it waits out
    every held long-poll before its shutdown hooks run."""

    def __init__(self, config: uvicorn.Config, app: Roundtable) -> None:
        super().__init__(config)
        self._app = app

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await self._app.close_connections()
        await super().shutdown(sockets)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    config = Config.from_env()
    app = build_app(config, announce=announce(config))
    settings = uvicorn.Config(
        app,
        host=config.host,
        port=config.port,
        # Per-message deflate compresses each recipient's copy separately: 10-40 % CPU at
        # 2,000 clients for small frames that barely shrink.
        ws_per_message_deflate=False,
        log_level="info",
        # A line per request is a line per long-polling round trip: thousands a second at a
        # large meeting, for a log nobody reads. Errors and start-up are still logged.
        access_log=False,
        # Whatever is still running then (a request stuck on a dead client) is cancelled.
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECS,
    )
    Server(settings, app).run()


if __name__ == "__main__":
    main()
