"""Reading one ``/sync`` response: the filter it is asked with, and what the loop takes from it.

The response is raw JSON (bot/matrix/transport.py): every part is checked for its shape here,
and a malformed part is left out rather than failing the batch. The loop that requests, records
and retries lives in bot/matrix/sync.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.matrix.events import HANDLED_TYPES, IncomingEvent, as_dict, as_list
from bot.matrix.rooms import RoomRequests
from storage.repositories.journal import JournalRepository

log = logging.getLogger("bot.matrix.sync")

MAX_BACKFILL_PAGES = 20
ENCRYPTION = "m.room.encryption"


def sync_filter(timeline_limit: int) -> dict[str, Any]:
    return {
        "presence": {"not_types": ["*"]},
        "account_data": {"not_types": ["*"]},
        "room": {
            # Rooms the bot left or was removed from, so that a DM it lost is forgotten.
            "include_leave": True,
            # m.room.encryption tells the crypto step a room is now encrypted (never dispatched).
            "timeline": {
                "limit": timeline_limit,
                "types": [*HANDLED_TYPES, "m.room.member", ENCRYPTION],
            },
            "state": {"lazy_load_members": True, "types": ["m.room.create", ENCRYPTION]},
            "ephemeral": {"not_types": ["*"]},
            "account_data": {"not_types": ["*"]},
        },
    }


def timeline_events(
    response: dict[str, Any], own_id: str, saw_in_thread: Callable[[str, str], None]
) -> list[IncomingEvent]:
    """The events to handle (others' messages, reactions…); thread posts are told to
    ``saw_in_thread``, the bot's own included."""
    out: list[IncomingEvent] = []
    for room_id, room in section(response, "join").items():
        for raw in as_list(as_dict(room.get("timeline")).get("events")):
            parsed = IncomingEvent.from_raw(room_id, raw)
            if parsed is None:
                continue
            if parsed.thread_root is not None:
                saw_in_thread(parsed.thread_root, parsed.event_id)
            if parsed.type in HANDLED_TYPES and parsed.sender != own_id:
                out.append(parsed)
    return out


def departures(response: dict[str, Any], own_id: str) -> list[tuple[str, str]]:
    """(room, user) for everyone who left a room the bot is in (or was removed), and for the
    bot itself in the rooms it was removed from."""
    out = [(room_id, own_id) for room_id in section(response, "leave")]
    for room_id, room in section(response, "join").items():
        for raw in as_list(as_dict(room.get("timeline")).get("events")):
            if not isinstance(raw, dict) or raw.get("type") != "m.room.member":
                continue
            user_id = raw.get("state_key")
            membership = as_dict(raw.get("content")).get("membership")
            if membership in ("leave", "ban") and isinstance(user_id, str) and user_id != own_id:
                out.append((room_id, user_id))
    return out


def invites(response: dict[str, Any], own_id: str) -> dict[str, tuple[str, bool]]:
    """room id → (inviter, is the invite to a direct chat) for the rooms the bot is invited to."""
    out: dict[str, tuple[str, bool]] = {}
    for room_id, room in section(response, "invite").items():
        inviter, is_direct = None, False
        for event in as_list(as_dict(room.get("invite_state")).get("events")):
            if (
                isinstance(event, dict)
                and event.get("type") == "m.room.member"
                and event.get("state_key") == own_id
                and isinstance(event.get("sender"), str)
            ):
                inviter = event["sender"]
                is_direct = as_dict(event.get("content")).get("is_direct") is True
        if inviter is not None:
            out[room_id] = (inviter, is_direct)
    return out


async def backfill(
    response: dict[str, Any], client: RoomRequests, journal: JournalRepository
) -> list[IncomingEvent]:
    """Fetch what a ``limited`` timeline left out, back to the first event already known."""
    out: list[IncomingEvent] = []
    for room_id, room in section(response, "join").items():
        timeline = as_dict(room.get("timeline"))
        prev_batch = timeline.get("prev_batch")
        if timeline.get("limited") is True and isinstance(prev_batch, str):
            found = await _backfill_room(room_id, prev_batch, client, journal)
            # A new DM's first sync is "limited" with nothing missed: said only when it was not.
            if found:
                log.info("back-filled %d events in %s", len(found), room_id)
            out.extend(found)
    out.sort(key=lambda e: e.origin_server_ts)
    return out


async def _backfill_room(
    room_id: str, start: str | None, client: RoomRequests, journal: JournalRepository
) -> list[IncomingEvent]:
    found: list[IncomingEvent] = []
    for _ in range(MAX_BACKFILL_PAGES):
        if start is None:
            break
        page = await client.room_messages(room_id, start, limit=100)
        parsed = [
            e
            for e in (IncomingEvent.from_raw(room_id, ev.source) for ev in page.chunk)
            if e is not None and e.type in HANDLED_TYPES
        ]
        known = await journal.known([e.event_id for e in parsed])
        found.extend(e for e in parsed if e.event_id not in known and e.sender != client.user_id)
        if known or not page.chunk or page.end in (None, start):
            break
        start = page.end
    return found


def section(response: dict[str, Any], membership: str) -> dict[str, dict[str, Any]]:
    """``rooms.join``, ``rooms.invite`` or ``rooms.leave``, malformed parts left out."""
    rooms = as_dict(as_dict(response.get("rooms")).get(membership))
    return {room_id: room for room_id, room in rooms.items() if isinstance(room, dict)}
