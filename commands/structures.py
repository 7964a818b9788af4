"""``!structures [thème|bassin|mots]`` and ``!structure #N``: the directory of structures (§13).

Imported from data·inclusion files (``tisserand structures import``); searched with the same
French engine as the FAQ and the fiches. Partners may use it too.
"""

from __future__ import annotations

from bot.framework.catalogue import Catalogue, Part, Raw
from bot.framework.context import CommandContext
from bot.framework.errors import UserInputError
from bot.framework.registry import Arg, ArgKind, command
from bot.framework.roles import Role
from bot.matrix.formatting import Message, pill
from bot.services.structures import REFERENCE, Found
from config.layout import Layout
from storage.search import shorten


def _labels(layout: Layout, themes: list[str]) -> str:
    return ", ".join(t.label for s in themes if (t := layout.theme(s))) or "—"


def card(
    cat: Catalogue, layout: Layout, found: Found, *, full: bool, web: str | None = None
) -> list[Part]:
    """One structure: address, contact, its services (public, conditions), who knows it, and
    its page on the web site when the site is served (``web``: its public address)."""
    row = found.structure
    contact = " · ".join(x for x in (row.telephone, row.courriel, row.site_web) if x) or "—"
    bassin = layout.bassin(row.bassin or "")
    parts: list[Part] = [
        (
            "structures.card",
            {
                "id": row.id,
                "nom": row.nom,
                "adresse": row.adresse or "—",
                "contact": contact,
                "bassin": bassin.name if bassin else "—",
                "themes": _labels(layout, row.themes or []),
            },
        )
    ]
    if full and row.description:
        parts.append(("structures.description", {"text": row.description}))
    for service in found.services[: None if full else 2]:
        parts.append(
            (
                "structures.service",
                {
                    "nom": service.nom,
                    "publics": service.publics or "—",
                    "conditions": shorten(service.conditions, 200) or "—",
                    "contact": service.contact or "—",
                },
            )
        )
    if row.referent:
        parts.append(("structures.referent", {"user": Raw(pill(row.referent))}))
    if web is not None:  # [A-Za-z0-9/:.-]: an autolink keeps it whole
        parts.append(("structures.web_link", {"link": Raw(f"<{web}/structures/{row.id}>")}))
    return parts


@command(
    "structures",
    aliases=["structures-annuaire"],
    args=[Arg("filtre", ArgKind.REST, required=False)],
    help="structures.help.structures",
    role=Role.PARTNER,
)
async def find_structures(ctx: CommandContext, filtre: str | None) -> None:
    found = await ctx.app.directory.find(filtre)
    if not found:
        await ctx.reply("structures.none", query=(filtre or "")[:80], prefix=ctx.prefix)
        return
    parts: list[Part] = [("structures.title", {"count": len(found), "query": (filtre or "")[:80]})]
    for item in found:
        parts += card(ctx.catalogue, ctx.app.layout, item, full=False, web=await _web(ctx))
    parts.append(("structures.footer", {"prefix": ctx.prefix}))
    await ctx.reply_message(ctx.catalogue.compose(parts, "\n\n"))


@command(
    "structure",
    args=[Arg("numero", ArgKind.INT)],
    help="structures.help.structure",
    role=Role.PARTNER,
)
async def show_structure(ctx: CommandContext, numero: int) -> None:
    found = await ctx.app.directory.get(numero)
    if found is None:
        raise UserInputError("structures.not_found", id=numero)
    parts = card(ctx.catalogue, ctx.app.layout, found, full=True, web=await _web(ctx))
    await ctx.reply_message(ctx.catalogue.compose(parts, "\n\n"))


MAX_REFERENCES = 3


async def referenced_cards(ctx: CommandContext, text: str) -> Message | None:
    """``#S12`` in an answer: the card of structure 12 under it (up to three)."""
    numbers = list(dict.fromkeys(int(m.group(1)) for m in REFERENCE.finditer(text)))
    parts: list[Part] = []
    for number in numbers[:MAX_REFERENCES]:
        found = await ctx.app.directory.get(number)
        if found is not None:
            # read by the requester, a member, whoever answered
            web = ctx.app.web_access.base_url
            parts += card(ctx.catalogue, ctx.app.layout, found, full=False, web=web)
    return ctx.catalogue.compose(parts, "\n\n") if parts else None


async def structures_that_help(ctx: CommandContext, themes: list[str]) -> Message | None:
    """The ``!aide`` preview's « Structures qui peuvent aider »: the requester's bassin,
    the detected themes."""
    member = await ctx.app.members.get(ctx.sender)
    bassin = member.bassin if member is not None else None
    found = await ctx.app.directory.suggest(themes, bassin) if themes else []
    if not found:
        return None
    parts: list[Part] = [("structures.suggest_title", {})]
    for item in found:
        row = item.structure
        contact = row.telephone or row.courriel or row.site_web or "—"
        line = {"id": row.id, "nom": row.nom, "commune": row.commune or "—", "contact": contact}
        parts.append(("structures.suggest_line", line))
    parts.append(("structures.footer", {"prefix": ctx.prefix}))
    return ctx.catalogue.compose(parts)


async def _web(ctx: CommandContext) -> str | None:
    """The site's address for the structure's page; none for a partner (the site is for
    members)."""
    return None if (await ctx.grants()).partner else ctx.app.web_access.base_url
