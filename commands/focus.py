"""``!focus``: thematic focus sessions, announced in rooms, with reminders (SPEC §6).

A plan is echoed in full French and kept as a ``focus_plan`` conversation until confirmed (✅
or ``!focus confirmer``), so a restart never loses it. Reminders are persistent timers with
fixed keys (``focus:<id>:veille``, ``focus:<id>:heure``): moving a session replaces them,
cancelling it cancels them, and a restart neither loses nor repeats them. A recurring series
keeps one row whose ``starts_at`` moves to the next occurrence when the current one ends
(timer ``focus:<id>:suite:<date>``), which schedules the next reminders.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.framework.catalogue import Catalogue, Raw, catalogue
from bot.framework.context import CommandContext
from bot.framework.errors import CheckFailure, UserInputError
from bot.framework.registry import Arg, ArgKind, command, listener
from bot.framework.timers import TimerCall
from bot.matrix.formatting import Message, pill
from bot.services.provisioning import room_key
from bot.text.when import Recurrence, WhenError, format_french, parse_when_in_thread
from config.layout import Layout, slugify
from storage.models import Conversation, FocusSession, utcnow
from storage.repositories.focus import PLANNED, FocusRepository
from storage.search import SearchIndex

if TYPE_CHECKING:
    from bot.app import Application

log = logging.getLogger(__name__)

KIND = "focus_plan"
REMINDER_TIMER = "focus.reminder"
NEXT_TIMER = "focus.next"
FINISHED = "finished"
DEFAULT_DURATION = timedelta(hours=2)
PLAN_EXPIRY = timedelta(days=1)
SERIES_GRACE = timedelta(days=400)  # a series must resume even after a long outage
SEARCH_NAMESPACE = "focus"
ALL_WORDS = frozenset({"tous", "toutes", "tout", "all", "reseau"})
CONFIRM_KEYS = ("✅", "✔", "👍")
DROP_KEYS = ("❌", "✖")
RSVP_KEYS = ("👍",)


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


# ---------------------------------------------------------------- pure parts


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


# ---------------------------------------------------------------- services


def sessions(app: Application) -> FocusRepository:
    return FocusRepository(app.database)


def room_catalogue(app: Application) -> Catalogue:
    return catalogue(app.settings.language)


async def schedule_reminders(
    app: Application, session: FocusSession, *, now: datetime | None = None
) -> list[str]:
    """(Re)place the timers of the session's next occurrence; returns the keys scheduled.

    Keys are fixed per session, so this replaces earlier ones; a reminder whose time has
    already passed (a session planned for this afternoon has no day-before reminder) is not
    scheduled.
    """
    current = now or utcnow()
    await app.timers.cancel(timer_prefix(session.id))
    scheduled: list[str] = []
    start = session.starts_at
    payload = {"session": session.id, "start": start.isoformat()}
    for reminder in REMINDERS:
        due = start - reminder.before
        if due <= current:
            continue
        key = reminder_key(session.id, reminder.which)
        await app.timers.schedule(
            key, REMINDER_TIMER, due, {**payload, "which": reminder.which}, grace=reminder.grace
        )
        scheduled.append(key)
    if session.rrule:
        end = start + timedelta(minutes=session.duration_minutes)
        key = f"{timer_prefix(session.id)}suite:{start.strftime('%Y%m%dT%H%M')}"
        await app.timers.schedule(key, NEXT_TIMER, end, payload, grace=SERIES_GRACE)
        scheduled.append(key)
    return scheduled


async def reschedule(
    app: Application,
    session_id: int,
    start: datetime,
    *,
    rrule: str | None = None,
    duration: timedelta | None = None,
) -> FocusSession | None:
    """Move a planned session to ``start`` and replace its reminders (same keys)."""
    current = await sessions(app).get(session_id)
    if current is None:
        return None
    minutes = int(duration.total_seconds() // 60) if duration else current.duration_minutes
    moved = await sessions(app).move(session_id, start.astimezone(UTC), rrule, minutes)
    if moved is not None:
        await schedule_reminders(app, moved)
    return moved


def _txn(call: TimerCall, room_id: str) -> str:
    """One transaction id per timer, occurrence and room: a reminder fired again after a crash
    is dropped by the homeserver, while the next occurrence (same key) still gets through."""
    seed = f"{call.timer.key}|{call.payload.get('start', '')}|{room_id}"
    return "tis-focus-" + hashlib.sha256(seed.encode()).hexdigest()[:40]


async def _language(app: Application, user_id: str) -> Catalogue:
    return catalogue(await app.members.language(user_id) or app.settings.language)


async def _params(app: Application, session: FocusSession, lang: Catalogue) -> dict[str, Any]:
    return {
        "id": session.id,
        "theme": session.theme,
        "when": describe_when(session),
        "target": target_label(session.target, lang),
        "guests": session.guests or lang.text("focus.no_guests"),
        "author": Raw(pill(session.author_id)),
        "prefix": app.settings.command_prefix,
    }


Sender = Callable[[str, Message], Awaitable[object]]


def target_label(target: str, lang: Catalogue) -> str:
    return lang.text("focus.target_all") if target == "tous" else target


async def _notify_all(
    app: Application, session: FocusSession, key: str, send: Sender, extra: dict[str, Any]
) -> None:
    """Send ``key`` to every room of the session and to each participant's DM."""
    room_lang = room_catalogue(app)
    for room_id in session.room_ids:
        params = await _params(app, session, room_lang)
        await send(room_id, room_lang.render(key, **{**params, **extra}))
    for user_id in await sessions(app).participants(session.id):
        lang = await _language(app, user_id)
        dm = await app.direct_rooms.ensure(user_id)
        params = await _params(app, session, lang)
        await send(dm, lang.render(key, **{**params, **extra}))


