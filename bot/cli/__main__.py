"""``python -m bot.cli`` runs the ``tisserand`` command line."""

from __future__ import annotations

import sys

from bot.cli.main import main

sys.exit(main())
