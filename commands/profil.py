"""``!profil``: showing and editing one's own profile (SPEC §2)."""

from __future__ import annotations

from typing import Any

from bot.framework.catalogue import catalogue
from bot.framework.context import CommandContext
from bot.framework.errors import CommandError
from bot.framework.registry import Arg, ArgKind, command
from bot.framework.typed_themes import typed_themes
from storage.models import Member


@command("profil", aliases=["profile"], help="profil.help.profil")
async def show_profile(ctx: CommandContext) -> None:
    member = await ctx.app.members.get(ctx.sender)
    if member is None or member.bassin is None:
        await ctx.reply("profil.not_registered", prefix=ctx.prefix)
        return
    await ctx.reply("profil.show", **_profile(ctx, member))


def _profile(ctx: CommandContext, member: Member) -> dict[str, str]:
    layout = ctx.app.layout
    unset = ctx.text("profil.unset")
    bassin = layout.bassin(member.bassin or "")
    groupe = layout.groupe(member.groupe or "")
    themes = [layout.theme(slug) for slug in member.themes or []]
    return dict(
        bassin=bassin.name if bassin else (member.bassin or unset),
        groupe=groupe.name if groupe else unset,
        structure=member.structure or unset,
        themes=", ".join(t.label for t in themes if t) or unset,
        directory=ctx.text("profil.answer_yes" if member.in_directory else "profil.answer_no"),
        language=member.language or ctx.app.settings.language,
    )


async def _update(ctx: CommandContext, **fields: Any) -> None:
    await ctx.app.registrations.update_profile(ctx.event.event_id, ctx.sender, **fields)


@command("profil structure", args=[Arg("structure", ArgKind.REST)], help="profil.help.structure")
async def set_structure(ctx: CommandContext, structure: str) -> None:
    await _update(ctx, structure=structure[:255])
    await ctx.reply("profil.updated")


@command("profil themes", args=[Arg("themes", ArgKind.REST)], help="profil.help.themes")
async def set_themes(ctx: CommandContext, themes: str) -> None:
    await _update(ctx, themes=_theme_slugs(ctx, themes))
    await ctx.reply("profil.updated")


def _theme_slugs(ctx: CommandContext, text: str) -> list[str]:
    return typed_themes(
        ctx.app.layout, text, separators=",;", error=CommandError, key="profil.unknown_themes"
    )


@command(
    "profil annuaire",
    args=[Arg("choix", ArgKind.CHOICE, choices=("oui", "non"))],
    help="profil.help.annuaire",
)
async def set_directory(ctx: CommandContext, choix: str) -> None:
    await _update(ctx, in_directory=choix == "oui")
    await ctx.reply("profil.updated")


@command(
    "profil langue",
    args=[Arg("langue", ArgKind.CHOICE, choices=("fr", "en"))],
    help="profil.help.langue",
)
async def set_language(ctx: CommandContext, langue: str) -> None:
    await _update(ctx, language=langue)
    ctx.catalogue = catalogue(langue)
    await ctx.reply("profil.updated")
