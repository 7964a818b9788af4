"""The bot's health as the operator reads it in the log: one line when it becomes degraded,
one when it has recovered, instead of a traceback per retry.

Each part of the sync loop that can fail (the sync request and its journal write, the writing
of handled events' outcomes) reports its successes and failures here; the bot is degraded while
any part is failing.
"""

from __future__ import annotations

import logging
import time

from storage.database import describe_error

log = logging.getLogger(__name__)


class Health:
    def __init__(self) -> None:
        self._failing: dict[str, str] = {}
        self._since: float | None = None
        self.failures = 0

    @property
    def degraded(self) -> bool:
        return bool(self._failing)

    def failed(self, part: str, error: BaseException) -> None:
        """Note a failure of ``part``; logged at once when it is the first of an episode."""
        reason = describe_error(error)
        self.failures += 1
        if self._since is None:
            self._since = time.monotonic()
            log.warning("health: degraded (%s failing: %s); retrying", part, reason)
        elif part not in self._failing:
            log.warning("health: still degraded (%s failing too: %s)", part, reason)
        self._failing[part] = reason

    def ok(self, part: str) -> None:
        if self._failing.pop(part, None) is None or self._failing or self._since is None:
            return
        log.warning(
            "health: recovered after %.1fs (%d failed attempts)",
            time.monotonic() - self._since,
            self.failures,
        )
        self._since, self.failures = None, 0
