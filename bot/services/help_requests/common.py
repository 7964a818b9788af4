"""What every help-request workflow shares: timer kinds, quoting, transaction ids, outcomes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.framework.catalogue import Raw
from bot.framework.context import event_txn_prefix
from bot.matrix.formatting import escape_markdown
from bot.text.when import format_french
from storage.models import HelpRequest, ProvisionedRoom, RequestPost

ESCALATE = "aide.escalate"
RELEASE = "aide.release"
MAX_LEVEL = 3
PREVIEW = "aide_preview"
COMPOSE = "aide_compose"
FAQ_DRAFT = "aide_faq_draft"
# The texts of a conversation the requester checks before anything leaves the DM.
CHECKED_FIELDS: dict[str, tuple[str, ...]] = {PREVIEW: ("text",), FAQ_DRAFT: ("question", "answer")}


def quote(text: str) -> Raw:
    """A block quote of user text, escaped: it can carry no markup."""
    return Raw(
        "\n".join(f"> {escape_markdown(line)}" if line else ">" for line in text.split("\n"))
    )


def post_txn(request_id: int, room_id: str) -> str:
    """A request's post in a room: one transaction id, whoever sends it and however often."""
    digest = hashlib.sha256(f"{request_id}|{room_id}".encode()).hexdigest()[:32]
    return f"tis-post-{digest}"


def effect_txn(trigger: str, purpose: str, room_id: str = "") -> str:
    """A message a workflow sends after its commit, derived from the triggering event (or
    timer): a replay sends it with the same id and the homeserver keeps the first. A namespace
    apart from the handler's replies (``CommandContext.next_txn``)."""
    digest = hashlib.sha256(f"{purpose}|{room_id}".encode()).hexdigest()[:12]
    return f"{event_txn_prefix(trigger)}-aide-{digest}"


def describe_when(moment: datetime, tz: str) -> str:
    return format_french(moment.astimezone(ZoneInfo(tz)))


def room_names(rooms: list[ProvisionedRoom]) -> str:
    return ", ".join(room.name for room in rooms) or "—"


@dataclass(frozen=True)
class Publication:
    """Where a request (or one level of it) stands: rooms reached, rooms that refused it (the
    bot may not post there), rooms not reached yet for another reason, and when it waits."""

    posted: list[ProvisionedRoom]
    queued_until: datetime | None
    refused: list[ProvisionedRoom]
    failed: list[ProvisionedRoom]

    @property
    def not_reached(self) -> list[ProvisionedRoom]:
        return self.refused + self.failed


NOTHING = Publication([], None, [], [])


@dataclass(frozen=True)
class Fresh:
    """A request and its posts just committed, with each room's requests of the day as that
    transaction counted them (the daily cap): publishing them reads nothing before the first
    send."""

    request: HelpRequest
    posts: list[RequestPost]
    posted_today: dict[str, int]
