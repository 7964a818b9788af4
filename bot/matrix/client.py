"""The one wrapper around matrix-nio: every request the bot makes to its homeserver goes here.

Why a wrapper: sends must be idempotent (a transaction id chosen *before* the first attempt, so a
retry after a lost response never posts twice); every request follows one retry policy
(`bot.matrix.retry.RetryPolicy`; nio's own retries are switched off); a room creation whose
answer was lost is looked up before it is tried again, so it never leaves two rooms. Handlers
never see nio's response/error unions: they get a value or a `MatrixError`.

It is assembled from layers, one module each: the line to the homeserver and its retry policy
(transport.py), room requests (rooms.py), sending (sending.py) and files (media.py).
"""

from __future__ import annotations

from urllib.parse import quote

from bot.matrix.events import IncomingEvent
from bot.matrix.media import Media
from bot.matrix.retry import Backoff, MatrixError
from bot.matrix.rooms import RoomRequests
from bot.matrix.transport import new_transaction_id

__all__ = ["Backoff", "MatrixClient", "MatrixError", "new_transaction_id"]


class MatrixClient(Media, RoomRequests):
    """The bot's connection to its homeserver."""

    async def login(self, password: str) -> tuple[str, str]:
        """Log in with the password; returns (device_id, access_token) to be kept."""
        response = await self.retry_policy.run(
            "login", lambda: self.nio.login(password, self.device_name)
        )
        return response.device_id, response.access_token

    def restore(self, device_id: str, access_token: str) -> None:
        self.nio.restore_login(self.user_id, device_id, access_token)

    async def whoami(self) -> str:
        response = await self.retry_policy.run("whoami", self.nio.whoami)
        return str(response.user_id)

    async def whoami_device(self) -> str:
        """The device of the access token in use."""
        response = await self.retry_policy.run("whoami", self.nio.whoami)
        return str(response.device_id or "")

    async def close(self) -> None:
        await self.nio.close()

    async def read_event(self, room_id: str, event_id: str) -> IncomingEvent | None:
        """One event of a room, decrypted when it is encrypted (e.g. the file a command replies
        to); None when it is gone, hidden from the bot, malformed or cannot be decrypted."""
        raw = await self.fetch_event(room_id, event_id)
        event = IncomingEvent.from_raw(room_id, raw) if raw is not None else None
        if event is None or self.crypto is None:
            return event
        return await self.crypto.decrypt(event)

    async def default_room_version(self) -> str:
        status, data = await self.api("GET", "/_matrix/client/v3/capabilities")
        if status != 200:
            return "10"
        versions = data.get("capabilities", {}).get("m.room_versions", {})
        return str(versions.get("default", "10"))

    async def override_own_rate_limit(self) -> bool:
        """Lift the bot's own rate limit when it is a server admin (Synapse admin API)."""
        path = f"/_synapse/admin/v1/users/{quote(self.user_id)}/override_ratelimit"
        status, _ = await self.api("POST", path, {"messages_per_second": 0, "burst_count": 0})
        return status == 200
