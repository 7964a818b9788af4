"""Taking a help request's raw text off the homeserver once the bot has anonymised it.

The raw message a requester types (``!aide``, ``!modifier``, the guided situation, a
``!repondre`` follow-up) may name the person they support. The bot keeps only the anonymised
text; the original is redacted where it was typed, the DM included, so that it is no longer
served to anyone (and the homeserver erases its content after ``redaction_retention_period``).
"""

from __future__ import annotations

import logging

from bot.matrix.client import MatrixClient, MatrixError

log = logging.getLogger(__name__)


class RawMessages:
    def __init__(self, client: MatrixClient) -> None:
        self.client = client

    async def redact(self, room_id: str, event_id: str, *, reason: str, txn_id: str) -> bool:
        """Redact a requester's raw message; False when the bot lacks the power to.

        The transaction id is derived from the triggering event, so that a replay after a crash
        redacts once.
        """
        try:
            await self.client.redact(room_id, event_id, reason, txn_id=txn_id)
        except MatrixError as exc:
            if exc.errcode != "M_FORBIDDEN":
                raise
            log.info("no power to redact %s in %s", event_id, room_id)
            return False
        return True
