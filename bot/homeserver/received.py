"""What a person on the homeserver received: one event, as tests and benchmarks look at it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    """One event as the user received it, with shortcuts for what tests look at."""

    room_id: str
    type: str
    sender: str
    content: dict[str, Any]
    event_id: str = ""
    state_key: str | None = None
    # True for the stripped state that comes with an invite (no event id, partial content).
    stripped: bool = False
    source: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_source(cls, room_id: str, source: dict[str, Any], *, stripped: bool = False) -> Event:
        return cls(
            room_id=room_id,
            type=str(source.get("type", "")),
            sender=str(source.get("sender", "")),
            content=dict(source.get("content") or {}),
            event_id=str(source.get("event_id", "")),
            state_key=source.get("state_key"),
            stripped=stripped,
            source=source,
        )

    @property
    def is_message(self) -> bool:
        return self.type == "m.room.message"

    @property
    def body(self) -> str:
        return str(self.content.get("body", ""))

    @property
    def formatted_body(self) -> str | None:
        value = self.content.get("formatted_body")
        return None if value is None else str(value)

    @property
    def msgtype(self) -> str | None:
        value = self.content.get("msgtype")
        return None if value is None else str(value)

    @property
    def relates_to(self) -> dict[str, Any]:
        return dict(self.content.get("m.relates_to") or {})

    @property
    def in_reply_to(self) -> str | None:
        """The event this one replies to (rich reply, also set on threaded answers)."""
        reply = self.relates_to.get("m.in_reply_to") or {}
        value = reply.get("event_id")
        return None if value is None else str(value)

    @property
    def thread_root(self) -> str | None:
        relation = self.relates_to
        if relation.get("rel_type") == "m.thread":
            return str(relation.get("event_id"))
        return None

    @property
    def reaction_key(self) -> str | None:
        """For an ``m.reaction``: the emoji (or text) of the annotation."""
        return self._text_of("m.reaction", "key", in_relation=True)

    @property
    def reacts_to(self) -> str | None:
        return self._text_of("m.reaction", "event_id", in_relation=True)

    @property
    def membership(self) -> str | None:
        return self._text_of("m.room.member", "membership")

    def _text_of(self, event_type: str, key: str, *, in_relation: bool = False) -> str | None:
        """``key`` of the content (or of its ``m.relates_to``) as text, for ``event_type`` only."""
        if self.type != event_type:
            return None
        value = (self.relates_to if in_relation else self.content).get(key)
        return None if value is None else str(value)

    def describe(self) -> str:
        """One line for assertion messages."""
        where = f"{self.room_id} {self.event_id or '(stripped)'}"
        if self.is_message:
            extra = f" in_reply_to={self.in_reply_to}" if self.in_reply_to else ""
            extra += f" thread={self.thread_root}" if self.thread_root else ""
            return f"[{where}] {self.sender}: {self.body!r}{extra}"
        if self.type == "m.reaction":
            return f"[{where}] {self.sender} reacted {self.reaction_key!r} to {self.reacts_to}"
        if self.type == "m.room.member":
            return f"[{where}] {self.state_key} membership={self.membership} (by {self.sender})"
        return f"[{where}] {self.sender} {self.type}"


Predicate = Callable[[Event], bool]


def source_of(parsed: Any) -> dict[str, Any]:
    """The raw event behind a nio event object.

    nio removes ``content`` from the raw dict of invite membership events while parsing them,
    so it is put back from the parsed attribute.
    """
    source = dict(getattr(parsed, "source", None) or {})
    if "content" not in source and isinstance(getattr(parsed, "content", None), dict):
        source["content"] = parsed.content
    return source
