"""``!mod demandes|journal|stats``: oversight of the community (SPEC §7).

A bassin moderator sees their bassins' requests and journal lines; the global team sees all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.framework.context import CommandContext
from bot.framework.registry import Arg, ArgKind, command
from bot.framework.roles import Role
from bot.services.statistics import render_stats
from bot.text.when.french_format import format_french_time
from commands.mod import list_message
from storage.models import AuditEntry, HelpRequest
from storage.search import shorten

JOURNAL_DEFAULT = 20
JOURNAL_MAX = 100
EXCERPT = 90


def local_time(ctx: CommandContext, moment: datetime) -> str:
    """``23/11/2025 à 15 h 04`` in the deployment's time zone."""
    local = moment.astimezone(ctx.app.settings.zone)
    return f"{local:%d/%m/%Y} à {format_french_time(local)}"


def _excerpt(text: str) -> str:
    return shorten(text, EXCERPT)


@command("mod demandes", help="mod.help.demandes", role=Role.BASSIN_MODERATOR)
async def open_requests(ctx: CommandContext) -> None:
    grants = await ctx.grants()
    rows = await ctx.app.requests.open_requests()
    visible = [(r, n) for r, n in rows if grants.can_moderate(r.bassin)]
    if not visible:
        await ctx.reply("mod.no_requests")
        return
    lines = [("mod.request_line", _request_line(ctx, r, n)) for r, n in visible]
    await ctx.reply_message(list_message(ctx, "mod.requests", lines, count=len(visible)))


def _request_line(ctx: CommandContext, request: HelpRequest, answers: int) -> dict[str, Any]:
    bassin = ctx.app.layout.bassin(request.bassin or "")
    return {
        "number": request.id,
        "bassin": bassin.name if bassin else (request.bassin or "—"),
        "date": local_time(ctx, request.created_at),
        "answers": answers,
        "excerpt": _excerpt(request.text),
    }


async def _where(ctx: CommandContext, room_id: str | None) -> str:
    if room_id is None:
        return "—"
    row = await ctx.app.rooms.by_room_id(room_id)
    if row is not None:
        return row.name
    if await ctx.app.direct_rooms.repository.user_of(room_id) is not None:
        return ctx.text("mod.where_dm")
    return room_id


def _action(ctx: CommandContext, entry: AuditEntry) -> str:
    key = f"mod.action.{entry.action}"
    return ctx.text(key) if ctx.catalogue.has(key) else entry.action


def _visible(entry: AuditEntry, bassins: frozenset[str]) -> bool:
    details = entry.details or {}
    return details.get("bassin") in bassins


@command(
    "mod journal",
    aliases=["mod log"],
    args=[Arg("n", ArgKind.INT, required=False)],
    help="mod.help.journal",
    role=Role.BASSIN_MODERATOR,
)
async def journal(ctx: CommandContext, n: int | None) -> None:
    entries = await _journal_entries(ctx, max(1, min(n or JOURNAL_DEFAULT, JOURNAL_MAX)))
    if not entries:
        await ctx.reply("mod.journal_empty")
        return
    lines = [("mod.journal_line", await _journal_line(ctx, entry)) for entry in entries]
    await ctx.reply_message(list_message(ctx, "mod.journal", lines, count=len(entries)))


async def _journal_entries(ctx: CommandContext, limit: int) -> list[AuditEntry]:
    """The latest lines: all of them for the global team, their bassins' for the others."""
    grants = await ctx.grants()
    if grants.can_moderate(None):
        return await ctx.app.audit.latest(limit)
    entries = [e for e in await ctx.app.audit.latest(1000) if _visible(e, grants.bassins)]
    return entries[:limit]


async def _journal_line(ctx: CommandContext, entry: AuditEntry) -> dict[str, Any]:
    return {
        "when": local_time(ctx, entry.at),
        "actor": entry.actor,
        "action": _action(ctx, entry),
        "where": await _where(ctx, entry.room_id),
        "target": entry.target or "—",
        "reason": entry.reason or "—",
    }


@command("mod stats", help="mod.help.stats", role=Role.BASSIN_MODERATOR)
async def stats(ctx: CommandContext) -> None:
    figures = await ctx.app.statistics.compute(ctx.app.layout)
    await ctx.reply_message(render_stats(ctx.catalogue, figures, ctx.app.layout))
