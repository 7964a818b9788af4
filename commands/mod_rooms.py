"""``!mod sujet|annonce|supprimer``: acting on rooms and messages (SPEC §7).

``sujet`` and ``supprimer`` act on the community room they are typed in, so the room's bassin
decides who may use them there. An announcement is posted once per room reached.
"""

from __future__ import annotations

from bot.framework.catalogue import Raw
from bot.framework.context import CommandContext
from bot.framework.errors import CheckFailure, UserInputError
from bot.framework.registry import Arg, ArgKind, command
from bot.framework.roles import Role
from bot.services.moderation import community_rooms
from bot.services.provisioning import ANNOUNCEMENTS_KEY
from commands.mod import actor, user_pill
from storage.models import ProvisionedRoom

ALL = "tous"


async def _community_room(ctx: CommandContext) -> ProvisionedRoom:
    row = await ctx.app.rooms.by_room_id(ctx.room_id)
    if row is None or row.archived:
        raise CheckFailure("mod.not_community_room")
    return row


@command(
    "mod sujet",
    aliases=["mod topic"],
    args=[Arg("texte", ArgKind.REST)],
    help="mod.help.sujet",
    role=Role.BASSIN_MODERATOR,
)
async def set_topic(ctx: CommandContext, texte: str) -> None:
    row = await _community_room(ctx)
    await ctx.app.moderation.set_topic(await actor(ctx), row, texte.strip()[:1000])
    await ctx.reply("mod.topic_set")


def _targets(
    ctx: CommandContext, cible: str, rows: list[ProvisionedRoom]
) -> tuple[str | None, list[ProvisionedRoom]]:
    """(bassin whose moderators may announce there, or None for the network; rooms)."""
    layout = ctx.app.layout
    groupe_rooms = community_rooms(rows, groupe_rooms_only=True)
    if cible.lower() == ALL:
        announcements = [r for r in rows if r.key == ANNOUNCEMENTS_KEY and not r.archived]
        return None, groupe_rooms + announcements
    bassin_text, _, groupe_text = cible.partition("/")
    bassin = layout.find_bassin(bassin_text)
    if groupe_text:
        groupe = layout.find_groupe(groupe_text)
        if bassin is not None and groupe is not None:
            return bassin.slug, [
                r for r in groupe_rooms if r.bassin == bassin.slug and r.groupe == groupe.slug
            ]
    elif bassin is not None:
        return bassin.slug, [r for r in groupe_rooms if r.bassin == bassin.slug]
    else:
        groupe = layout.find_groupe(bassin_text)
        if groupe is not None:
            return None, [r for r in groupe_rooms if r.groupe == groupe.slug]
    raise UserInputError(
        "mod.unknown_target",
        value=cible[:60],
        bassins=", ".join(b.slug for b in layout.bassins),
        groupes=", ".join(g.slug for g in layout.groupes),
    )


@command(
    "mod annonce",
    aliases=["mod announce"],
    args=[Arg("cible"), Arg("texte", ArgKind.REST)],
    help="mod.help.annonce",
    role=Role.BASSIN_MODERATOR,
)
async def announce(ctx: CommandContext, cible: str, texte: str) -> None:
    bassin, rooms = _targets(ctx, cible, await ctx.app.rooms.all())
    # The moderator's own Markdown is kept; raw HTML is never let through by the renderer.
    message = ctx.render("mod.announcement", author=user_pill(ctx.sender), text=Raw(texte.strip()))
    count, refused = await ctx.app.moderation.announce(
        await actor(ctx), cible, bassin, rooms, message
    )
    if not refused:
        await ctx.reply("mod.announced", count=count)
        return
    names = ", ".join(room.name for room in refused)
    await ctx.reply("mod.announced_partly", count=count, refused=len(refused), rooms=names)


@command(
    "mod supprimer",
    aliases=["mod redact"],
    args=[Arg("raison", ArgKind.REST)],
    help="mod.help.supprimer",
    role=Role.BASSIN_MODERATOR,
)
async def redact(ctx: CommandContext, raison: str) -> None:
    target = ctx.event.in_reply_to
    if target is None:
        raise UserInputError("mod.reply_needed", prefix=ctx.prefix)
    row = await _community_room(ctx)
    reason = raison.strip()[:500]
    author = await ctx.app.moderation.redact(await actor(ctx), row, target, reason)
    await ctx.reply("mod.redacted", reason=reason, author=user_pill(author) if author else Raw("—"))
