"""What focus sessions say and where: announcements in rooms, notices to participants' DMs.

Every send has a transaction id derived from what caused it (the triggering event, or the timer
and the occurrence) and the room, so a workflow replayed after a crash re-sends the same ids and
the homeserver posts nothing twice.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from typing import Any

from bot.framework.catalogue import Catalogue, Raw, catalogue
from bot.matrix.client import MatrixClient, MatrixError
from bot.matrix.direct import DirectRooms
from bot.matrix.formatting import Message, pill
from bot.services.focus.parts import FocusSettings, FocusStores
from bot.services.focus.planning import describe_when, reminders_ahead, reminders_key
from storage.models import FocusSession

log = logging.getLogger(__name__)


def notice_txn(seed: str, room_id: str) -> str:
    """One transaction id per cause and room."""
    digest = hashlib.sha256(f"{seed}|{room_id}".encode()).hexdigest()[:40]
    return f"tis-focus-{digest}"


class FocusNotices:
    def __init__(
        self,
        client: MatrixClient,
        direct_rooms: DirectRooms,
        stores: FocusStores,
        settings: FocusSettings,
    ) -> None:
        self.client = client
        self.direct_rooms = direct_rooms
        self.members = stores.members
        self.repository = stores.sessions
        self.guests = stores.guests
        self.language = settings.language
        self.prefix = settings.prefix
        self.clock = settings.clock

    def room_catalogue(self) -> Catalogue:
        return catalogue(self.language)

    async def catalogue_of(self, user_id: str) -> Catalogue:
        return catalogue(await self.members.language(user_id) or self.language)

    def params(self, session: FocusSession, lang: Catalogue) -> dict[str, Any]:
        return {
            "id": session.id,
            "theme": session.theme,
            "when": describe_when(session),
            "target": target_label(session.target, lang),
            "guests": session.guests or lang.text("focus.no_guests"),
            "author": Raw(pill(session.author_id)),
            "prefix": self.prefix,
            "reminders": self.reminders_sentence(session.starts_at, lang),
        }

    def reminders_sentence(self, start: datetime, lang: Catalogue) -> Raw:
        """Which reminders the session's next occurrence will really get."""
        which = [reminder.which for reminder in reminders_ahead(start, self.clock())]
        return Raw(lang.markdown(reminders_key(which)))

    async def announce(self, session: FocusSession, seed: str) -> None:
        """Post the announcement in every room of the session and remember each event (a 👍
        on it is an RSVP)."""
        lang = self.room_catalogue()
        message = lang.render("focus.announcement", **self.params(session, lang))
        for room_id in session.room_ids:
            event_id = await self._send(room_id, message, notice_txn(seed, room_id))
            if event_id is not None:
                await self.repository.add_announcement(session.id, room_id, event_id)

    async def notify(
        self,
        session: FocusSession,
        key: str,
        seed: str,
        extra: dict[str, Any] | None = None,
        *,
        organiser: bool = False,
    ) -> None:
        """Send ``key`` to every room of the session and to each participant's DM (and to the
        organiser's with ``organiser``, whether they said they would come or not)."""
        lang = self.room_catalogue()
        for room_id in session.room_ids:
            message = lang.render(key, **{**self.params(session, lang), **(extra or {})})
            await self._send(room_id, message, notice_txn(seed, room_id))
        people = await self.repository.participants(session.id)
        if organiser and session.author_id not in people:
            people.insert(0, session.author_id)
        if self.guests is not None:  # guests hear of their session in their DM, RSVP or not
            people += [g for g in await self.guests.guests(session.id) if g not in people]
        for user_id in people:
            lang = await self.catalogue_of(user_id)
            dm = await self.direct_rooms.ensure(user_id)
            message = lang.render(key, **{**self.params(session, lang), **(extra or {})})
            await self._send(dm, message, notice_txn(seed, dm))

    async def _send(self, room_id: str, message: Message, txn_id: str) -> str | None:
        """One room's notice; a room that refuses the bot never stops the others."""
        try:
            return await self.client.send_message(room_id, message, txn_id=txn_id)
        except MatrixError as error:
            log.warning("focus notice not posted in %s (%s)", room_id, error.errcode)
            return None


def target_label(target: str, lang: Catalogue) -> str:
    return lang.text("focus.target_all") if target == "tous" else target
