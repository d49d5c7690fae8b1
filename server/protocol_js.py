"""Writes client_static/js/protocol.js, the pages' copy of the contract, from the pydantic
models and the core's constants: names, enums, field limits, error codes, the capability
table and JSDoc typedefs that `tsc --checkJs` holds the pages to.

The pages have no build step, so the file is committed; tests/contract checks that it is what
this generator makes now. Run `python -m server.protocol_js` (or `make protocol`) after
changing a command, an event, a wire model, the vocabulary or the capability table."""

import json
import sys
import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final, get_args

from facilitation import capabilities, vocabulary
from facilitation.commands import COMMANDS, AnyCommand
from facilitation.draft import CODE_ALPHABET, CODE_LENGTH
from facilitation.events import EVENTS, AnyEvent
from facilitation.remote import MESSAGES_KEPT
from facilitation.setup import DEFAULT_TARGET_GROUP_SIZE

from . import wire
from .asyncapi import PUSHES, REQUESTS, Request
from .jsdoc import ENUM_NAMES, WIDTH, Schemas, bounds, compact, typedef

_JS: Final = Path(__file__).resolve().parents[1] / "client_static" / "js"
TARGET: Final = _JS / "protocol.js"
"""Enums and constants: what every page loads, so it stays small."""
CAPABILITIES_TARGET: Final = _JS / "capabilities.js"
"""Every command, event and request by name, and who may do and see what: what pages that
enable controls load."""
LIMITS_TARGET: Final = _JS / "limits.js"
"""Field limits: what pages with forms load."""
TYPES_TARGET: Final = _JS / "protocol-types.js"
"""The typedefs, for tsc only: pages name them in JSDoc (`import("./protocol-types.js").Event`),
which the browser never fetches."""
# Four modules rather than one: a phone's first visit loads protocol.js only, and stays within
# its page-weight budget (tests/browser: the join page under 140 KB before compression).

ENUMS: Final[Mapping[str, tuple[str, Any]]] = {
    # typedef name -> (the constant's name, the Literal it lists)
    "Mode": ("MODES", vocabulary.Mode),
    "GroupKind": ("GROUP_KINDS", vocabulary.GroupKind),
    "Strength": ("STRENGTHS", vocabulary.Strength),
    "Role": ("ROLES", vocabulary.Role),
    "HubPlacement": ("HUB_PLACEMENTS", vocabulary.HubPlacement),
    "Reaction": ("REACTIONS", vocabulary.Reaction),
    "CompositeSource": ("COMPOSITE_SOURCES", vocabulary.CompositeSource),
    "DecisionKind": ("DECISION_KINDS", vocabulary.DecisionKind),
    "Register": ("REGISTERS", vocabulary.Register),
    "Phase": ("PHASES", vocabulary.Phase),
    "Scope": ("SCOPES", capabilities.Scope),
    "ErrorCode": ("ERROR_CODES", wire.ErrorAck.model_fields["code"].annotation),
    "ConnectErrorCode": ("CONNECT_ERROR_CODES", wire.ConnectError.model_fields["code"].annotation),
}
"""Every enum of the protocol, by the name its typedef takes."""


def _values(literal: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in get_args(literal))


ENUM_NAMES.update({frozenset(_values(lit)): name for name, (_, lit) in ENUMS.items()})


def _const(name: str, type_: str, value: Any, doc: str) -> list[str]:
    body = compact(value)
    head = f"/** {doc} @type {{{type_}}} */".replace("/**  @", "/** @")
    if len(head) > WIDTH:
        lines = textwrap.wrap(doc, WIDTH - 3)
        head = "\n".join(["/**", *(f" * {line}" for line in lines), f" * @type {{{type_}}}", " */"])
    return [head, f"export const {name} = {body};", ""]


def _names(union: Any) -> list[str]:
    return [m.model_fields["type"].default for m in get_args(get_args(union)[0])]


def _heading(title: str) -> list[str]:
    return [f"// --- {title}", ""]


def _names_section(commands: list[str], events: list[str]) -> list[str]:
    out = _heading("Names")
    out += _const("COMMAND_TYPES", "readonly CommandType[]", commands, "Every command.")
    out += _const("EVENT_TYPES", "readonly EventType[]", events, "Every event's `type`.")
    requests = [r.event for r in REQUESTS]
    out += _const("REQUESTS", "readonly string[]", requests, "Socket.io events a page emits.")
    pushes = list(dict.fromkeys(p[0] for p in PUSHES))
    return out + _const("PUSHES", "readonly string[]", pushes, "Socket.io events pushed to it.")


def _enum_typedefs() -> list[str]:
    out = _heading("Enums (facilitation/vocabulary.py, capabilities.py, server/wire.py)")
    for name, (_, literal) in ENUMS.items():
        values = " | ".join(json.dumps(v) for v in _values(literal))
        out.append(f"/** @typedef {{{values}}} {name} */")
    return [*out, ""]