@listener("timer", REMINDER_TIMER)
async def send_reminder(app: Application, call: TimerCall) -> None:
    session = await sessions(app).get(int(call.payload["session"]))
    if session is None or session.status != PLANNED:
        return
    which = str(call.payload["which"])
    when = format_french(local_start(session))

    async def send(room_id: str, message: Message) -> None:
        await call.client.send_message(room_id, message, txn_id=_txn(call, room_id))

    await _notify_all(app, session, f"focus.reminder.{which}", send, {"when": when})


@listener("timer", NEXT_TIMER)
async def advance_series(app: Application, call: TimerCall) -> None:
    """The current occurrence is over: move the series to its next date and remind again."""
    session = await sessions(app).get(int(call.payload["session"]))
    if session is None or session.status != PLANNED or session.rrule is None:
        return
    if session.starts_at.isoformat() != call.payload["start"]:
        return  # moved since: its own timers are already in place
    rule = recurrence_of(session)
    assert rule is not None
    duration = timedelta(minutes=session.duration_minutes)
    following = rule.next_after(local_start(session))
    while following is not None and following + duration <= utcnow():
        following = rule.next_after(following)  # occurrences missed while the bot was down
    if following is None:
        await sessions(app).update(session.id, status=FINISHED)
        return
    updated = await sessions(app).update(session.id, starts_at=following.astimezone(UTC))
    assert updated is not None
    await schedule_reminders(app, updated)


# ---------------------------------------------------------------- planning


