"""The error hierarchy of command handling: every failure a user can cause is a `CommandError`.

Each error carries a catalogue key and its parameters; the dispatcher's one error funnel turns it
into a French (or English) message. Anything that is not a `CommandError` is a bug: it is logged
with a reference and the user gets a short apology.
"""

from __future__ import annotations

from typing import Any


class CommandError(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class UserInputError(CommandError):
    """The command was understood but its arguments were not."""


class MissingArgument(UserInputError):
    pass


class BadArgument(UserInputError):
    pass


class CheckFailure(CommandError):
    """The user may not run this command here."""


class CommandNotFound(CommandError):
    pass
