"""``!web``: personal one-time links to the web site, and closing its sessions.

A link's token is made inside the command's unit of work and never stored as such (only its
hash), nor put in the unit's stored result: a replayed ``!web`` (after a crash) writes no
second link and its reply, sent with the same transaction id, is deduplicated by the
homeserver when the first one went out; otherwise it tells the member to ask again.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.repositories.web import WebAccessRepository
from storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class IssuedLink:
    url: str | None  # None when the event was replayed: the link was issued the first time


class NotMember(Exception):
    """The person is not (or no longer) a member: no link for them."""


class WebAccess:
    def __init__(self, work: UnitOfWork, access: WebAccessRepository, base_url: str | None):
        self.work = work
        self.access = access
        self.base_url = base_url.rstrip("/") if base_url else None

    @property
    def enabled(self) -> bool:
        return self.base_url is not None

    async def issue_link(self, event_id: str, user_id: str) -> IssuedLink:
        if not await self.access.is_member(user_id):
            raise NotMember(user_id)
        async with self.work.begin(event_id, "web.link") as unit:
            if unit.replayed:
                return IssuedLink(None)
            token = await self.access.create_link(user_id, session=unit.session)
            unit.result = {"issued": True}
        return IssuedLink(f"{self.base_url}/connexion/{token}")

    async def sign_out(self, event_id: str, user_id: str) -> int:
        async with self.work.begin(event_id, "web.sign_out") as unit:
            if unit.replayed:
                return int(unit.result.get("ended", 0))
            ended = await self.access.revoke_all(user_id, session=unit.session)
            unit.result = {"ended": ended}
        return ended
