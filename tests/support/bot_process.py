"""The bot run as a separate process (it lives beside the local homeserver it talks to)."""

from bot.homeserver.bot_process import (
    REPOSITORY_ROOT,
    BotProcess,
    register_with_token,
    small_layout_data,
    token_user,
)

__all__ = [
    "REPOSITORY_ROOT",
    "BotProcess",
    "register_with_token",
    "small_layout_data",
    "token_user",
]
