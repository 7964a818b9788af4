"""Reading the time of day out of a folded French phrase.

dateparser misreads French hour forms ("14h" becomes a day, "10h" becomes 20:00), so times are
taken out here, validated, and only the date words are left for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from bot.text.when.errors import WhenError

_CONNECTOR = r"(?:\b(?:a|vers|de|des|pour|jusqu'a|entre|et)\s)?"
_PM_SUFFIX = r"(?:\s(?P<part>du matin|de l'apres-midi|de l'apres midi|de l'aprem|du soir))?"
_HOUR_FORM = re.compile(
    rf"{_CONNECTOR}(?<![\w/:.,])(?P<hour>\d{{1,2}})\s?(?:h|heures?)"
    rf"(?:\s?(?P<minute>\d{{2}})|\set\s(?P<fraction>demie?|quart))?(?![\w']){_PM_SUFFIX}"
)
_COLON_FORM = re.compile(
    rf"{_CONNECTOR}(?<![\w/:.,])(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?![\w:]){_PM_SUFFIX}"
)
_NAMED_FORM = re.compile(
    rf"{_CONNECTOR}\b(?P<name>midi|minuit)(?:\set\s(?P<fraction>demie?|quart))?\b"
)
_FRACTIONS = {"demi": 30, "demie": 30, "quart": 15}
_AFTERNOON = re.compile(r"\b(?:soir|apres-midi|apres midi|aprem)\b")


@dataclass(frozen=True)
class TimesFound:
    """The times of day in a phrase, in order, and the phrase without them."""

    times: tuple[time, ...]
    rest: str


def extract_times(folded: str) -> TimesFound:
    """Take every time of day out of ``folded`` (see :func:`bot.text.when.vocabulary.fold`)."""
    found: list[tuple[int, time]] = []
    spans: list[tuple[int, int]] = []
    afternoon_hint = bool(_AFTERNOON.search(folded))
    for pattern in (_HOUR_FORM, _COLON_FORM, _NAMED_FORM):
        for match in pattern.finditer(folded):
            if any(start < match.end() and match.start() < end for start, end in spans):
                continue
            spans.append(match.span())
            found.append((match.start(), _read(match, afternoon_hint)))
    rest = folded
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    rest = re.sub(r"(?:^|\s)[-\u2013,](?=\s|$)", " ", rest)
    rest = re.sub(r"\s+", " ", rest).strip(" ,-")
    rest = re.sub(r"(?:\s|^)(?:a|vers|de|des|pour)$", "", rest).strip()
    return TimesFound(tuple(moment for _, moment in sorted(found)), rest)


def _read(match: re.Match[str], afternoon_hint: bool) -> time:
    groups = match.groupdict()
    if groups.get("name"):
        hour, minute = (12 if groups["name"] == "midi" else 0), 0
    else:
        hour, minute = int(groups["hour"]), int(groups.get("minute") or 0)
    if groups.get("fraction"):
        minute = _FRACTIONS[groups["fraction"]]
    part = groups.get("part")
    if hour < 12 and not groups.get("name"):
        afternoon = part in ("de l'apres-midi", "de l'apres midi", "de l'aprem", "du soir")
        if afternoon or (part is None and afternoon_hint and hour >= 1):
            hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise WhenError("dates.error.invalid_time", time=match.group(0).strip())
    return time(hour, minute)
