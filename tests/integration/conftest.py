"""Fixtures of the encryption tests (``test_e2e*.py``): a Synapse that encrypts every new room,
and people whose clients encrypt.

The homeserver is started once per test process, whichever e2e file asks first, and serves
every e2e file that process runs (``--dist loadfile`` sends whole files to a worker): starting a
Synapse costs more than most of the tests it serves. Tests keep apart by unique localparts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from bot.homeserver.local_synapse import LocalSynapse
from tests.support import MatrixUser
from tests.support.e2e import FORCED, numbers


@pytest_asyncio.fixture(scope="session")
async def forced(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LocalSynapse]:
    pytest.importorskip("synapse", reason="matrix-synapse is not installed")
    homeserver = LocalSynapse(
        tmp_path_factory.mktemp("forced-synapse"), bcrypt_rounds=4, extra_config=FORCED
    )
    await homeserver.start()
    try:
        yield homeserver
    finally:
        await homeserver.stop()


@pytest_asyncio.fixture
async def people(
    forced: LocalSynapse, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Any]:
    """``await people("alice")``: a user of the forced homeserver whose client encrypts
    (``await people("bob", synapse)`` for one on another homeserver)."""
    made: list[MatrixUser] = []

    async def make(prefix: str, homeserver: LocalSynapse | None = None) -> MatrixUser:
        localpart = f"{prefix}{next(numbers)}"
        store = tmp_path_factory.mktemp(f"keys-{localpart}")
        user = await MatrixUser.create(homeserver or forced, localpart, key_store=store)
        made.append(user)
        return user

    try:
        yield make
    finally:
        for user in made:
            await user.close()
