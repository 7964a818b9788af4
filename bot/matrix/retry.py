"""Retrying requests to the homeserver: one policy for every request, and the error it ends with.

nio's own retry loops are switched off (bot/matrix/client.py) so that this is the only one."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import nio

log = logging.getLogger("bot.matrix.client")


class MatrixError(RuntimeError):
    """A request the homeserver refused for good (forbidden, not found, bad request…)."""

    def __init__(self, action: str, errcode: str | None, message: str) -> None:
        self.action = action
        self.errcode = errcode
        super().__init__(f"{action}: {errcode or 'error'} {message}")


@dataclass(frozen=True)
class Backoff:
    """Capped exponential backoff with full jitter."""

    initial: float = 0.5
    maximum: float = 30.0
    factor: float = 2.0

    def delay(self, attempt: int) -> float:
        ceiling = min(self.maximum, self.initial * self.factor**attempt)
        return random.uniform(ceiling / 2, ceiling)


@dataclass(frozen=True)
class Failure:
    """One failed attempt: HTTP status (0 when no answer came), Matrix error code, message."""

    status: int
    errcode: str | None
    message: str
    retry_after_ms: float | None = None

    @property
    def rate_limited(self) -> bool:
        return self.status == 429 or self.errcode == "M_LIMIT_EXCEEDED"

    @property
    def transient(self) -> bool:
        """The homeserver is unreachable, overloaded or restarting: the request may or may not
        have been carried out."""
        return self.status == 0 or self.status >= 500


def _nio_failure(response: nio.ErrorResponse) -> Failure:
    transport = getattr(response, "transport_response", None)
    status = getattr(transport, "status", None)
    retry_after = getattr(response, "retry_after_ms", None)
    return Failure(
        status if isinstance(status, int) else 0,
        response.status_code,
        str(response.message),
        retry_after if isinstance(retry_after, int | float) else None,
    )


class RetryPolicy:
    """The one retry policy of every request to the homeserver.

    A 429 is waited out for as long as the server asks, as often as it asks (nothing is
    dropped); an unreachable homeserver, a timeout or a 5xx is retried with capped, jittered
    exponential backoff for up to ``patience`` seconds; anything else fails at once.
    """

    def __init__(self, backoff: Backoff, patience: float) -> None:
        self.backoff = backoff
        self.patience = patience

    async def run(
        self,
        action: str,
        call: Callable[[], Awaitable[Any]],
        *,
        missing_ok: bool = False,
        before_retry: Callable[[], Awaitable[Any]] | None = None,
    ) -> Any:
        """Run ``call`` (which returns a value, a nio ``ErrorResponse`` or a `Failure`) until it
        succeeds or fails for good. ``before_retry``, when given, runs after the backoff of a
        transient failure, and its answer, unless ``None``, ends the retries (a room creation
        looks up the room its lost answer may have created)."""
        failures = 0
        give_up = time.monotonic() + self.patience
        while True:
            try:
                response = await call()
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                response = Failure(0, type(exc).__name__, str(exc))
            if isinstance(response, nio.ErrorResponse):
                response = _nio_failure(response)
            if not isinstance(response, Failure):
                return response
            if missing_ok and response.errcode == "M_NOT_FOUND":
                return None
            if response.rate_limited:
                wait = (response.retry_after_ms or 1000) / 1000
                log.info("%s ratelimited: waiting %.1fs", action, wait)
                await asyncio.sleep(wait)
                continue
            if not response.transient or time.monotonic() >= give_up:
                raise MatrixError(action, response.errcode, response.message)
            delay = self.backoff.delay(failures)
            failures += 1
            log.warning(
                "%s failed (%s), retrying in %.1fs",
                action,
                response.status or response.errcode,
                delay,
            )
            await asyncio.sleep(delay)
            if before_retry is not None and (found := await before_retry()) is not None:
                return found
