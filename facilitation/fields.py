"""Bounded field types shared by commands and events, so wire and log share one schema."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class Frozen(BaseModel):
    """Base for every message: immutable, and unknown fields are an error, not ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def text_bounds(max_length: int, min_length: int = 1) -> StringConstraints:
    """Stripped, with bounds: the bounds are the message-size limit field by field."""
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)


Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.\-]{1,64}$")]
CommandId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_\-]{8,64}$")]
Title = Annotated[str, text_bounds(200)]
Name = Annotated[str, text_bounds(120)]
Organisation = Annotated[str, text_bounds(200, min_length=0)]
Label = Annotated[str, text_bounds(80)]
Region = Annotated[str, text_bounds(80)]
Question = Annotated[str, text_bounds(500)]
OptionLabel = Annotated[str, text_bounds(300)]
Note = Annotated[str, text_bounds(2000, min_length=0)]
DraftText = Annotated[str, text_bounds(100_000)]
TimeZone = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_+\-/]{1,64}$")]
"""An IANA time zone name such as `Africa/Nairobi`; pages format local times with it."""
Millis = Annotated[int, Field(ge=0)]
Count = Annotated[int, Field(ge=0, le=100_000)]
