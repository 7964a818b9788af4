"""Anonymised help requests, from the preview to the FAQ (SPEC §3).

- ``service``: `HelpRequests`, one method per workflow (send, answer, follow up, relaunch,
  escalate, resolve, abandon), each one transaction, messages after the commit;
- ``previews``: the situation anonymised and shown, kept while it waits for ``envoyer``;
- ``publishing``: posting in rooms and threads, each room's outcome kept on its own;
- ``routing``: which rooms a request reaches at each level;
- ``common``: timer kinds, quoting, transaction ids, `Publication`.
"""

from bot.services.help_requests.common import (
    COMPOSE,
    ESCALATE,
    MAX_LEVEL,
    PREVIEW,
    RELEASE,
    Publication,
    describe_when,
    post_txn,
    quote,
    room_names,
)
from bot.services.help_requests.previews import Draft, Previews
from bot.services.help_requests.service import HelpRequests, Relayed, Resolution, Sent, Widened

__all__ = [
    "COMPOSE",
    "ESCALATE",
    "MAX_LEVEL",
    "PREVIEW",
    "RELEASE",
    "Draft",
    "HelpRequests",
    "Previews",
    "Publication",
    "Relayed",
    "Resolution",
    "Sent",
    "Widened",
    "describe_when",
    "post_txn",
    "quote",
    "room_names",
]
