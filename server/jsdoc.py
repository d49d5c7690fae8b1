"""JSON schemas (as pydantic writes them) turned into what a JavaScript module holds: JSDoc
typedefs that `tsc --checkJs` understands, the bounds of each field, and JSON laid out for
people. server/protocol_js.py writes client_static/js/protocol.js with these."""

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from pydantic import TypeAdapter

WIDTH: Final = 96  # a line of the generated file
_REF: Final = "#/$defs/{model}"
_BOUNDS: Final = (  # an id's `pattern` is left out: pages never type ids, the server checks them
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "maxProperties",
)
ENUM_NAMES: dict[frozenset[str], str] = {}
"""A schema whose `enum` lists exactly these values is typed by the name (filled by the
generator from the vocabulary), so a typedef's field says `Strength`, not four strings."""


def comment(text: str, indent: str = " * ") -> list[str]:
    return [f"{indent}{line}".rstrip() for line in text.strip().splitlines()]


class Schemas:
    """JSON schemas of every message, their shared definitions gathered in one namespace."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def add(self, name: str, model: Any) -> dict[str, Any]:
        adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
        schema: dict[str, Any] = adapter.json_schema(ref_template=_REF)
        for key, value in schema.pop("$defs", {}).items():
            if self.defs.setdefault(key, value) != value:
                raise ValueError(f"two different schemas are both called {key}")
        if schema.get("title") == name or name not in self.defs:
            self.defs[name] = schema
        return schema


def js_type(schema: Mapping[str, Any]) -> str:
    """The TypeScript type (as JSDoc writes it) of a JSON schema."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[1]
    if "const" in schema:
        return json.dumps(schema["const"])
    if "enum" in schema:
        named = ENUM_NAMES.get(frozenset(str(v) for v in schema["enum"]))
        return named or " | ".join(json.dumps(v) for v in schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(dict.fromkeys(js_type(s) for s in schema[key]))
    kind = schema.get("type")
    if kind == "string":
        return "string"
    if kind in ("integer", "number"):
        return "number"
    if kind == "boolean":
        return "boolean"
    if kind == "null":
        return "null"
    if kind == "array":
        if "prefixItems" in schema:
            return "[" + ", ".join(js_type(s) for s in schema["prefixItems"]) + "]"
        item = js_type(schema.get("items", {}))
        return f"({item})[]" if "|" in item else f"{item}[]"
    if kind == "object":
        extra = schema.get("additionalProperties")
        if "properties" in schema:
            fields = (f"{name}: {js_type(s)}" for name, s in schema["properties"].items())
            return "{" + ", ".join(fields) + "}"
        if isinstance(extra, dict):
            return f"Record<string, {js_type(extra)}>"
        if "patternProperties" in schema:  # a dict whose keys are ids: the pattern checks them
            values = " | ".join(dict.fromkeys(map(js_type, schema["patternProperties"].values())))
            return f"Record<string, {values}>"
        return "Record<string, unknown>"
    return "unknown"


def typedef(name: str, schema: Mapping[str, Any], all_required: bool) -> list[str]:
    """`@typedef {object} Name` with a `@property` per field. Facts the server sends carry
    every field (defaults included), so `all_required`; a command may leave out a defaulted
    one, but always names its `type`."""
    lines = ["/**"]
    if "description" in schema:
        lines += comment(schema["description"])
    if "properties" not in schema:
        lines.append(f" * @typedef {{{js_type(schema)}}} {name}")
        return [*lines, " */"]
    lines.append(f" * @typedef {{object}} {name}")
    required = set(schema.get("required", ())) | {"type"}
    for field, prop in schema["properties"].items():
        given = all_required or field in required
        label = field if given else f"[{field}]"
        lines.append(f" * @property {{{js_type(prop)}}} {label}")
    if not schema["properties"]:
        lines[-1] = f" * @typedef {{Record<string, never>}} {name}"
    return [*lines, " */"]


def bounds(
    schema: Mapping[str, Any], defs: Mapping[str, Any], path: str = ""
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(field path, its bounds) for every bounded field, nested ones as `points.*.options`."""
    if "$ref" in schema:
        schema = defs[str(schema["$ref"]).rsplit("/", 1)[1]]
    for branch in schema.get("anyOf", ()):
        if branch.get("type") != "null":
            yield from bounds(branch, defs, path)
    # minLength 0 says only that a text may be empty: no bound a form needs
    found = {k: schema[k] for k in _BOUNDS if k in schema and (k, schema[k]) != ("minLength", 0)}
    if found and path:
        yield path, found
    prefix = f"{path}." if path else ""
    for field, prop in schema.get("properties", {}).items():
        if field not in ("type", "command_id"):
            yield from bounds(prop, defs, prefix + field)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from bounds(schema[key], defs, f"{prefix}*")
    for value in schema.get("patternProperties", {}).values():
        yield from bounds(value, defs, f"{prefix}*")


def compact(value: Any, indent: str = "", start: int = 0) -> str:
    """JSON as a person would lay it out: on one line where it fits (after `start` characters
    already on the line), else one entry a line."""
    flat = _flat(value)
    fits = start + len(indent) + len(flat) <= WIDTH
    if fits or not isinstance(value, dict | list) or not value:
        return flat
    inner = indent + "  "
    if isinstance(value, list) and not any(isinstance(v, dict | list) for v in value):
        return (
            "[\n"
            + _packed([json.dumps(v, ensure_ascii=False) for v in value], inner)
            + f"\n{indent}]"
        )
    if isinstance(value, list):
        items = [inner + compact(v, inner) for v in value]
    else:
        items = [
            f"{inner}{_key(k)}: {compact(v, inner, len(_key(k)) + 3)}" for k, v in value.items()
        ]
    opening, closing = ("[", "]") if isinstance(value, list) else ("{", "}")
    return opening + "\n" + ",\n".join(items) + f"\n{indent}{closing}"


def _packed(words: list[str], indent: str) -> str:
    """Scalars several to a line, as a formatter lays out a long list of short names."""
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(indent) + len(line) + len(word) + 2 > WIDTH:
            lines.append(indent + line.rstrip())
            line = ""
        line += f"{word}, "
    lines.append(indent + line.rstrip().rstrip(","))
    return "\n".join(lines)


def _key(key: str) -> str:
    """An object key as JavaScript writes it: bare when it is a name, quoted otherwise."""
    return key if re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", key) else json.dumps(key)


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)
