"""``!mod partenaire inviter|retirer``, ``!mod partenaires``: outside specialists (SPEC §13).

``!mod partenaire inviter @u <structure> <thème…> [bassin] [jusqu'au <date>]`` reads from the
end: the date after « jusqu'au », then a bassin if the last word names one, then the themes (at
least one), and what is left is the structure (several words, quotes optional).
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.framework.catalogue import Part
from bot.framework.context import CommandContext
from bot.framework.errors import UserInputError
from bot.framework.registry import Arg, ArgKind, command, listener
from bot.framework.roles import Role
from bot.framework.timers import TimerCall
from bot.services.partners import PARTNER_END, Invitation
from bot.text.when import WhenError, parse_when
from commands.mod import actor, bassin_name, user_pill
from config.layout import Layout
from storage.models.partners import Partner

if TYPE_CHECKING:
    from bot.app import Application

_UNTIL = re.compile(r"\s+(?:jusqu['’]\s?(?:au|à|a)|until)\s+(?P<date>.+)$", re.IGNORECASE)


def parse_until(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    """« le 31 décembre », « vendredi 18h »: a day without an hour lasts until its end."""
    try:
        return parse_when(text, tz=zone, now=now).start
    except WhenError as error:
        if error.key != "dates.error.missing_time":
            raise UserInputError(error.key, **error.params) from None
    try:
        day = parse_when(f"{text} 23h59", tz=zone, now=now).start
    except WhenError as error:
        raise UserInputError(error.key, **error.params) from None
    return datetime.combine(day.date(), time(23, 59), tzinfo=zone)


def parse_invitation(
    user_id: str, text: str, layout: Layout, zone: ZoneInfo, now: datetime
) -> Invitation:
    until = None
    found = _UNTIL.search(" " + text.strip())
    if found is not None:
        until = parse_until(found.group("date"), zone, now)
        text = (" " + text.strip())[: found.start()]
    words = text.split()
    bassin = None
    if len(words) > 2 and (named := layout.find_bassin(words[-1])) is not None:
        bassin, words = named.slug, words[:-1]
    themes: list[str] = []
    while len(words) > 1 and (theme := layout.find_theme(words[-1].rstrip(","))) is not None:
        themes.insert(0, theme.slug)
        words = words[:-1]
    if not themes or not words:
        raise UserInputError(
            "partners.bad_invitation", themes=", ".join(t.slug for t in layout.themes)
        )
    structure = " ".join(words).strip("\"'«» ")[:200]
    return Invitation(user_id, structure, list(dict.fromkeys(themes)), bassin, until)


@command(
    "mod partenaire inviter",
    aliases=["mod partner invite"],
    args=[Arg("utilisateur", ArgKind.USER), Arg("invitation", ArgKind.REST)],
    help="partners.help.inviter",
    role=Role.BASSIN_MODERATOR,
)
async def invite_partner(ctx: CommandContext, utilisateur: str, invitation: str) -> None:
    partners = ctx.app.partners
    wanted = parse_invitation(
        utilisateur, invitation, ctx.app.layout, partners.zone, partners.now()
    )
    done = await partners.invite(await actor(ctx), wanted, ctx.next_txn)
    until = partners.describe_until(wanted.until) or ctx.text("partners.no_end")
    await ctx.reply(
        "partners.invited",
        user=user_pill(utilisateur),
        structure=done.structure,
        themes=_theme_labels(ctx, wanted.themes),
        rooms=done.rooms,
        until=until,
    )


@command(
    "mod partenaire retirer",
    aliases=["mod partner remove"],
    args=[Arg("utilisateur", ArgKind.USER)],
    help="partners.help.retirer",
    role=Role.BASSIN_MODERATOR,
)
async def retire_partner(ctx: CommandContext, utilisateur: str) -> None:
    done = await ctx.app.partners.retire(await actor(ctx), utilisateur, ctx.next_txn)
    user = user_pill(utilisateur)
    await ctx.reply("partners.retired", user=user, structure=done.structure, rooms=done.rooms)


@command(
    "mod partenaires",
    aliases=["mod partners"],
    help="partners.help.partenaires",
    role=Role.BASSIN_MODERATOR,
)
async def list_partners(ctx: CommandContext) -> None:
    active = await ctx.app.partners.partners.all_active()
    if not active:
        await ctx.reply("partners.none", prefix=ctx.prefix)
        return
    parts: list[Part] = [("partners.list_title", {"count": len(active)})]
    parts += [("partners.list_line", _partner_line(ctx, partner)) for partner in active]
    await ctx.reply_message(ctx.catalogue.compose(parts))


def _theme_labels(ctx: CommandContext, slugs: list[str]) -> str:
    return ", ".join(t.label for s in slugs if (t := ctx.app.layout.theme(s)))


def _partner_line(ctx: CommandContext, partner: Partner) -> dict[str, object]:
    """One line of ``!mod partenaires``: who, for which structure, themes, bassin, until."""
    return {
        "user": user_pill(partner.user_id),
        "structure": partner.structure,
        "themes": _theme_labels(ctx, partner.themes or []),
        "bassin": bassin_name(ctx, partner.bassin) if partner.bassin else "—",
        "until": ctx.app.partners.describe_until(partner.until) or ctx.text("partners.no_end"),
    }


@listener("timer", PARTNER_END)
async def partner_access_ends(app: Application, call: TimerCall) -> None:
    payload = call.payload
    await app.partners.expire(
        call.timer.key, int(payload["partner_id"]), str(payload["user_id"]), call.next_txn
    )
