"""``!mod inviter|retirer|bannir|debannir|promouvoir|retrograder``: people (SPEC §7).

Inviting, removing from or promoting in a bassin is for that bassin's moderators (and the
global team); what reaches every room (a ban, a removal everywhere, a global role) is for
global moderators and admins. A ban waits for a confirmation.
"""

from __future__ import annotations

from bot.framework.context import CommandContext
from bot.framework.errors import UserInputError
from bot.framework.registry import Arg, ArgKind, command
from bot.framework.roles import Role
from commands.mod import actor, bassin_list, bassin_name, confirm_hint, user_pill


def _bassin_slug(ctx: CommandContext, text: str | None) -> str | None:
    """The slug of the bassin named by ``text`` (None when no bassin was given)."""
    if text is None:
        return None
    bassin = ctx.app.layout.find_bassin(text)
    if bassin is None:
        raise UserInputError("mod.unknown_bassin", value=text[:60], bassins=bassin_list(ctx))
    return bassin.slug


def _groupe_slug(ctx: CommandContext, text: str | None) -> str | None:
    if text is None:
        return None
    found = ctx.app.layout.find_groupe(text)
    if found is None:
        groupes = ", ".join(g.slug for g in ctx.app.layout.groupes)
        raise UserInputError("mod.unknown_groupe", value=text[:60], groupes=groupes)
    return found.slug


def _scope_text(ctx: CommandContext, slug: str | None) -> str:
    if slug is None:
        return ctx.text("mod.scope_global")
    return ctx.text("mod.scope_bassin", bassin=bassin_name(ctx, slug))


@command(
    "mod inviter",
    args=[Arg("utilisateur", ArgKind.USER), Arg("bassin"), Arg("groupe", required=False)],
    help="mod.help.inviter",
    role=Role.BASSIN_MODERATOR,
)
async def invite(ctx: CommandContext, utilisateur: str, bassin: str, groupe: str | None) -> None:
    slug = _bassin_slug(ctx, bassin)
    assert slug is not None  # the argument is required
    who = await actor(ctx)
    count = await ctx.app.moderation.invite(who, utilisateur, slug, _groupe_slug(ctx, groupe))
    name = bassin_name(ctx, slug)
    await ctx.reply("mod.invited", user=user_pill(utilisateur), count=count, bassin=name)


@command(
    "mod retirer",
    args=[Arg("utilisateur", ArgKind.USER), Arg("bassin", required=False)],
    help="mod.help.retirer",
    role=Role.BASSIN_MODERATOR,
)
async def remove(ctx: CommandContext, utilisateur: str, bassin: str | None) -> None:
    slug = _bassin_slug(ctx, bassin)
    count = await ctx.app.moderation.remove(await actor(ctx), utilisateur, slug)
    await ctx.reply("mod.removed", user=user_pill(utilisateur), count=count)


@command(
    "mod bannir",
    aliases=["mod ban"],
    args=[Arg("utilisateur", ArgKind.USER), Arg("raison", ArgKind.REST)],
    help="mod.help.bannir",
    role=Role.BASSIN_MODERATOR,
)
async def ban(ctx: CommandContext, utilisateur: str, raison: str) -> None:
    reason = raison.strip()[:500]

    async def ask() -> str:
        rooms = await ctx.app.rooms.all(include_archived=True)
        question = ctx.render(
            "mod.ban_question",
            user=user_pill(utilisateur),
            rooms=len(rooms),
            reason=reason,
            hint=confirm_hint(ctx),
        )
        return await ctx.reply_message(question)

    await ctx.app.network.propose_ban(await actor(ctx), utilisateur, reason, ask)


@command(
    "mod debannir",
    aliases=["mod unban"],
    args=[Arg("utilisateur", ArgKind.USER)],
    help="mod.help.debannir",
    role=Role.BASSIN_MODERATOR,
)
async def unban(ctx: CommandContext, utilisateur: str) -> None:
    count = await ctx.app.moderation.unban(await actor(ctx), utilisateur)
    await ctx.reply("mod.unbanned", user=user_pill(utilisateur), count=count)


@command(
    "mod promouvoir",
    args=[Arg("utilisateur", ArgKind.USER), Arg("bassin", required=False)],
    help="mod.help.promouvoir",
    role=Role.BASSIN_MODERATOR,
)
async def promote(ctx: CommandContext, utilisateur: str, bassin: str | None) -> None:
    slug = _bassin_slug(ctx, bassin)
    rooms = await ctx.app.moderation.promote(await actor(ctx), utilisateur, slug)
    scope, user = _scope_text(ctx, slug), user_pill(utilisateur)
    if rooms is None:
        await ctx.reply("mod.already_moderator", user=user, scope=scope)
        return
    await ctx.reply("mod.promoted", user=user, scope=scope, rooms=rooms)


@command(
    "mod retrograder",
    args=[Arg("utilisateur", ArgKind.USER)],
    help="mod.help.retrograder",
    role=Role.BASSIN_MODERATOR,
)
async def demote(ctx: CommandContext, utilisateur: str) -> None:
    done = await ctx.app.moderation.demote(await actor(ctx), utilisateur)
    if done is None:
        await ctx.reply("mod.not_moderator", user=user_pill(utilisateur))
        return
    removed, rooms = done
    await ctx.reply("mod.demoted", user=user_pill(utilisateur), count=removed, rooms=rooms)
