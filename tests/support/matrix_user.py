"""The person on the homeserver the tests talk through (it lives beside the local homeserver)."""

from bot.homeserver.matrix_user import MatrixUser
from bot.homeserver.received import Event, Predicate

__all__ = ["Event", "MatrixUser", "Predicate"]
