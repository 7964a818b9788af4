"""The weekly digest (SPEC §8): one message per bassin room, once a week, never a flood.

Figures come from `StatisticsRepository`, the same queries on the real models as ``!mod stats``
(one answer rate, one median time to first answer). A digest is posted at most once per
(room, ISO week): table ``digest_post``, and sends whose transaction id is derived from the room
and the week, so a run repeated after a crash is dropped by the homeserver.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.framework.catalogue import Catalogue, Raw, catalogue
from bot.matrix.client import MatrixError
from bot.matrix.formatting import Message
from bot.text.when import format_french, format_french_date
from config.layout import WEEKDAYS
from storage.models import utcnow
from storage.repositories.focus import FocusRepository
from storage.repositories.statistics import AnswerFigures, StatisticsRepository

if TYPE_CHECKING:
    from bot.app import Application

log = logging.getLogger(__name__)

DIGEST_TIMER = "digest.weekly"
PERIOD = timedelta(days=7)
ANSWER_WINDOW = timedelta(days=28)  # answer figures over four weeks: one week is too few
FOCUS_HORIZON = timedelta(days=14)
DIGEST_GRACE = timedelta(days=6)  # a late run still posts (within the same week) and goes on
LATE_POST_LIMIT = timedelta(hours=12)


# ---------------------------------------------------------------- content


@dataclass(frozen=True)
class UpcomingSession:
    id: int
    theme: str
    when: str


@dataclass
class BassinDigest:
    bassin: str
    name: str
    resolved: int | None = None
    still_open: int | None = None
    faq: int | None = None
    fiches: int | None = None
    answers: AnswerFigures | None = None
    sessions: list[UpcomingSession] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        counts = (self.resolved, self.still_open, self.faq, self.fiches)
        asked = self.answers is not None and self.answers.requests > 0
        return not any(counts) and not self.sessions and not asked


async def gather(
    app: Application, source: StatisticsRepository, bassin: str, now: datetime
) -> BassinDigest:
    found = app.layout.bassin(bassin)
    digest = BassinDigest(bassin, found.name if found else bassin)
    since = now - PERIOD
    digest.resolved = await source.requests_resolved(bassin, since, now)
    digest.still_open = (await source.requests_by_state(bassin)).get("open", 0)
    digest.faq = await source.faq_entries(bassin, since, now)
    digest.fiches = await source.fiches(bassin, since, now)
    digest.answers = await source.answer_figures(bassin, now - ANSWER_WINDOW, now)
    for session in await FocusRepository(app.database).upcoming(now):
        if session.starts_at > now + FOCUS_HORIZON:
            break
        if bassin in (session.bassins or []):
            local = session.starts_at.astimezone(ZoneInfo(session.timezone))
            digest.sessions.append(UpcomingSession(session.id, session.theme, format_french(local)))
    return digest


def _duration(delay: timedelta, lang: Catalogue) -> str:
    hours = delay.total_seconds() / 3600
    if hours < 1:
        return lang.text("digest.minutes", count=max(1, round(hours * 60)))
    if hours < 48:
        return lang.text("digest.hours", count=round(hours))
    return lang.text("digest.days", count=round(hours / 24))


def render_digest(digest: BassinDigest, lang: Catalogue, *, week: str, prefix: str) -> Message:
    lines: list[str] = []
    if digest.resolved is not None or digest.still_open is not None:
        lines.append(
            lang.markdown(
                "digest.requests", resolved=digest.resolved or 0, open=digest.still_open or 0
            )
        )
    if digest.faq is not None:
        lines.append(lang.markdown("digest.faq", count=digest.faq))
    if digest.fiches is not None:
        lines.append(lang.markdown("digest.fiches", count=digest.fiches))
    answers = digest.answers
    if answers is not None and answers.requests:
        median = (
            _duration(answers.median_first_answer, lang)
            if answers.median_first_answer is not None
            else lang.text("digest.no_median")
        )
        lines.append(
            lang.markdown(
                "digest.answers",
                rate=round(100 * (answers.rate or 0)),
                answered=answers.answered,
                requests=answers.requests,
                median=median,
            )
        )
    if digest.sessions:
        items = "\n".join(
            lang.markdown("digest.session_line", id=s.id, theme=s.theme, when=s.when)
            for s in digest.sessions
        )
        lines.append(lang.markdown("digest.sessions", items=Raw(items), prefix=prefix))
    return lang.render("digest.message", bassin=digest.name, week=week, lines=Raw("\n".join(lines)))


# ---------------------------------------------------------------- posting


def week_label(moment: datetime, tz: ZoneInfo) -> str:
    year, week, _ = moment.astimezone(tz).isocalendar()
    return f"{year}-W{week:02d}"


def week_start(moment: datetime, tz: ZoneInfo) -> str:
    """The week as people name it: ``lundi 23 novembre 2026``."""
    local = moment.astimezone(tz).date()
    return format_french_date(local - timedelta(days=local.weekday()))


def next_digest_time(after: datetime, day: str, hour: time, tz: ZoneInfo) -> datetime:
    """The first digest slot (``day`` at ``hour``, local) strictly after ``after``."""
    local = after.astimezone(tz)
    weekday = WEEKDAYS.index(day.lower())
    candidate_day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
    while True:
        candidate = datetime.combine(candidate_day, hour).replace(tzinfo=tz)
        if candidate > local:
            return candidate.astimezone(UTC)
        candidate_day += timedelta(days=7)


def _txn(user_id: str, room_id: str, week: str) -> str:
    seed = f"digest|{user_id}|{room_id}|{week}"
    return "tis-digest-" + hashlib.sha256(seed.encode()).hexdigest()[:40]


@dataclass
class DigestReport:
    week: str
    posted: list[str] = field(default_factory=list)  # room ids
    already: list[str] = field(default_factory=list)
    skipped_bassins: list[str] = field(default_factory=list)  # nothing to say
    refused: list[str] = field(default_factory=list)  # rooms that would not take it


async def post_digest(
    app: Application, *, now: datetime | None = None, source: StatisticsRepository | None = None
) -> DigestReport:
    """Post this week's digest in every bassin room that has not had it; callable on demand."""
    current = now or utcnow()
    tz = app.settings.zone
    week = week_label(current, tz)
    source = source or StatisticsRepository(app.database)
    lang = catalogue(app.settings.language)
    repository = FocusRepository(app.database)
    report = DigestReport(week)
    rooms = [room for room in await app.rooms.all() if room.kind == "groupe" and room.bassin]
    for bassin in app.layout.bassins:
        digest = await gather(app, source, bassin.slug, current)
        if digest.empty:
            report.skipped_bassins.append(bassin.slug)
            continue
        message = render_digest(
            digest, lang, week=week_start(current, tz), prefix=app.settings.command_prefix
        )
        for room in rooms:
            if room.bassin != bassin.slug:
                continue
            if await repository.digest_posted(room.room_id, week):
                report.already.append(room.room_id)
                continue
            try:
                event_id = await app.client.send_message(
                    room.room_id, message, txn_id=_txn(app.client.user_id, room.room_id, week)
                )
            except MatrixError as error:  # one refusing room never hides the others
                log.warning("digest not posted in %s (%s)", room.room_id, error.errcode)
                report.refused.append(room.room_id)
                continue
            await repository.record_digest(room.room_id, week, bassin.slug, event_id)
            report.posted.append(room.room_id)
    return report


async def schedule_next_digest(app: Application, after: datetime | None = None) -> str:
    """Schedule the next weekly run (key ``digest:<week>``); idempotent."""
    policy = app.layout.policy.digest
    tz = app.settings.zone
    due = next_digest_time(after or utcnow(), policy.day, policy.hour, tz)
    key = f"digest:{week_label(due, tz)}"
    existing = await app.timers.repository.get(key)
    if existing is None or existing.state not in ("pending", "firing", "done"):
        await app.timers.schedule(key, DIGEST_TIMER, due, {}, grace=DIGEST_GRACE)
    return key


async def run_weekly(app: Application, due_at: datetime) -> None:
    """What the weekly timer does: post (unless far too late), then schedule the next week,
    so the chain goes on."""
    if utcnow() - due_at <= LATE_POST_LIMIT:
        await post_digest(app, now=due_at)
    else:
        log.warning("weekly digest of %s not posted: the bot was down too long", due_at)
    await schedule_next_digest(app, after=max(due_at, utcnow()))
