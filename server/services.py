"""The services of one running app, built once in the composition root."""

from dataclasses import dataclass

from .config import Config
from .operator import OperatorKey
from .record.signing import Signer
from .sessions import SessionService
from .store import EventStore
from .timer import TimerOwner
from .tokens import Tokens


@dataclass(frozen=True)
class Services:
    config: Config
    store: EventStore
    sessions: SessionService
    tokens: Tokens
    timer: TimerOwner
    operator: OperatorKey
    signer: Signer
