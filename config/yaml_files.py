"""Reading YAML with libyaml's C parser when PyYAML has it (ten times faster than the pure
Python one: the lexicon and the catalogues are read at every start, the CLI's included)."""

from __future__ import annotations

from typing import IO, Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: str | bytes | IO[str] | IO[bytes]) -> Any:
    """``yaml.safe_load``, with the C parser when available."""
    return yaml.load(source, Loader=_LOADER)
