"""Community rooms and people's membership in them: invite, kick, ban, unban (SPEC §7).

Each change is checked against the current membership first, so running it again (a replay
after a crash) changes nothing more: these are the idempotent effects that moderation
workflows carry out after their transaction has committed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import quote

from bot.matrix.client import MatrixClient, MatrixError
from storage.models import ProvisionedRoom

log = logging.getLogger(__name__)

MembershipChange = Callable[[str], Awaitable[None]]


def community_rooms(
    rows: Iterable[ProvisionedRoom], bassin: str | None = None, *, groupe_rooms_only: bool = False
) -> list[ProvisionedRoom]:
    """Provisioned rooms not archived: all of them, or a bassin's space and rooms."""
    selected = [row for row in rows if not row.archived]
    if bassin is not None:
        selected = [row for row in selected if row.bassin == bassin]
    if groupe_rooms_only:
        selected = [row for row in selected if row.kind == "groupe"]
    return selected


async def membership(client: MatrixClient, room_id: str, user_id: str) -> str | None:
    """``join``, ``invite``, ``leave``, ``ban``… or None when the user never was there."""
    # Read directly: a missing member event is an ordinary answer here, not worth nio's warning.
    path = f"/_matrix/client/v3/rooms/{quote(room_id)}/state/m.room.member/{quote(user_id)}"
    status, content = await client.api("GET", path)
    if status == 404:
        return None
    if status != 200:
        raise MatrixError("membership", str(content.get("errcode")), str(content.get("error")))
    value = content.get("membership")
    return value if isinstance(value, str) else None


async def _each_room(
    client: MatrixClient,
    rooms: Iterable[ProvisionedRoom],
    user_id: str,
    when: Callable[[str | None], bool],
    act: MembershipChange,
) -> int:
    """Apply ``act(room_id)`` in every room where the user's membership satisfies ``when``.

    A room that refuses (the bot lost its power there, the room is gone) is logged and
    skipped: one broken room must not leave a ban half-applied to the others.
    """
    count = 0
    for row in rooms:
        try:
            if when(await membership(client, row.room_id, user_id)):
                await act(row.room_id)
                count += 1
        except MatrixError as exc:
            log.warning("membership of %s in %s not changed: %s", user_id, row.key, exc)
    return count


async def kick_from(
    client: MatrixClient, rooms: Iterable[ProvisionedRoom], user_id: str, reason: str | None
) -> int:
    """Kick (or withdraw the invite) where the user is; returns in how many rooms."""

    async def kick(room_id: str) -> None:
        await client.kick(room_id, user_id, reason)

    return await _each_room(
        client, rooms, user_id, lambda m: m in ("join", "invite", "knock"), kick
    )


async def ban_from(
    client: MatrixClient, rooms: Iterable[ProvisionedRoom], user_id: str, reason: str
) -> int:
    async def ban(room_id: str) -> None:
        await client.ban(room_id, user_id, reason)

    return await _each_room(client, rooms, user_id, lambda m: m != "ban", ban)


async def unban_from(client: MatrixClient, rooms: Iterable[ProvisionedRoom], user_id: str) -> int:
    async def unban(room_id: str) -> None:
        await client.unban(room_id, user_id)

    return await _each_room(client, rooms, user_id, lambda m: m == "ban", unban)


async def invite_to(client: MatrixClient, rooms: Iterable[ProvisionedRoom], user_id: str) -> int:
    """Invite where the user is neither joined nor invited (nor banned: a ban stays a ban)."""

    async def invite(room_id: str) -> None:
        await client.invite(room_id, user_id)

    return await _each_room(
        client, rooms, user_id, lambda m: m not in ("join", "invite", "ban"), invite
    )


async def event_sender(client: MatrixClient, room_id: str, event_id: str) -> str | None:
    """Who sent an event (for the audit log of a redaction); None when it cannot be read."""
    path = f"/_matrix/client/v3/rooms/{quote(room_id)}/event/{quote(event_id)}"
    status, data = await client.api("GET", path)
    sender = data.get("sender") if status == 200 else None
    return sender if isinstance(sender, str) else None
