"""Acks: the one place where a failure becomes `{ok: false, code, message, field}`."""

from typing import Any

from pydantic import ValidationError

from facilitation.errors import DomainError

_UNKNOWN_TYPE = {"union_tag_invalid", "union_tag_not_found", "model_attributes_type", "dict_type"}


def ok(**fields: Any) -> dict[str, Any]:
    return {"ok": True, **fields}


def refused(code: str, message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "code": code, "message": message, "field": field, **extra}


def from_error(error: Exception) -> dict[str, Any]:
    if isinstance(error, DomainError):
        return refused(error.code, error.message, error.field)
    if isinstance(error, ValidationError):
        return _from_validation(error)
    raise error


def _from_validation(error: ValidationError) -> dict[str, Any]:
    problems = error.errors(include_url=False, include_input=False)
    first = problems[0]
    location = [str(part) for part in first["loc"]]
    if first["type"] in _UNKNOWN_TYPE and len(location) <= 1:
        return refused("unknown_command", "This is not a command the server knows.", "type")
    # The union's discriminator leads every location: drop it so `field` names the form field.
    field = ".".join(location[1:] if len(location) > 1 else location)
    details = [
        {"field": ".".join(str(p) for p in e["loc"][1:]), "message": e["msg"]} for e in problems
    ]
    return refused(
        "invalid", f"{field or 'message'}: {first['msg']}", field or None, details=details
    )
