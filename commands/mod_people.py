"""``!mod inviter|retirer|bannir|debannir|promouvoir|retrograder``: people (SPEC §7).

Inviting, removing from or promoting in a bassin is for that bassin's moderators (and the
global team); what reaches every room (a ban, a removal everywhere, a global role) is for
global moderators and admins. A ban waits for a confirmation.
"""

from __future__ import annotations

from bot.framework.context import CommandContext
from bot.framework.errors import CheckFailure, UserInputError
from bot.framework.registry import Arg, ArgKind, command
from bot.framework.roles import Role
from bot.services import moderation
from bot.services.provisioning import ROOT_KEY
from commands.mod import (
    ask_confirmation,
    audit,
    bassin_list,
    confirm_hint,
    require,
    user_pill,
)

MODERATOR = "moderator"


def _bassin_slug(ctx: CommandContext, text: str | None) -> str | None:
    """The slug of the bassin named by ``text`` (None when no bassin was given)."""
    if text is None:
        return None
    bassin = ctx.app.layout.find_bassin(text)
    if bassin is None:
        raise UserInputError("mod.unknown_bassin", value=text[:60], bassins=bassin_list(ctx))
    return bassin.slug


def _protect(ctx: CommandContext, user_id: str) -> None:
    """Nobody acts against the bot, themselves, or an admin of the deployment by command."""
    if user_id in (ctx.app.client.user_id, ctx.sender) or user_id in ctx.app.settings.admins:
        raise CheckFailure("mod.cannot_target", user=user_id)


@command(
    "mod inviter",
    args=[Arg("utilisateur", ArgKind.USER), Arg("bassin"), Arg("groupe", required=False)],
    help="mod.help.inviter",
    role=Role.BASSIN_MODERATOR,
)
async def invite(ctx: CommandContext, utilisateur: str, bassin: str, groupe: str | None) -> None:
    slug = _bassin_slug(ctx, bassin)
    assert slug is not None  # the argument is required
    await require(ctx, slug)
    rows = await ctx.app.rooms.all()
    rooms = [r for r in rows if r.key == ROOT_KEY]
    chosen = moderation.community_rooms(rows, slug)
    if groupe is not None:
        found = ctx.app.layout.find_groupe(groupe)
        if found is None:
            groupes = ", ".join(g.slug for g in ctx.app.layout.groupes)
            await ctx.reply("mod.unknown_groupe", value=groupe[:60], groupes=groupes)
            return
        chosen = [r for r in chosen if r.kind == "bassin" or r.groupe == found.slug]
    rooms += chosen
    count = await moderation.invite_to(ctx.app.client, rooms, utilisateur)
    await audit(ctx, "invite", target=utilisateur, bassin=slug, groupe=groupe, rooms=count)
    found_bassin = ctx.app.layout.bassin(slug)
    bassin_name = found_bassin.name if found_bassin else slug
    await ctx.reply("mod.invited", user=user_pill(utilisateur), count=count, bassin=bassin_name)


@command(
    "mod retirer",
    args=[Arg("utilisateur", ArgKind.USER), Arg("bassin", required=False)],
    help="mod.help.retirer",
    role=Role.BASSIN_MODERATOR,
)
async def remove(ctx: CommandContext, utilisateur: str, bassin: str | None) -> None:
    slug = _bassin_slug(ctx, bassin)
    await require(ctx, slug)
    _protect(ctx, utilisateur)
    rooms = moderation.community_rooms(await ctx.app.rooms.all(), slug)
    count = await moderation.kick_from(ctx.app.client, rooms, utilisateur, None)
    await audit(ctx, "remove", target=utilisateur, bassin=slug, rooms=count)
    await ctx.reply("mod.removed", user=user_pill(utilisateur), count=count)


@command(
    "mod bannir",
    aliases=["mod ban"],
    args=[Arg("utilisateur", ArgKind.USER), Arg("raison", ArgKind.REST)],
    help="mod.help.bannir",
    role=Role.BASSIN_MODERATOR,
)
async def ban(ctx: CommandContext, utilisateur: str, raison: str) -> None:
    await require(ctx, None)
    _protect(ctx, utilisateur)
    reason = raison.strip()[:500]
    rooms = await ctx.app.rooms.all(include_archived=True)
    question = ctx.render(
        "mod.ban_question",
        user=user_pill(utilisateur),
        rooms=len(rooms),
        reason=reason,
        hint=confirm_hint(ctx),
    )
    await ask_confirmation(ctx, "ban", {"target": utilisateur, "reason": reason}, question)


@command(
    "mod debannir",
    aliases=["mod unban"],
    args=[Arg("utilisateur", ArgKind.USER)],
    help="mod.help.debannir",
    role=Role.BASSIN_MODERATOR,
)
async def unban(ctx: CommandContext, utilisateur: str) -> None:
    await require(ctx, None)
    count = await moderation.unban_everywhere(ctx.app, utilisateur)
    await audit(ctx, "unban", target=utilisateur, rooms=count)
    await ctx.reply("mod.unbanned", user=user_pill(utilisateur), count=count)


@command(
    "mod promouvoir",
    args=[Arg("utilisateur", ArgKind.USER), Arg("bassin", required=False)],
    help="mod.help.promouvoir",
    role=Role.BASSIN_MODERATOR,
)
async def promote(ctx: CommandContext, utilisateur: str, bassin: str | None) -> None:
    slug = _bassin_slug(ctx, bassin)
    await require(ctx, slug)
    if utilisateur == ctx.app.client.user_id:
        raise CheckFailure("mod.cannot_target", user=utilisateur)
    scope = (
        ctx.text("mod.scope_global")
        if slug is None
        else ctx.text("mod.scope_bassin", bassin=ctx.app.layout.bassin(slug).name)  # type: ignore[union-attr]
    )
    if not await ctx.app.roles.grant(utilisateur, MODERATOR, slug, ctx.sender):
        await ctx.reply("mod.already_moderator", user=user_pill(utilisateur), scope=scope)
        return
    rooms = await moderation.mirror_user(ctx.app, utilisateur)
    await audit(ctx, "promote", target=utilisateur, bassin=slug, rooms=rooms)
    await ctx.reply("mod.promoted", user=user_pill(utilisateur), scope=scope, rooms=rooms)


@command(
    "mod retrograder",
    args=[Arg("utilisateur", ArgKind.USER)],
    help="mod.help.retrograder",
    role=Role.BASSIN_MODERATOR,
)
async def demote(ctx: CommandContext, utilisateur: str) -> None:
    if utilisateur in ctx.app.settings.admins:
        raise CheckFailure("mod.admin_from_settings", user=utilisateur)
    roles = await ctx.app.roles.of(utilisateur)
    if not roles:
        await ctx.reply("mod.not_moderator", user=user_pill(utilisateur))
        return
    for role in roles:
        await require(ctx, role.bassin)
    removed = await ctx.app.roles.revoke_all(utilisateur)
    rooms = await moderation.mirror_user(ctx.app, utilisateur)
    bassins = sorted({r.bassin for r in roles if r.bassin})
    await audit(ctx, "demote", target=utilisateur, roles=removed, bassins=bassins)
    await ctx.reply("mod.demoted", user=user_pill(utilisateur), count=removed, rooms=rooms)
