"""Command families, one module each; every command is declared with `bot.registry.command`."""
