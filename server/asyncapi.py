"""The AsyncAPI 3 document of the socket.io protocol, generated from the pydantic models."""

from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import TypeAdapter

from facilitation.commands import AnyCommand

from . import wire
from .contract import capabilities_block, http_block
from .errors import STATUS

_REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Request:
    """A client-to-server socket.io event and its ack (the operation's reply)."""

    event: str
    operation: str
    name: str
    """The request message's name; its ack is `<Event>Ack`."""
    request: Any
    ack: Any
    summary: str
    can_fail: bool = True


REQUESTS = (
    Request("command", "sendCommand", "Command", TypeAdapter(AnyCommand), wire.CommandAck,
            "A command, discriminated by `type`; the ack gives the sequence number it produced."),
    Request("sync", "syncMissed", "SyncRequest", wire.SyncRequest, wire.SyncAck,
            "The events after the last one seen, exactly those this connection may see."),
    Request("clock", "readClock", "ClockRequest", wire.ClockRequest, wire.ClockAck,
            "The server's clock in ms, to correct the page's countdown.", can_fail=False),
    Request("links", "getLinks", "LinksRequest", wire.WireModel, wire.LinksAck,
            "Moderator only: the join code and the screen, facilitator and hub links."),
    Request("review", "getReview", "ReviewRequest", wire.WireModel, wire.ReviewAck,
            "Moderator and screen: the ranking per point and the chair's view per paragraph."),
    Request("heartbeat", "sendHeartbeat", "HeartbeatRequest", wire.HeartbeatRequest,
            wire.HeartbeatAck,
            "A page's pulse and link report; the ack names the newest event it should have."),
    Request("presence", "getPresence", "PresenceRequest", wire.WireModel, wire.PresenceAck,
            "Moderator only: every facilitator tablet and hub, connected or not."),
)  # fmt: skip

PUSHES = (  # fmt: skip
    ("events", "receiveEvents", "Events", wire.EventBatch,
     "Committed events of the log for this page, in sequence order, one message per short tick."),
    (
        "presence",
        "receivePresence",
        "PresenceUpdate",
        wire.PresenceUpdate,
        "A tablet or hub came, went or reported.",
    ),
)


@cache
def asyncapi_document() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    messages: dict[str, Any] = {}

    def message(name: str, model: Any, summary: str) -> dict[str, str]:
        adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
        schema = adapter.json_schema(ref_template=_REF)
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema
        messages[name] = {
            "name": name,
            "summary": summary,
            "payload": {"$ref": _REF.format(model=name)},
        }
        return {"$ref": f"#/components/messages/{name}"}

    def refs(*names: str) -> dict[str, dict[str, str]]:
        return {n: {"$ref": f"#/components/messages/{n}"} for n in names}

    error = message("ErrorAck", wire.ErrorAck, "Refused: nothing changed.")
    message("ConnectError", wire.ConnectError, "Why a connection was refused (connect_error data).")
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for r in REQUESTS:
        message(r.name, r.request, r.summary)
        ack_name = f"{r.event[0].upper()}{r.event[1:]}Ack"
        ack = message(ack_name, r.ack, f"The ack of `{r.event}`.")
        replies = [ack, error] if r.can_fail else [ack]
        channels[r.event] = {"address": r.event, "messages": refs(r.name)}
        channels[f"{r.event}Ack"] = {
            "address": r.event,
            "messages": refs(*(x["$ref"].rsplit("/", 1)[1] for x in replies)),
        }
        operations[r.operation] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{r.event}"},
            "reply": {"channel": {"$ref": f"#/channels/{r.event}Ack"}, "messages": replies},
        }
    for event, operation, name, model, summary in PUSHES:
        message(name, model, summary)
        channel = channels.setdefault(event, {"address": event, "messages": {}})
        channel["messages"].update(refs(name))
        operations[operation] = {"action": "receive", "channel": {"$ref": f"#/channels/{event}"}}
    _require_type(schemas)
    http = http_block(lambda name, model: _schema(schemas, name, model))
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Roundtable",
            "version": "0.1.0",
            "description": (
                "socket.io (JSON) between Roundtable's pages and server. Every "
                "client-to-server event takes an ack callback; the ack is the operation's reply. "
                "Connect with auth {token} (a role link) or {code} (a join code)."
            ),
        },
        "servers": {
            "default": {"host": "localhost:8000", "protocol": "ws", "pathname": "/socket.io/"}
        },
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas, "messages": messages},
        "x-http": http,
        "x-capabilities": capabilities_block(),
        "x-error-codes": dict(STATUS),
    }


def _schema(schemas: dict[str, Any], name: str, model: Any) -> dict[str, str]:
    schema = TypeAdapter(model).json_schema(ref_template=_REF)
    schemas.update(schema.pop("$defs", {}))
    schemas.setdefault(name, schema)
    return {"$ref": _REF.format(model=name)}


def _require_type(schemas: dict[str, Any]) -> None:
    """A command's or event's `type` has a default in the models (so code can build them
    without naming it) but a client must always send it: it picks the model."""
    for schema in schemas.values():
        properties = schema.get("properties", {})
        tag = properties.get("type", {})
        if "const" in tag and "type" not in schema.get("required", []):
            schema["required"] = ["type", *schema.get("required", [])]
