"""Reading French recurrence phrases ("chaque premier mardi", "un jeudi sur deux") into a rule.

Every word must be accounted for: a phrase with words this grammar does not know ("chaque
mardi sauf en août") is refused rather than half understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.when.errors import WhenError
from bot.text.when.recurrence import Frequency
from bot.text.when.vocabulary import (
    NUMBER_PATTERN,
    ORDINALS,
    WEEKDAY_PATTERN,
    WEEKDAYS,
    number_value,
)

_MARKERS = re.compile(
    rf"\b(?:chaque|tous|toutes|sur {NUMBER_PATTERN}|du mois|de chaque mois|de tous les mois"
    r"|quotidien(?:ne)?|hebdomadaire|mensuel(?:le)?)\b"
)
_ORDINAL_PATTERN = "|".join(sorted((re.escape(word) for word in ORDINALS), key=len, reverse=True))
_EVERY_N = re.compile(rf"\btou(?:te)?s les (?:({NUMBER_PATTERN}) )?(jours|semaines|mois)\b")
_ONE_IN_N = re.compile(rf"\bune? ({WEEKDAY_PATTERN}|semaine|mois|jour) sur ({NUMBER_PATTERN})\b")
_EACH_UNIT = re.compile(r"\b(?:chaque|par) (jour|semaine|mois)\b")
_ADJECTIVE = re.compile(r"\b(quotidien(?:ne)?|hebdomadaire|mensuel(?:le)?)\b")
_ORDINAL_WEEKDAY = re.compile(rf"(?<![\w-])({_ORDINAL_PATTERN}) ({WEEKDAY_PATTERN})s?\b")
_LAST_DAY = re.compile(r"\bdernier jour\b")
_MONTH_DAY = re.compile(r"\b(\d{1,2}|premier)(?:er|e)?(?= (?:du|de chaque|de tous les|de) mois\b)")
_BARE_DAY = re.compile(r"\ble (\d{1,2}|premier)(?:er)?\b")
_WEEKDAYS = re.compile(rf"\b({WEEKDAY_PATTERN})s?\b")
_FILLER = {
    "le", "la", "les", "l'", "du", "de", "des", "chaque", "tous", "toutes", "mois", "semaine",
    "semaines", "jour", "jours", "et", ",", "a", "-", "par", "fois", "une", "un", "mois,",
}  # fmt: skip
_UNIT_WORDS = {"jour": "jours", "semaine": "semaines", "mois": "mois"}
_ADJECTIVE_UNITS = {"q": "jours", "h": "semaines", "m": "mois"}


def looks_recurring(folded: str) -> bool:
    return _MARKERS.search(folded) is not None


@dataclass
class RuleWords:
    """What a recurrence phrase says, before it is anchored on a first date."""

    frequency: Frequency
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    ordinal: int | None = None
    month_day: int | None = None


class _Phrase:
    """The words still to account for; each part read is cut out of them."""

    def __init__(self, text: str) -> None:
        self.text = text

    def take(self, pattern: re.Pattern[str], keep: str = "") -> re.Match[str] | None:
        match = pattern.search(self.text)
        if match is not None:
            self.text = self.text[: match.start()] + f" {keep} " + self.text[match.end() :]
        return match


def read_rule(rest: str, original: str, *, allow_daily: bool) -> RuleWords:
    """The rule in ``rest`` (folded, times and bounds already taken out)."""
    phrase = _Phrase(rest)
    unit, interval = _read_unit(phrase)
    ordinal, weekdays, month_day = _read_anchor(phrase, unit, original)
    named = tuple(WEEKDAYS.index(word) for word in _WEEKDAYS.findall(phrase.text))
    leftover = [
        word
        for word in re.split(r"[\s,]+", _WEEKDAYS.sub(" ", phrase.text))
        if word and word not in _FILLER
    ]
    if leftover:
        raise WhenError("dates.error.recurrence_not_understood", text=original)
    if ordinal is not None or month_day is not None:
        if named or unit not in (None, "mois"):
            raise WhenError("dates.error.recurrence_not_understood", text=original)
        return RuleWords(Frequency.MONTHLY, interval, weekdays, ordinal, month_day)
    if named:
        if unit not in (None, "semaines"):
            raise WhenError("dates.error.recurrence_incomplete", text=original)
        return RuleWords(Frequency.WEEKLY, interval, tuple(sorted(set(named))))
    if unit == "jours":
        if not allow_daily:
            raise WhenError("dates.error.daily", text=original)
        return RuleWords(Frequency.DAILY, interval)
    if unit is not None:
        raise WhenError("dates.error.recurrence_incomplete", text=original)
    raise WhenError("dates.error.recurrence_not_understood", text=original)


def _read_unit(phrase: _Phrase) -> tuple[str | None, int]:
    """How often: "tous les 2 mois", "un jeudi sur deux", "chaque semaine", "mensuel"."""
    unit: str | None = None
    interval = 1
    if match := phrase.take(_EVERY_N):
        unit = match.group(2)
        interval = number_value(match.group(1)) if match.group(1) else 1
    elif match := _ONE_IN_N.search(phrase.text):
        word = match.group(1)
        interval = number_value(match.group(2))
        unit = _UNIT_WORDS.get(word, "semaines")
        phrase.take(_ONE_IN_N, keep=word if word in WEEKDAYS else "")
    elif match := phrase.take(_EACH_UNIT):
        unit = _UNIT_WORDS[match.group(1)]
    elif match := phrase.take(_ADJECTIVE):
        unit = _ADJECTIVE_UNITS[match.group(1)[0]]
    if unit == "jours" and interval in (7, 8, 14, 15, 21, 22, 28):
        unit, interval = "semaines", (interval + 1) // 7
    return unit, interval


def _read_anchor(
    phrase: _Phrase, unit: str | None, original: str
) -> tuple[int | None, tuple[int, ...], int | None]:
    """Which day of the month: "premier mardi", "dernier jour", "le 15 du mois"."""
    if match := phrase.take(_ORDINAL_WEEKDAY):
        return ORDINALS[match.group(1)], (WEEKDAYS.index(match.group(2)),), None
    if phrase.take(_LAST_DAY):
        return None, (), -1
    match = phrase.take(_MONTH_DAY) or (phrase.take(_BARE_DAY) if unit == "mois" else None)
    if match is None:
        return None, (), None
    token = match.group(1)
    month_day = 1 if token == "premier" else int(token)
    if not 1 <= month_day <= 31:
        raise WhenError("dates.error.invalid_date", text=original)
    if month_day > 28:
        raise WhenError("dates.error.month_day_too_late", day=month_day)
    return None, (), month_day


@dataclass(frozen=True)
class Bounds:
    """ "à partir du 7 décembre", "jusqu'au 30 juin": the date words, not yet resolved."""

    rest: str
    from_words: str | None
    until_words: str | None


_UNTIL = re.compile(
    r"\b(?:jusqu'(?:au|a|en)|jusque)\s+(?P<words>.+?)(?=\s+(?:a partir|des le)\b|$)"
)
_FROM = re.compile(
    r"\b(?:a partir d[ue]|a compter d[ue]|des le|des)\s+(?P<words>.+?)(?=\s+jusqu|$)"
)


def split_bounds(rest: str) -> Bounds:
    text = rest
    until_words = from_words = None
    if match := _UNTIL.search(text):
        until_words = match.group("words").strip()
        text = text[: match.start()] + text[match.end() :]
    if match := _FROM.search(text):
        from_words = match.group("words").strip()
        text = text[: match.start()] + text[match.end() :]
    return Bounds(re.sub(r"\s+", " ", text).strip(" ,"), from_words, until_words)