def _watchers_section() -> list[str]:
    return _const(
        "SEES_EVERY_EVENT",
        "readonly Role[]",
        sorted(capabilities.SEES_EVERY_EVENT),
        "Roles that see every event (facilitation/capabilities.py); the others see the public"
        " ones and their own.",
    )


def _enums_section() -> list[str]:
    out = _heading("Enums (facilitation/vocabulary.py, capabilities.py, server/wire.py)")
    # As const: each is the tuple of its literals, the same values protocol-types.js types
    for constant, literal in ENUMS.values():
        head = f"export const {constant} = /** @type {{const}} */ ("
        out.append(f"{head}{compact(list(_values(literal)), start=len(head) + 2)});")
    out.append("")
    compromise = "A position or outcome choice besides an option id."
    out += _const("COMPROMISE", '"compromise"', vocabulary.COMPROMISE, compromise)
    return out + _const("UNDECIDED", '"undecided"', vocabulary.UNDECIDED, "A position choice.")


def _constants_section() -> list[str]:
    out = _heading("Constants of the core")
    for name, value, doc in (
        ("DEFAULT_STAKEHOLDER_GROUPS", vocabulary.DEFAULT_STAKEHOLDER_GROUPS, ""),
        ("REGIONS", vocabulary.REGIONS, "Offered on the join form; free text is accepted too."),
        ("DEFAULT_ROUND_SECS", vocabulary.DEFAULT_ROUND_SECS, ""),
        ("DEFAULT_TARGET_GROUP_SIZE", DEFAULT_TARGET_GROUP_SIZE, ""),
        ("ROUND_WARNING_SECS", vocabulary.ROUND_WARNING_SECS, "Longest first."),
        ("MAX_ROUND_SECS", vocabulary.MAX_ROUND_SECS, ""),
        ("MAX_EXTEND_MINUTES", vocabulary.MAX_EXTEND_MINUTES, ""),
        ("OPTION_LETTERS", vocabulary.OPTION_LETTERS, "Option ids, in order."),
        ("CODE_ALPHABET", CODE_ALPHABET, "Join codes: no I, O, 0, 1."),
        ("CODE_LENGTH", CODE_LENGTH, ""),
        ("MESSAGES_KEPT", MESSAGES_KEPT, "The state keeps the latest messages only."),
    ):
        if isinstance(value, tuple):
            kind = "number" if isinstance(value[0], int) else "string"
            out += _const(name, f"readonly {kind}[]", list(value), doc)
        else:
            out += _const(name, "string" if isinstance(value, str) else "number", value, doc)
    return out


def _limits_section(commands: list[str], defs: Mapping[str, Any]) -> list[str]:
    limits = {name: dict(bounds(defs[name], defs)) for name in commands}
    return [
        *_heading("Limits of the fields (from the commands' JSON schemas)"),
        "/** A command's bounded fields: nested ones as `points.*.options`, an array's items as",
        " * `.*`. The forms take their `maxlength`, `min` and `max` from here. */",
        f"export const LIMITS = /** @type {{const}} */ ({compact(limits)});",
        "",
    ]


def _capabilities_section() -> list[str]:
    out = _heading("Who may do and see what (facilitation/capabilities.py)")
    scopes = {c.model_fields["type"].default: dict(r) for c, r in capabilities.COMMANDS.items()}
    out += _const(
        "COMMAND_SCOPES",
        "Readonly<Partial<Record<CommandType, Readonly<Partial<Record<Role, Scope>>>>>>",
        scopes,
        "Which roles may give each command, and over what (`own_group`: the facilitator's"
        " group; `own`: the person, hub or endorsement the token names).",
    )
    out += _const(
        "QUERIES",
        "Readonly<Record<string, readonly Role[]>>",
        {q: sorted(r) for q, r in capabilities.QUERIES.items()},
        "Socket requests other than commands, and who may make them.",
    )
    # Every page's connection needs this part of the table (gap detection), so it is in
    # protocol.js, which every page loads anyway.
    out += [f'export {{ SEES_EVERY_EVENT }} from "./{TARGET.name}";', ""]
    out += _const(
        "EXPORTS",
        "Readonly<Record<string, readonly Role[]>>",
        {e: sorted(r) for e, r in capabilities.EXPORTS.items()},
        "Downloads (GET /api/sessions/{id}/…), by the token's role.",
    )
    return out + [
        "/**",
        " * Over what `role` may give the command `type`; null when it may not at all.",
        " * @param {Role} role",
        " * @param {CommandType} type",
        " * @returns {Scope | null}",
        " */",
        "export function scopeOf(role, type) {",
        "  return COMMAND_SCOPES[type]?.[role] ?? null;",
        "}",
        "",
        "/** @param {Role} role @param {CommandType} type */",
        "export const mayGive = (role, type) => scopeOf(role, type) !== null;",
        "",
        "/** @param {Role} role @param {string} query */",
        "export const mayAsk = (role, query) => QUERIES[query]?.includes(role) ?? false;",
        "",
    ]


