"""Settings, the community layout, shipped layouts, lexicons and message catalogues."""

from __future__ import annotations

from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent
MESSAGES_DIR = CONFIG_DIR / "messages"
LEXICONS_DIR = CONFIG_DIR / "lexicons"
LAYOUTS_DIR = CONFIG_DIR / "layouts"