@command(
    "focus planifier",
    aliases=["focus plan"],
    args=[Arg("plan", ArgKind.REST)],
    help="focus.help.planifier",
)
async def plan_session(ctx: CommandContext, plan: str) -> None:
    app = ctx.app
    parts = split_plan(plan)
    try:
        when = await parse_when_in_thread(parts.when, tz=app.settings.zone)
    except WhenError as error:
        raise UserInputError(error.key, **error.params) from None
    if parts.target is not None:
        target = resolve_target(app.layout, parts.target)
    else:
        member = await app.members.get(ctx.sender)
        if member is None or member.bassin is None or app.layout.bassin(member.bassin) is None:
            raise UserInputError("focus.error.target_needed", prefix=ctx.prefix)
        target = bassin_target(app.layout, member.bassin)
    data = {
        "start": when.start.isoformat(),
        "rrule": when.rule.rrule_string() if when.rule else None,
        "duration": int((when.duration or DEFAULT_DURATION).total_seconds() // 60),
        "timezone": app.settings.timezone,
        "theme": parts.theme,
        "theme_slug": theme_slug(app.layout, parts.theme),
        "target": target.label,
        "bassins": list(target.bassins),
        "room_keys": list(target.room_keys),
        "guests": parts.guests,
        "when_text": when.describe_french(),
    }
    echo = await ctx.reply(
        "focus.echo",
        when=data["when_text"],
        theme=parts.theme,
        target=target_label(target.label, ctx.catalogue),
        guests=parts.guests or ctx.text("focus.no_guests"),
        prefix=ctx.prefix,
    )
    await app.conversations.start(
        ctx.sender,
        KIND,
        ctx.room_id,
        data,
        expires_at=utcnow() + PLAN_EXPIRY,
        anchor_event_id=echo,
    )


@command("focus confirmer", aliases=["focus confirm"], help="focus.help.confirmer")
async def confirm_command(ctx: CommandContext) -> None:
    conversation = await ctx.app.conversations.current(ctx.sender, ctx.room_id, KIND)
    if conversation is None:
        raise UserInputError("focus.no_pending", prefix=ctx.prefix)
    await confirm_plan(ctx, conversation)


async def _answer(ctx: CommandContext, message: Message) -> str:
    """A reply to the command, or, for a reaction, a reply to the message reacted to."""
    reaction = ctx.event.reaction
    if reaction is not None:
        return await ctx.send(ctx.room_id, message, reply_to=reaction[0])
    return await ctx.reply_message(message)


async def confirm_plan(ctx: CommandContext, conversation: Conversation) -> None:
    app = ctx.app
    if not await app.conversations.finish(conversation.id):
        return  # confirmed twice (✅ and the command): the first one acted
    data = dict(conversation.data)
    start = datetime.fromisoformat(data["start"])
    if start <= utcnow():
        await _answer(ctx, ctx.render("focus.error.plan_past", prefix=ctx.prefix))
        return
    room_ids: list[str] = []
    for key in data["room_keys"]:
        row = await app.rooms.by_key(key)
        if row is not None and not row.archived:
            room_ids.append(row.room_id)
    if not room_ids:
        await _answer(ctx, ctx.render("focus.error.no_rooms"))
        return
    session = await sessions(app).create(
        author_id=ctx.sender,
        theme=data["theme"],
        theme_slug=data.get("theme_slug"),
        target=data["target"],
        bassins=data["bassins"],
        room_ids=room_ids,
        guests=data["guests"],
        starts_at=start.astimezone(UTC),
        duration_minutes=int(data["duration"]),
        rrule=data.get("rrule"),
        timezone=data["timezone"],
    )
    room_lang = room_catalogue(app)
    params = await _params(app, session, room_lang)
    for room_id in room_ids:
        event_id = await ctx.send(room_id, room_lang.render("focus.announcement", **params))
        await sessions(app).add_announcement(session.id, room_id, event_id)
    await schedule_reminders(app, session)
    await _answer(
        ctx, ctx.render("focus.confirmed", id=session.id, rooms=len(room_ids), prefix=ctx.prefix)
    )


@listener("reaction")
async def on_reaction(ctx: CommandContext) -> None:
    """✅/❌ on a plan's echo confirms or drops it; 👍 on an announcement is an RSVP."""
    reaction = ctx.event.reaction
    if reaction is None:
        return
    target, key = reaction
    key = key.replace("\ufe0f", "")
    if key.startswith(RSVP_KEYS):
        session = await sessions(ctx.app).by_announcement(target)
        if session is not None:
            await rsvp(ctx, session, by_reaction=True)
            return
    if not key.startswith(CONFIRM_KEYS + DROP_KEYS):
        return
    conversation = await ctx.app.conversations.by_anchor(target)
    if conversation is None or conversation.kind != KIND or conversation.user_id != ctx.sender:
        return
    if conversation.expires_at is not None and conversation.expires_at <= utcnow():
        await ctx.app.conversations.finish(conversation.id)
        await _answer(ctx, ctx.render("focus.no_pending", prefix=ctx.prefix))
        return
    if key.startswith(DROP_KEYS):
        if await ctx.app.conversations.finish(conversation.id):
            await _answer(ctx, ctx.render("focus.abandoned"))
        return
    await confirm_plan(ctx, conversation)


# ---------------------------------------------------------------- participation and listing


async def _planned(ctx: CommandContext, numero: int) -> FocusSession:
    session = await sessions(ctx.app).get(numero)
    if session is None:
        raise UserInputError("focus.error.unknown", id=numero)
    if session.status != PLANNED:
        status = ctx.text(f"focus.status.{session.status}")
        raise UserInputError("focus.error.not_planned", id=numero, status=status)
    return session


async def rsvp(ctx: CommandContext, session: FocusSession, *, by_reaction: bool) -> None:
    if session.status != PLANNED:
        if not by_reaction:
            raise UserInputError(
                "focus.error.not_planned",
                id=session.id,
                status=ctx.text(f"focus.status.{session.status}"),
            )
        return
    added = await sessions(ctx.app).add_participant(session.id, ctx.sender)
    params = await _params(ctx.app, session, ctx.catalogue)
    message = ctx.render("focus.rsvp_done" if added else "focus.rsvp_already", **params)
    if by_reaction:
        await ctx.dm(message)
    else:
        await ctx.reply_message(message)


@command(
    "focus participer",
    aliases=["focus rsvp", "focus join"],
    args=[Arg("numero", ArgKind.INT)],
    help="focus.help.participer",
)
async def join_session(ctx: CommandContext, numero: int) -> None:
    await rsvp(ctx, await _planned(ctx, numero), by_reaction=False)


@command("focus liste", aliases=["focus list"], help="focus.help.liste")
async def list_sessions(ctx: CommandContext) -> None:
    upcoming = await sessions(ctx.app).upcoming(utcnow(), limit=20)
    if not upcoming:
        await ctx.reply("focus.list_empty", prefix=ctx.prefix)
        return
    counts = await sessions(ctx.app).participant_counts(s.id for s in upcoming)
    lines = [
        ctx.catalogue.markdown(
            "focus.list_line", **await _params(ctx.app, s, ctx.catalogue), count=counts[s.id]
        )
        for s in upcoming
    ]
    await ctx.reply("focus.list", lines=Raw("\n".join(lines)), prefix=ctx.prefix)


@command("focus", args=[Arg("numero", ArgKind.INT, required=False)], help="focus.help.focus")
async def show_session(ctx: CommandContext, numero: int | None) -> None:
    if numero is None:
        await list_sessions(ctx)
        return
    session = await sessions(ctx.app).get(numero)
    if session is None:
        raise UserInputError("focus.error.unknown", id=numero)
    people = await sessions(ctx.app).participants(session.id)
    participants = ", ".join(pill(user) for user in people) or ctx.catalogue.markdown(
        "focus.nobody"
    )
    message = ctx.render(
        "focus.details",
        **await _params(ctx.app, session, ctx.catalogue),
        status=ctx.text(f"focus.status.{session.status}"),
        count=len(people),
        participants=Raw(participants),
    )
    if session.report:
        message = message + ctx.render(
            "focus.details_report",
            report=session.report,
            reporter=Raw(pill(session.report_author or session.author_id)),
        )
    await ctx.reply_message(message)


# ---------------------------------------------------------------- changes


async def _check_manager(ctx: CommandContext, session: FocusSession) -> None:
    if session.author_id == ctx.sender:
        return
    grants = await ctx.grants()
    if grants.can_moderate(None) or any(grants.can_moderate(b) for b in session.bassins):
        return
    raise CheckFailure("focus.error.not_allowed", id=session.id)


@command(
    "focus annuler",
    aliases=["focus cancel"],
    args=[Arg("numero", ArgKind.INT)],
    help="focus.help.annuler",
)
async def cancel_session(ctx: CommandContext, numero: int) -> None:
    session = await _planned(ctx, numero)
    await _check_manager(ctx, session)
    if not await sessions(ctx.app).cancel(session.id):
        return
    await ctx.app.timers.cancel(timer_prefix(session.id))
    await ctx.app.audit.record(
        ctx.sender, "focus.cancel", room_id=ctx.room_id, target=f"focus #{session.id}"
    )
    await _notify_all(ctx.app, session, "focus.cancelled_notice", ctx.send, {})
    await ctx.reply("focus.cancelled", id=session.id)


@command(
    "focus deplacer",
    aliases=["focus move"],
    args=[Arg("numero", ArgKind.INT), Arg("quand", ArgKind.REST)],
    help="focus.help.deplacer",
)
async def move_session(ctx: CommandContext, numero: int, quand: str) -> None:
    session = await _planned(ctx, numero)
    await _check_manager(ctx, session)
    try:
        when = await parse_when_in_thread(quand, tz=ZoneInfo(session.timezone))
    except WhenError as error:
        raise UserInputError(error.key, **error.params) from None
    moved = await reschedule(
        ctx.app,
        session.id,
        when.start,
        rrule=when.rule.rrule_string() if when.rule else None,
        duration=when.duration or timedelta(minutes=session.duration_minutes),
    )
    if moved is None:
        return
    await _notify_all(ctx.app, moved, "focus.moved_notice", ctx.send, {})
    await ctx.reply("focus.moved", id=moved.id, when=describe_when(moved))


@command(
    "focus compte-rendu",
    aliases=["focus compte rendu", "focus report", "focus cr"],
    args=[Arg("numero", ArgKind.INT), Arg("texte", ArgKind.REST)],
    help="focus.help.compte_rendu",
)
async def save_report(ctx: CommandContext, numero: int, texte: str) -> None:
    repository = sessions(ctx.app)
    session = await repository.get(numero)
    if session is None:
        raise UserInputError("focus.error.unknown", id=numero)
    if ctx.sender not in await repository.participants(session.id):
        await _check_manager(ctx, session)
    await repository.update(session.id, report=texte[:20_000], report_author=ctx.sender)
    index = SearchIndex(
        ctx.app.database, SEARCH_NAMESPACE, theme_keywords=ctx.app.layout.theme_keywords()
    )
    await index.index(
        session.id,
        {"titre": session.theme, "invites": session.guests, "compte_rendu": texte},
        [session.theme_slug] if session.theme_slug else [],
    )
    await ctx.reply("focus.report_saved", id=session.id)


async def search_reports(app: Application, query: str, limit: int = 5) -> list[FocusSession]:
    """Sessions whose report (or theme) matches ``query``, best first."""
    index = SearchIndex(app.database, SEARCH_NAMESPACE, theme_keywords=app.layout.theme_keywords())
    found = []
    for hit in await index.search(query, limit):
        session = await sessions(app).get(hit.doc_id)
        if session is not None:
            found.append(session)
    return found
