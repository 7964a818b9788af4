"""What every ``tisserand`` sub-command needs: settings and layout read with clear errors.

Imports are kept light here and in `main`: a command that needs the database, the Matrix client
or the anonymiser imports them itself, so that ``tisserand anonymise`` or ``check-config`` do
not pay for the whole bot.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

    from config.layout import Layout
    from config.settings import Settings


def settings() -> Settings:
    from pydantic import ValidationError

    from config.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        for problem in validation_problems(exc):
            print(f"configuration error: {problem}", file=sys.stderr)
        raise SystemExit(2) from None


def validation_problems(exc: ValidationError) -> list[str]:
    return [
        f"TISSERAND_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
        for err in exc.errors()
    ]


def layout(settings: Settings) -> Layout:
    from config.layout import LayoutError, load_layout

    try:
        return load_layout(settings.layout_file)
    except LayoutError as exc:
        for problem in exc.problems:
            print(f"layout error in {exc.path}: {problem}", file=sys.stderr)
        raise SystemExit(2) from None


def configure_logging(level: str) -> None:
    from bot.framework.logs import configure_logging

    configure_logging(level)
