"""``!mod bassin ajouter|archiver`` and ``!mod provisionner``: the layout, live (SPEC §7).

These act on the whole network, so they are for global moderators and admins. A bassin added
or archived here is kept in the database and merged into the layout file's at every start
(see `bot.services.moderation.effective_layout`).
"""

from __future__ import annotations

import re

from bot.framework.context import CommandContext
from bot.framework.errors import BadArgument, CommandError
from bot.framework.registry import Arg, ArgKind, command
from bot.framework.roles import Role
from bot.services.moderation import community_rooms
from bot.services.provisioning import bassin_key
from commands.mod import actor, bassin_list, confirm_hint
from config.layout import SLUG_PATTERN, Bassin, slugify


def _checked_slug(slug: str, name: str) -> str:
    slug = slug.lower()
    if not re.match(SLUG_PATTERN, slug) or len(slug) > 48:
        raise BadArgument("mod.bad_slug", value=slug[:60], example=slugify(name)[:48] or "namur")
    return slug


@command(
    "mod bassin ajouter",
    args=[Arg("slug"), Arg("nom", ArgKind.REST)],
    help="mod.help.bassin_ajouter",
    role=Role.BASSIN_MODERATOR,
)
async def add_bassin(ctx: CommandContext, slug: str, nom: str) -> None:
    who = await actor(ctx)
    ctx.app.moderation.require(who, None)
    slug, name = _checked_slug(slug, nom), nom.strip()[:120]
    existing = ctx.app.layout.bassin(slug)
    if existing is not None:
        await ctx.reply("mod.bassin_exists", slug=slug, name=existing.name)
        return
    report = await ctx.app.network.add_bassin(who, slug, name)
    created = report.created + report.adopted + report.updated
    space = await _space(ctx, slug)
    await ctx.reply("mod.bassin_added", name=name, slug=slug, created=created, space=space)


async def _space(ctx: CommandContext, slug: str) -> str:
    space = await ctx.app.rooms.by_key(bassin_key(slug))
    return (space.alias or space.room_id) if space else "—"


def _archivable(ctx: CommandContext, slug: str) -> Bassin:
    bassin = ctx.app.layout.find_bassin(slug)
    if bassin is None:
        raise CommandError("mod.unknown_bassin", value=slug[:60], bassins=bassin_list(ctx))
    if len(ctx.app.layout.bassins) == 1:
        raise CommandError("mod.last_bassin", name=bassin.name)
    return bassin


@command(
    "mod bassin archiver",
    args=[Arg("slug")],
    help="mod.help.bassin_archiver",
    role=Role.BASSIN_MODERATOR,
)
async def archive_bassin(ctx: CommandContext, slug: str) -> None:
    who = await actor(ctx)
    ctx.app.moderation.require(who, None)
    bassin = _archivable(ctx, slug)

    async def ask() -> str:
        rooms = len(community_rooms(await ctx.app.rooms.all(), bassin.slug))
        hint = confirm_hint(ctx)
        question = ctx.render("mod.archive_question", **_named(bassin), rooms=rooms, hint=hint)
        return await ctx.reply_message(question)

    await ctx.app.network.propose_archive(who, bassin.slug, bassin.name, ask)


def _named(bassin: Bassin) -> dict[str, str]:
    return {"name": bassin.name, "slug": bassin.slug}


@command("mod provisionner", help="mod.help.provisionner", role=Role.BASSIN_MODERATOR)
async def provision(ctx: CommandContext) -> None:
    report = await ctx.app.network.provision(await actor(ctx))
    await ctx.reply(
        "mod.provisioned",
        created=report.created,
        adopted=report.adopted,
        updated=report.updated,
        archived=report.archived,
    )
