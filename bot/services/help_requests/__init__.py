"""Anonymised help requests, from the preview to the FAQ (SPEC §3).

- ``service``: `HelpRequests`, one method per workflow (send, answer, follow up, relaunch,
  escalate, abandon), each one transaction, messages after the commit;
- ``previews``: the situation anonymised and shown, kept while it waits for ``envoyer``, and
  the requester's masking of the words still to check (in a preview or a FAQ draft);
- ``resolving``: ``resolu`` drafts the FAQ entry, ``publier`` closes and archives;
- ``publishing``: posting in rooms and threads, each room's outcome kept on its own;
- ``routing``: which rooms a request reaches at each level;
- ``common``: timer kinds, quoting, transaction ids, `Publication`.
"""

from bot.services.help_requests.common import (
    CHECKED_FIELDS,
    COMPOSE,
    ESCALATE,
    FAQ_DRAFT,
    MAX_LEVEL,
    PREVIEW,
    RELEASE,
    Publication,
    describe_when,
    post_txn,
    quote,
    room_names,
)
from bot.services.help_requests.previews import Draft, Previews, checked_text
from bot.services.help_requests.resolving import Resolution, Resolutions, Review
from bot.services.help_requests.service import HelpRequests, Relayed, Sent, Widened

__all__ = [
    "CHECKED_FIELDS",
    "COMPOSE",
    "ESCALATE",
    "FAQ_DRAFT",
    "MAX_LEVEL",
    "PREVIEW",
    "RELEASE",
    "Draft",
    "HelpRequests",
    "Previews",
    "Publication",
    "Relayed",
    "Resolution",
    "Resolutions",
    "Review",
    "Sent",
    "Widened",
    "checked_text",
    "describe_when",
    "post_txn",
    "quote",
    "room_names",
]
