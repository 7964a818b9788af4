"""Helpers shared by the integration tests: people talking to the bot through a real Synapse."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.homeserver.local_synapse import LocalSynapse
from bot.homeserver.matrix_user import MatrixUser

# The shapes of the factory fixtures in ``tests/conftest.py``, for annotating tests.
SynapseFactory = Callable[..., Awaitable[LocalSynapse]]
MatrixUserFactory = Callable[..., Awaitable[MatrixUser]]

__all__ = ["MatrixUser", "MatrixUserFactory", "SynapseFactory"]
