"""Fixtures shared by the whole test suite.

Sections:
- import path: makes ``tests.support`` importable however pytest is launched;
- homeserver: one real Synapse for the whole run, plus private ones on demand;
- people: registered Matrix users with their own sync loops;
- the bot: Tisserand itself, started against the test homeserver;
- databases: the storage fixtures, on SQLite and (when configured) PostgreSQL.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

# -- import path ----------------------------------------------------------------------------

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
if str(REPOSITORY_ROOT) not in sys.path:
    sys.path.insert(0, str(REPOSITORY_ROOT))

from bot.homeserver.local_synapse import LocalSynapse  # noqa: E402
from tests.support import MatrixUser, MatrixUserFactory, SynapseFactory  # noqa: E402
from tests.support.bot import BotHarness, small_layout  # noqa: E402

pytest_plugins = ["tests.support.databases"]

# -- homeserver -----------------------------------------------------------------------------

# Cheap password hashes: every test registers and logs in several people.
TEST_BCRYPT_ROUNDS = 4


def _require_synapse() -> None:
    """Integration tests need the ``test`` extra; without it they are skipped, not failed."""
    pytest.importorskip("synapse", reason="matrix-synapse is not installed")


@pytest_asyncio.fixture(scope="session")
async def synapse(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LocalSynapse]:
    """One Synapse for the whole run (raised rate limits). Tests must use unique localparts."""
    _require_synapse()
    homeserver = LocalSynapse(tmp_path_factory.mktemp("synapse"), bcrypt_rounds=TEST_BCRYPT_ROUNDS)
    await homeserver.start()
    try:
        yield homeserver
    finally:
        await homeserver.stop()


@pytest_asyncio.fixture
async def synapse_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[SynapseFactory]:
    """Private homeservers, for tests that stop, restart or rate-limit them.

    ``await synapse_factory(default_rate_limits=True)`` returns a started ``LocalSynapse``;
    keyword arguments go to its constructor. All of them are stopped after the test.
    """
    _require_synapse()
    started: list[LocalSynapse] = []

    async def make(**options: Any) -> LocalSynapse:
        options.setdefault("bcrypt_rounds", TEST_BCRYPT_ROUNDS)
        homeserver = LocalSynapse(tmp_path_factory.mktemp("private-synapse"), **options)
        started.append(homeserver)
        await homeserver.start()
        return homeserver

    try:
        yield make
    finally:
        for homeserver in started:
            await homeserver.stop()


# -- people ---------------------------------------------------------------------------------

_user_numbers = itertools.count(1)


@pytest_asyncio.fixture
async def matrix_user(synapse: LocalSynapse) -> AsyncIterator[MatrixUserFactory]:
    """Registered, logged-in, syncing users on the shared homeserver, closed after the test.

    ``alice = await matrix_user("alice")`` gives a user whose localpart starts with ``alice``
    and is unique in the run, so tests sharing the homeserver never see each other's rooms.
    Keyword arguments (``admin``, ``displayname``, ``homeserver``…) go to ``MatrixUser.create``;
    ``homeserver=`` selects a private Synapse instead of the shared one.
    """
    users: list[MatrixUser] = []

    async def make(
        prefix: str, *, homeserver: LocalSynapse | None = None, **options: Any
    ) -> MatrixUser:
        localpart = f"{prefix}{next(_user_numbers)}"
        user = await MatrixUser.create(homeserver or synapse, localpart, **options)
        users.append(user)
        return user

    try:
        yield make
    finally:
        for user in users:
            await user.close()


# -- the bot --------------------------------------------------------------------------------

_layout_numbers = itertools.count(1)


@pytest_asyncio.fixture
async def bot_factory(
    synapse: LocalSynapse, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Any]:
    """``harness = await bot_factory(layout=None, start=True, **settings)``: a running bot.

    Each bot has its own data directory, database and room aliases, so tests sharing the
    homeserver never meet. Stopped after the test.
    """
    harnesses: list[BotHarness] = []

    async def make(
        *,
        layout: Any = None,
        start: bool = True,
        homeserver: LocalSynapse | None = None,
        **overrides: Any,
    ) -> BotHarness:
        layout = layout or small_layout(f"t{next(_layout_numbers)}-")
        harness = BotHarness(
            homeserver or synapse, tmp_path_factory.mktemp("bot"), layout, **overrides
        )
        harnesses.append(harness)
        if start:
            await harness.start()
        return harness

    try:
        yield make
    finally:
        for harness in harnesses:
            await harness.stop()
