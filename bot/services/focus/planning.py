"""The pure parts of focus sessions: the ``!focus planifier`` text, targets, themes, dates and
which reminders a start date leaves room for. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.framework.errors import UserInputError
from bot.services.provisioning import room_key
from bot.text.when import Recurrence, format_french
from config.layout import Layout, slugify
from storage.models import FocusSession

KIND = "focus_plan"  # the conversation holding a plan until it is confirmed
DEFAULT_DURATION = timedelta(hours=2)
PLAN_EXPIRY = timedelta(days=1)
ALL_WORDS = frozenset({"tous", "toutes", "tout", "all", "reseau"})


@dataclass(frozen=True)
class Reminder:
    which: str  # the key suffix and the catalogue key suffix
    before: timedelta
    grace: timedelta


REMINDERS = (
    Reminder("veille", timedelta(days=1), timedelta(hours=6)),
    Reminder("heure", timedelta(hours=1), timedelta(hours=1)),
)


def reminder_key(session_id: int, which: str) -> str:
    return f"focus:{session_id}:{which}"


def timer_prefix(session_id: int) -> str:
    return f"focus:{session_id}:"


def reminders_ahead(start: datetime, now: datetime) -> list[Reminder]:
    """The reminders still to come for a session starting at ``start``: one planned less than
    a day ahead has no day-before reminder, one less than an hour ahead none at all."""
    return [reminder for reminder in REMINDERS if start - reminder.before > now]


def reminders_key(which: list[str]) -> str:
    """The catalogue sentence telling which reminders will be sent."""
    if "veille" in which and "heure" in which:
        return "focus.reminders.both"
    if "heure" in which:
        return "focus.reminders.heure"
    return "focus.reminders.none"


@dataclass(frozen=True)
class PlanText:
    """``<quand> | <thème> [| <cible>] [| <invités>]`` split into its parts."""

    when: str
    theme: str
    target: str | None
    guests: str


def split_plan(text: str) -> PlanText:
    parts = [part.strip() for part in text.split("|")]
    if len(parts) > 4:
        raise UserInputError("focus.error.too_many_parts")
    if not parts[0]:
        raise UserInputError("focus.error.missing_when")
    if len(parts) < 2 or not parts[1]:
        raise UserInputError("focus.error.missing_theme")
    target = parts[2] if len(parts) > 2 and parts[2] else None
    guests = parts[3] if len(parts) > 3 else ""
    return PlanText(parts[0], parts[1][:255], target, normalise_guests(guests))


def normalise_guests(text: str) -> str:
    """``CPAS,MIRE ;  Forem`` → ``CPAS, MIRE, Forem``."""
    names = [name.strip() for name in text.replace(";", ",").split(",")]
    return ", ".join(name for name in names if name)[:1000]


@dataclass(frozen=True)
class Target:
    """Where a session is announced: ``label`` as shown, the bassins and room keys it covers."""

    label: str
    bassins: tuple[str, ...]
    room_keys: tuple[str, ...]


def resolve_target(layout: Layout, text: str) -> Target:
    """A bassin, a groupe, ``bassin/groupe`` or ``tous``; raises `UserInputError` otherwise."""
    wanted = text.strip()
    bassins = [b.slug for b in layout.bassins]
    groupes = [g.slug for g in layout.groupes]
    if slugify(wanted) in ALL_WORDS:
        keys = tuple(room_key(b, g) for b in bassins for g in groupes)
        return Target("tous", tuple(bassins), keys)
    if "/" in wanted:
        bassin_text, _, groupe_text = wanted.partition("/")
        bassin, groupe = layout.find_bassin(bassin_text), layout.find_groupe(groupe_text)
        if bassin is not None and groupe is not None:
            label = f"{bassin.slug}/{groupe.slug}"
            return Target(label, (bassin.slug,), (room_key(bassin.slug, groupe.slug),))
    else:
        bassin = layout.find_bassin(wanted)
        if bassin is not None:
            return bassin_target(layout, bassin.slug)
        groupe = layout.find_groupe(wanted)
        if groupe is not None:
            keys = tuple(room_key(b, groupe.slug) for b in bassins)
            return Target(groupe.slug, tuple(bassins), keys)
    raise UserInputError(
        "focus.error.unknown_target",
        value=wanted[:60],
        bassins=", ".join(bassins),
        groupes=", ".join(groupes),
    )


def bassin_target(layout: Layout, bassin: str) -> Target:
    keys = tuple(room_key(bassin, g.slug) for g in layout.groupes)
    return Target(bassin, (bassin,), keys)


def theme_slug(layout: Layout, theme: str) -> str | None:
    """The layout theme a free-text title is about ("Mobilité et permis" → ``mobilite``)."""
    found = layout.find_theme(theme)
    if found is not None:
        return found.slug
    words = set(slugify(theme).split("-"))
    for candidate in layout.themes:
        names = [candidate.slug, candidate.label, *candidate.keywords]
        if any(set(slugify(name).split("-")) <= words for name in names if slugify(name)):
            return candidate.slug
    return None


def local_start(session: FocusSession) -> datetime:
    return session.starts_at.astimezone(ZoneInfo(session.timezone))


def recurrence_of(session: FocusSession) -> Recurrence | None:
    if not session.rrule:
        return None
    return Recurrence.from_rrule_string(session.rrule, local_start(session))


def describe_when(session: FocusSession) -> str:
    """``jeudi 3 décembre 2026 à 14 h 00``, or the series described from its next date."""
    rule = recurrence_of(session)
    start = local_start(session)
    if rule is None:
        return format_french(start)
    return rule.describe_french(since=start.date())
