"""The AsyncAPI 3 document of the socket.io protocol, generated from the pydantic models."""

from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter

from facilitation.commands import AnyCommand

from . import wire

_REF = "#/components/schemas/{model}"


def _schema(schemas: dict[str, Any], name: str, model: Any) -> dict[str, str]:
    adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
    schema = adapter.json_schema(ref_template=_REF)
    schemas.update(schema.pop("$defs", {}))
    schemas[name] = schema
    return {"$ref": _REF.format(model=name)}


def _message(
    messages: dict[str, Any], schemas: dict[str, Any], name: str, model: Any, summary: str
) -> dict[str, str]:
    messages[name] = {"name": name, "summary": summary, "payload": _schema(schemas, name, model)}
    return {"$ref": f"#/components/messages/{name}"}


@cache
def asyncapi_document() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    messages: dict[str, Any] = {}

    def msg(name: str, model: type[BaseModel] | Any, summary: str) -> dict[str, str]:
        return _message(messages, schemas, name, model, summary)

    command = msg("Command", TypeAdapter(AnyCommand), "A command, discriminated by `type`.")
    command_ack = msg("CommandAck", wire.CommandAck, "Accepted: the sequence number it produced.")
    error_ack = msg("ErrorAck", wire.ErrorAck, "Refused: nothing changed.")
    event = msg("Event", wire.EventEnvelope, "One committed event of the session's log.")
    sync = msg("SyncRequest", wire.SyncRequest, "Ask for the events after the last one seen.")
    sync_ack = msg("SyncAck", wire.SyncAck, "Exactly the missed events this connection may see.")
    clock = msg("ClockRequest", wire.ClockRequest, "The client's clock, to estimate the offset.")
    clock_ack = msg("ClockAck", wire.ClockAck, "The server's clock in ms.")
    links = msg("LinksRequest", wire.WireModel, "Moderator only: the session's role links.")
    links_ack = msg("LinksAck", wire.LinksAck, "Join code, screen and facilitator links.")
    review = msg("ReviewRequest", wire.WireModel, "Moderator and screen: ranking and chair's view.")
    review_ack = msg("ReviewAck", wire.ReviewAck, "Ranking per point, review per paragraph.")
    heartbeat = msg("HeartbeatRequest", wire.HeartbeatRequest, "A page's pulse and link report.")
    heartbeat_ack = msg("HeartbeatAck", wire.HeartbeatAck, "The newest event the page should have.")
    presence = msg("PresenceRequest", wire.WireModel, "Moderator: who is connected.")
    presence_ack = msg("PresenceAck", wire.PresenceAck, "Every facilitator tablet and hub link.")
    presence_update = msg("PresenceUpdate", wire.PresenceUpdate, "A tablet or hub came or went.")
    msg("ConnectError", wire.ConnectError, "Why a connection was refused (connect_error data).")

    def channel(address: str, *refs: dict[str, str]) -> dict[str, Any]:
        return {
            "address": address,
            "messages": {r["$ref"].rsplit("/", 1)[1]: r for r in refs},
        }

    def reply(channel_name: str, *refs: dict[str, str]) -> dict[str, Any]:
        return {"channel": {"$ref": f"#/channels/{channel_name}"}, "messages": list(refs)}

    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Roundtable",
            "version": "0.1.0",
            "description": (
                "socket.io (msgpack serializer) between Roundtable's pages and server. Every "
                "client-to-server event takes an ack callback; the ack is the operation's reply. "
                "Connect with auth {token} (a role link) or {code} (a join code)."
            ),
        },
        "servers": {
            "default": {"host": "localhost:8000", "protocol": "ws", "pathname": "/socket.io/"}
        },
        "channels": {
            "command": channel("command", command),
            "commandAck": channel("command", command_ack, error_ack),
            "sync": channel("sync", sync),
            "syncAck": channel("sync", sync_ack, error_ack),
            "clock": channel("clock", clock),
            "clockAck": channel("clock", clock_ack),
            "links": channel("links", links),
            "linksAck": channel("links", links_ack, error_ack),
            "review": channel("review", review),
            "reviewAck": channel("review", review_ack, error_ack),
            "heartbeat": channel("heartbeat", heartbeat),
            "heartbeatAck": channel("heartbeat", heartbeat_ack, error_ack),
            "presence": channel("presence", presence, presence_update),
            "presenceAck": channel("presence", presence_ack, error_ack),
            "event": channel("event", event),
        },
        "operations": {
            "sendCommand": {
                "action": "send",
                "channel": {"$ref": "#/channels/command"},
                "reply": reply("commandAck", command_ack, error_ack),
            },
            "syncMissed": {
                "action": "send",
                "channel": {"$ref": "#/channels/sync"},
                "reply": reply("syncAck", sync_ack, error_ack),
            },
            "readClock": {
                "action": "send",
                "channel": {"$ref": "#/channels/clock"},
                "reply": reply("clockAck", clock_ack),
            },
            "getLinks": {
                "action": "send",
                "channel": {"$ref": "#/channels/links"},
                "reply": reply("linksAck", links_ack, error_ack),
            },
            "getReview": {
                "action": "send",
                "channel": {"$ref": "#/channels/review"},
                "reply": reply("reviewAck", review_ack, error_ack),
            },
            "sendHeartbeat": {
                "action": "send",
                "channel": {"$ref": "#/channels/heartbeat"},
                "reply": reply("heartbeatAck", heartbeat_ack, error_ack),
            },
            "getPresence": {
                "action": "send",
                "channel": {"$ref": "#/channels/presence"},
                "reply": reply("presenceAck", presence_ack, error_ack),
            },
            "receivePresence": {"action": "receive", "channel": {"$ref": "#/channels/presence"}},
            "receiveEvent": {"action": "receive", "channel": {"$ref": "#/channels/event"}},
        },
        "components": {"schemas": schemas, "messages": messages},
    }
