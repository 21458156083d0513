"""What a browser may send the host, checked: one frozen typed record per kind of message.

Every message from a team, host or board page is read here before the room looks at it: a
message that is not JSON, is larger than :data:`MAX_MESSAGE_BYTES`, nests too deep, has an
unknown key, a wrong type, a number that is not finite, or an id that is not an id is refused
with one sentence, and the game never sees it. Knowing *which* ids exist (interventions,
teams, events) and what a team may afford is the room's check (:mod:`game.host_room`), which
holds the game. No message names a file: there is no field that could.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, TypeAdapter, ValidationError

from model.schema import Id

__all__ = [
    "MAX_MESSAGE_BYTES",
    "Answer",
    "Clear",
    "Hello",
    "HostAction",
    "Message",
    "Offer",
    "Ready",
    "Refused",
    "SetPounds",
    "parse",
]

MAX_MESSAGE_BYTES = 2048
"""Largest message read: the biggest real one (an offer) is under 300 bytes."""

MAX_POUNDS = 1e9
"""Most pounds any one value may carry (every budget here is in the millions at most)."""

Code = Annotated[str, Strict(), Field(pattern=r"^[A-Z0-9]{4,12}$")]
"""A room or host code: capitals and digits (what :func:`game.host_room.new_code` makes)."""
Token = Annotated[str, Strict(), Field(pattern=r"^[A-Za-z0-9_-]{16,64}$")]
"""A device's token, given when it joins a team."""
Pounds = Annotated[float, Field(ge=0, le=MAX_POUNDS, allow_inf_nan=False)]
Seq = Annotated[int, Strict(), Field(ge=0, le=2**53)]


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Hello(_Message):
    """The first message on a connection: which page this is, with its room code (and the
    team page's token, or the host page's host code)."""

    type: Literal["hello"]
    role: Literal["team", "host", "board"]
    room: Code
    token: Token | None = None
    host: Code | None = None


class _TeamMessage(_Message):
    """A team page's change: it names the team and carries the device's token, and the room
    checks that the token belongs to that team (and to this connection's team)."""

    token: Token
    team: Id
    seq: Seq = 0


class SetPounds(_TeamMessage):
    type: Literal["set"]
    intervention: Id
    pounds: Pounds


class Clear(_TeamMessage):
    type: Literal["clear"]


class Ready(_TeamMessage):
    type: Literal["ready"]
    ready: bool


class Offer(_TeamMessage):
    """Ask another team to put ``pounds`` a year into an intervention alongside us."""

    type: Literal["offer"]
    to: Id
    intervention: Id
    pounds: Pounds


class Answer(_TeamMessage):
    """Accept or decline an offer made to this team."""

    type: Literal["answer"]
    offer: Annotated[int, Strict(), Field(ge=1, le=1_000_000)]
    accept: bool


HostVerb = Literal[
    "timer_start",
    "timer_extend",
    "timer_stop",
    "pause",
    "resume",
    "simulate",
    "undo_round",
    "board",
    "inject",
    "veto",
    "export",
]


class HostAction(_Message):
    """A facilitator's action: every one carries the host code."""

    type: Literal["host"]
    host: Code
    action: HostVerb
    minutes: Annotated[int, Strict(), Field(ge=1, le=60)] | None = None
    view: Literal["briefing", "dashboard", "network", "debrief"] | None = None
    event: Id | None = None
    seq: Seq = 0


Message = Annotated[
    Hello | SetPounds | Clear | Ready | Offer | Answer | HostAction, Field(discriminator="type")
]
_ADAPTER: TypeAdapter[Message] = TypeAdapter(Message)


class Refused(Exception):  # noqa: N818  (a refusal, not an error of ours)
    """A message refused, with the one sentence the page shows."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _depth(value: Any, level: int = 0) -> int:
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def parse(raw: str | bytes) -> Message:
    """One message read and checked, or :class:`Refused` saying what is wrong with it.

    >>> parse('{"type": "hello", "role": "board", "room": "AB12CD"}').role
    'board'
    >>> parse('{"type": "set"}')
    Traceback (most recent call last):
    ...
    game.host_messages.Refused: malformed message: token: Field required
    """
    size = len(raw.encode("utf-8") if isinstance(raw, str) else raw)
    if size > MAX_MESSAGE_BYTES:
        raise Refused(f"message too large ({size} bytes; at most {MAX_MESSAGE_BYTES})")
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Refused(f"not a JSON message ({str(exc)[:80]})") from None
    if not isinstance(data, dict):
        raise Refused("a message must be a JSON object")
    if _depth(data) > 2:
        raise Refused("message nested too deep")
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"] if p not in data.get("type", ())) or "-"
        if first["type"] == "union_tag_invalid" or first["type"] == "union_tag_not_found":
            raise Refused("malformed message: unknown or missing 'type'") from None
        raise Refused(f"malformed message: {where}: {first['msg']}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")