def _typedefs_section(
    commands: list[str], events: list[str], wire_names: list[str], defs: Mapping[str, Any]
) -> list[str]:
    out = _heading("Typedefs (from the JSON schemas)")
    out += [
        f"/** @typedef {{{' | '.join(json.dumps(n) for n in commands)}}} CommandType */",
        f"/** @typedef {{{' | '.join(json.dumps(n) for n in events)}}} EventType */",
        "",
    ]
    out += _lookup("CommandTypes", commands, "A command's typedef by its `type`.")
    out += _lookup("EventTypes", events, "An event's typedef by its `type`.")
    out += [
        "/**",
        " * A socket request's payload and its ack, by the request's name (an ErrorAck may come",
        " * instead, except for `clock`).",
        " * @typedef {object} RequestTypes",
        *(
            f" * @property {{{{request: {_request_name(r)}, ack: {_ack_name(r.event)}}}}} {r.event}"
            for r in REQUESTS
        ),
        " */",
        "",
    ]
    out += [
        "/**",
        " * What a page fills in for a command: everything but the `type` and the `command_id`.",
        " * @template {CommandType} T",
        ' * @typedef {Omit<CommandTypes[T], "type" | "command_id">} CommandFields',
        " */",
        "",
        f"/** @typedef {{{' | '.join(commands)}}} Command */",
        "",
    ]
    for name in commands:
        out += [*typedef(name, defs[name], all_required=False), ""]
    out += [f"/** @typedef {{{' | '.join(events)}}} Event */", ""]
    emitted = {*commands, "Command", "Event"}
    for name in [*events, *wire_names, *sorted(defs)]:
        if name not in emitted:
            emitted.add(name)
            out += [*typedef(name, defs[name], all_required=True), ""]
    return out


HEADER: Final = """\
// GENERATED from {source} by `make protocol`
// (server/protocol_js.py): do not edit; tests/contract checks it is current.
"""


def render() -> dict[Path, str]:
    """Every generated module by its path: protocol.js (names, enums, constants),
    capabilities.js (who may do what), limits.js (field limits), protocol-types.js (typedefs)."""
    schemas = Schemas()
    commands = _names(AnyCommand)
    events = _names(AnyEvent)
    schemas.add("Command", COMMANDS)
    schemas.add("Event", EVENTS)
    wire_names: list[str] = []
    for request in REQUESTS:
        if _request_name(request) == request.name:
            schemas.add(request.name, request.request)
            wire_names.append(request.name)
        schemas.add(_ack_name(request.event), request.ack)
        wire_names.append(_ack_name(request.event))
    for _, _, name, model, _ in PUSHES:
        schemas.add(name, model)
        wire_names.append(name)
    schemas.add("ErrorAck", wire.ErrorAck)
    schemas.add("ConnectError", wire.ConnectError)
    wire_names += ["ErrorAck", "ConnectError"]
    modules = {
        TARGET: (
            "the core's vocabulary and models",
            [
                *_aliases("Role"),
                *_enums_section(),
                *_constants_section(),
                *_watchers_section(),
            ],
        ),
        CAPABILITIES_TARGET: (
            "the models and facilitation/capabilities.py",
            [
                *_aliases("CommandType", "EventType", "Role", "Scope"),
                *_names_section(commands, events),
                *_capabilities_section(),
            ],
        ),
        LIMITS_TARGET: (
            "the commands' JSON schemas",
            _limits_section(commands, schemas.defs),
        ),
        TYPES_TARGET: (
            "the models' JSON schemas (types for tsc; no browser loads it)",
            [*_enum_typedefs(), *_typedefs_section(commands, events, wire_names, schemas.defs)],
        ),
    }
    rendered = {}
    for path, (source, body) in modules.items():
        text = "\n".join([HEADER.format(source=source), *body, "export {};"])
        rendered[path] = text.rstrip() + "\n"
    return rendered


def _aliases(*names: str) -> list[str]:
    """One JSDoc `@import` of the typedefs this module names (tsc reads it, browsers skip it)."""
    lines = textwrap.wrap(", ".join(names), WIDTH - 8)
    if len(lines) == 1:
        return [f'/** @import {{ {lines[0]} }} from "./{TYPES_TARGET.name}" */', ""]
    body = [f" *   {line}" for line in lines]
    return ["/**", " * @import {", *body, f' * }} from "./{TYPES_TARGET.name}"', " */", ""]


def _request_name(request: Request) -> str:
    """A command's request is the Command union itself."""
    return "Command" if request.event == "command" else request.name


def _ack_name(event: str) -> str:
    """As the AsyncAPI document names it: `sync` -> `SyncAck`."""
    return f"{event[0].upper()}{event[1:]}Ack"


def _lookup(name: str, names: Iterable[str], doc: str) -> list[str]:
    return [
        "/**",
        f" * {doc}",
        f" * @typedef {{object}} {name}",
        *(f" * @property {{{n}}} {n}" for n in names),
        " */",
        "",
    ]


def main(argv: list[str]) -> int:
    stale = 0
    for path, text in render().items():
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"{path.name} is out of date: run `make protocol`", file=sys.stderr)
                stale += 1
            continue
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.name} ({text.count(chr(10))} lines)")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
