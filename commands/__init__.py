"""Command families, one module each; every command is declared with `registry.command`."""
