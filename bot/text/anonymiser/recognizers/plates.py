"""Licence plates: French SIV (AB-123-CD) and Belgian (1-ABC-234), plus older shapes in context."""

from __future__ import annotations

import re

from bot.text.anonymiser.model import PLATE
from bot.text.anonymiser.recognizers.base import PatternRecognizer, context_pattern

PLATE_CONTEXT = context_pattern(
    [
        "plaque",
        "immat",
        "immatriculation",
        "immatriculé",
        "immatriculee",
        "immatriculée",
        "véhicule",
        "voiture",
        "auto",
        "moto",
        "scooter",
        "camionnette",
    ]
)
_L = "[A-HJ-NP-TV-Z]"
FR_PLATE = re.compile(
    rf"(?<![\w-])(?P<value>{_L}{{2}}-\d{{3}}-{_L}{{2}}|{_L}{{2}} \d{{3}} {_L}{{2}}|"
    rf"[a-hj-np-tv-z]{{2}}-\d{{3}}-[a-hj-np-tv-z]{{2}})(?![\w-])"
)
FR_PLATE_COMPACT = re.compile(rf"(?<![\w-])(?P<value>{_L}{{2}}\d{{3}}{_L}{{2}})(?![\w-])")
BE_PLATE = re.compile(
    r"(?<![\w-])(?P<value>[1-9]-[A-Z]{3}-\d{3}|[1-9] [A-Z]{3} \d{3}|[1-9]-[a-z]{3}-\d{3})(?![\w-])"
)
BE_PLATE_COMPACT = re.compile(r"(?<![\w-])(?P<value>[1-9][A-Z]{3}\d{3}|[A-Z]{3}-\d{3})(?![\w-])")
# Plates of other countries ("WX 12345", "B-AB 1234", "CJ 12 ABC"): only beside a vehicle word.
FOREIGN_PLATE = re.compile(
    r"(?<![\w-])(?P<value>[A-Z]{1,3}[ -](?:[A-Z]{1,2}[ -])?\d{2,5}(?:[ -]?[A-Z]{1,3})?)(?![\w-])"
)
# Typed in lower case with spaces ("immat fg 512 ht", "plaque 1 abc 234"): beside a vehicle word.
LOWER_PLATE = re.compile(
    r"(?<![\w-])(?P<value>[a-hj-np-tv-z]{2} \d{3} [a-hj-np-tv-z]{2}|[1-9] [a-z]{3} \d{3})(?![\w-])"
)
OLD_FR_PLATE = re.compile(r"(?<![\w-])(?P<value>\d{1,4}\s?[A-Z]{2,3}\s?(?:\d{2}|2[AB]))(?![\w-])")


def plate_recognizers() -> list[PatternRecognizer]:
    """Separated shapes are plates on their own; compact or old shapes need a context word."""
    return [
        PatternRecognizer("fr_plate", PLATE, FR_PLATE, None, PLATE_CONTEXT, score=0.85),
        PatternRecognizer("be_plate", PLATE, BE_PLATE, None, PLATE_CONTEXT, score=0.85),
        PatternRecognizer(
            "plate_compact",
            PLATE,
            FR_PLATE_COMPACT,
            None,
            PLATE_CONTEXT,
            score=0.75,
            requires_context=True,
        ),
        PatternRecognizer(
            "plate_compact_be",
            PLATE,
            BE_PLATE_COMPACT,
            None,
            PLATE_CONTEXT,
            score=0.75,
            requires_context=True,
        ),
        PatternRecognizer(
            "plate_lower",
            PLATE,
            LOWER_PLATE,
            None,
            PLATE_CONTEXT,
            score=0.75,
            requires_context=True,
        ),
        PatternRecognizer(
            "plate_foreign",
            PLATE,
            FOREIGN_PLATE,
            None,
            PLATE_CONTEXT,
            score=0.7,
            window=40,
            requires_context=True,
        ),
        PatternRecognizer(
            "plate_old_fr",
            PLATE,
            OLD_FR_PLATE,
            None,
            PLATE_CONTEXT,
            score=0.7,
            requires_context=True,
        ),
    ]
