"""Who may bring the bot into a room, and when it leaves one.

Without a policy anyone could pull the bot into any number of rooms, have it answer there and
take unnamed two-person rooms for direct chats. So:

- a direct-chat invite is accepted from users of the allowed homeservers (the bot's own, plus
  ``TISSERAND_ALLOWED_SERVERS``; ``*`` opens it to the whole federation), at most
  `MAX_DIRECT_INVITES` per user per `DIRECT_INVITE_WINDOW`; the room must then really be a
  two-person chat;
- any other room is joined only when a moderator or an admin invited the bot;
- a direct chat whose other member left is left too, and no longer used for replies (nor one
  the bot was removed from).

Rejections are logged with the reason and the inviter's homeserver, never with any content.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from bot.framework.permissions import Permissions
from bot.framework.roles import Role
from bot.matrix.client import MatrixClient
from bot.matrix.direct import DirectRooms

log = logging.getLogger(__name__)

MAX_DIRECT_INVITES = 3
DIRECT_INVITE_WINDOW = 3600.0
# Users whose recent direct-chat invites are remembered (the oldest are forgotten first).
MAX_TRACKED_INVITERS = 10_000


def server_of(user_id: str) -> str:
    return user_id.split(":", 1)[1] if ":" in user_id else ""


def server_allowed(user_id: str, servers: frozenset[str]) -> bool:
    """Whether ``user_id``'s homeserver is in ``servers`` (``*`` in it: every homeserver)."""
    return "*" in servers or server_of(user_id) in servers


class InvitePolicy:
    def __init__(
        self,
        client: MatrixClient,
        direct_rooms: DirectRooms,
        permissions: Permissions,
        allowed_servers: Iterable[str] = (),
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.direct_rooms = direct_rooms
        self.permissions = permissions
        self.allowed_servers = frozenset({*allowed_servers, client.server_name})
        self.clock = clock
        self._recent: OrderedDict[str, list[float]] = OrderedDict()

    async def on_invite(self, room_id: str, inviter: str, is_direct: bool) -> None:
        if (await self.permissions.grants(inviter)).highest >= Role.BASSIN_MODERATOR:
            await self.client.join(room_id)
            if is_direct:
                await self.direct_rooms.remember(inviter, room_id)
            else:
                self.direct_rooms.mark_shared(room_id)
            return
        if not is_direct:
            await self._reject(room_id, inviter, "a room other than a direct chat")
        elif not server_allowed(inviter, self.allowed_servers):
            await self._reject(room_id, inviter, "homeserver not allowed")
        elif not self._within_allowance(inviter):
            await self._reject(room_id, inviter, "too many direct-chat invites")
        else:
            await self._accept_direct(room_id, inviter)

    async def on_departure(self, room_id: str, user_id: str) -> None:
        """Leave the DM ``user_id`` left; other rooms are not concerned. When the bot itself
        was removed from a DM, that DM is only forgotten."""
        owner = await self.direct_rooms.user_of(room_id)
        if owner is not None and user_id == self.client.user_id:
            await self.direct_rooms.abandon(owner, room_id)
            log.info("removed from the direct chat %s: forgotten", room_id)
            return
        if owner != user_id:
            return
        await self.direct_rooms.abandon(user_id, room_id)
        await self.client.leave(room_id)
        log.info("left the direct chat %s: its other member left", room_id)

    async def _accept_direct(self, room_id: str, inviter: str) -> None:
        await self.client.join(room_id)
        others = set(await self.client.joined_members(room_id)) - {self.client.user_id}
        if others != {inviter}:
            await self.client.leave(room_id)
            log.info("left %s: invited as a direct chat but it has %d others", room_id, len(others))
            return
        await self.direct_rooms.remember(inviter, room_id)

    def _within_allowance(self, inviter: str) -> bool:
        now = self.clock()
        recent = [t for t in self._recent.pop(inviter, []) if now - t < DIRECT_INVITE_WINDOW]
        allowed = len(recent) < MAX_DIRECT_INVITES
        if allowed:
            recent.append(now)
        self._recent[inviter] = recent
        while len(self._recent) > MAX_TRACKED_INVITERS:
            self._recent.popitem(last=False)
        return allowed

    async def _reject(self, room_id: str, inviter: str, reason: str) -> None:
        await self.client.leave(room_id)  # leaving a room one is invited to declines the invite
        log.info("invite to %s from a user of %s declined: %s", room_id, server_of(inviter), reason)
