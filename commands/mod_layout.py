"""``!mod bassin ajouter|archiver`` and ``!mod provisionner``: the layout, live (SPEC §7).

These act on the whole network, so they are for global moderators and admins. A bassin added
or archived here is kept in the database and merged into the layout file's at every start
(see `bot.services.moderation.effective_layout`).
"""

from __future__ import annotations

import re

from bot.framework.context import CommandContext
from bot.framework.errors import BadArgument
from bot.framework.registry import Arg, ArgKind, command
from bot.framework.roles import Role
from bot.services import moderation
from bot.services.provisioning import bassin_key
from commands.mod import ask_confirmation, audit, bassin_list, confirm_hint, require
from config.layout import SLUG_PATTERN, slugify


@command(
    "mod bassin ajouter",
    args=[Arg("slug"), Arg("nom", ArgKind.REST)],
    help="mod.help.bassin_ajouter",
    role=Role.BASSIN_MODERATOR,
)
async def add_bassin(ctx: CommandContext, slug: str, nom: str) -> None:
    await require(ctx, None)
    slug = slug.lower()
    if not re.match(SLUG_PATTERN, slug) or len(slug) > 48:
        raise BadArgument("mod.bad_slug", value=slug[:60], example=slugify(nom)[:48] or "namur")
    name = nom.strip()[:120]
    existing = ctx.app.layout.bassin(slug)
    if existing is not None:
        await ctx.reply("mod.bassin_exists", slug=slug, name=existing.name)
        return
    report = await moderation.add_bassin(ctx.app, ctx.sender, slug, name)
    space = await ctx.app.rooms.by_key(bassin_key(slug))
    await audit(ctx, "bassin_add", target=slug, bassin=slug, name=name, created=report.created)
    await ctx.reply(
        "mod.bassin_added",
        name=name,
        slug=slug,
        created=report.created + report.adopted + report.updated,
        space=(space.alias or space.room_id) if space else "—",
    )


@command(
    "mod bassin archiver",
    args=[Arg("slug")],
    help="mod.help.bassin_archiver",
    role=Role.BASSIN_MODERATOR,
)
async def archive_bassin(ctx: CommandContext, slug: str) -> None:
    await require(ctx, None)
    bassin = ctx.app.layout.find_bassin(slug)
    if bassin is None:
        await ctx.reply("mod.unknown_bassin", value=slug[:60], bassins=bassin_list(ctx))
        return
    if len(ctx.app.layout.bassins) == 1:
        await ctx.reply("mod.last_bassin", name=bassin.name)
        return
    rooms = moderation.community_rooms(await ctx.app.rooms.all(), bassin.slug)
    question = ctx.render(
        "mod.archive_question",
        name=bassin.name,
        slug=bassin.slug,
        rooms=len(rooms),
        hint=confirm_hint(ctx),
    )
    await ask_confirmation(
        ctx, "archive_bassin", {"slug": bassin.slug, "name": bassin.name}, question
    )


@command("mod provisionner", help="mod.help.provisionner", role=Role.BASSIN_MODERATOR)
async def provision(ctx: CommandContext) -> None:
    await require(ctx, None)
    report = await moderation.reprovision(ctx.app)
    await audit(
        ctx,
        "provision",
        created=report.created,
        adopted=report.adopted,
        updated=report.updated,
        archived=report.archived,
    )
    await ctx.reply(
        "mod.provisioned",
        created=report.created,
        adopted=report.adopted,
        updated=report.updated,
        archived=report.archived,
    )
