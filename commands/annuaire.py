"""``!annuaire``: who is in the directory, and who is ahead on which subject (SPEC §2).

Only people who chose to be listed (``!profil annuaire oui``) appear. They are sorted by
what they gave the network (answers to help requests and fiches actions written), so that
the question "qui est en pointe sur quel sujet ?" has its answer at the top of the list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.framework.catalogue import Part, Raw
from bot.framework.context import CommandContext
from bot.framework.errors import UserInputError
from bot.framework.registry import Arg, ArgKind, command
from bot.matrix.formatting import pill
from storage.models import Member

MAX_LINES = 50


@dataclass(frozen=True)
class Listed:
    member: Member
    answers: int
    fiches: int

    @property
    def contributions(self) -> int:
        return self.answers + self.fiches


@command(
    "annuaire",
    aliases=["directory"],
    args=[Arg("filtre", ArgKind.REST, required=False)],
    help="annuaire.help.annuaire",
)
async def directory(ctx: CommandContext, filtre: str | None) -> None:
    keep, label = _filter(ctx, filtre)
    members = [m for m in await ctx.app.members.directory() if keep(m)]
    scope = ctx.text("annuaire.scope", label=label) if label else ""
    if not members:
        await ctx.reply("annuaire.empty", scope=scope, prefix=ctx.prefix)
        return
    listed = await _ranked(ctx, members)
    parts: list[Part] = [("annuaire.header", {"scope": scope, "count": len(listed)})]
    parts += [("annuaire.line", _line(ctx, item)) for item in listed[:MAX_LINES]]
    if len(listed) > MAX_LINES:
        parts.append(("annuaire.more", {"count": len(listed) - MAX_LINES}))
    await ctx.reply_message(ctx.catalogue.compose(parts, "\n"))


async def _ranked(ctx: CommandContext, members: list[Member]) -> list[Listed]:
    """The members, who gave most first (answers to help requests, then fiches written)."""
    answers = await ctx.app.requests.answer_counts_by_author()
    fiches = await ctx.app.fiches.counts_by_author()
    return sorted(
        (Listed(m, answers.get(m.user_id, 0), fiches.get(m.user_id, 0)) for m in members),
        key=lambda item: (-item.contributions, -item.answers, item.member.user_id),
    )


def _filter(ctx: CommandContext, text: str | None) -> tuple[Callable[[Member], bool], str]:
    """Who to keep for a theme, bassin or groupe named in any case or accent; and its label."""
    if not text or not text.strip():
        return (lambda member: True), ""
    layout = ctx.app.layout
    theme = layout.find_theme(text)
    if theme is not None:
        return (lambda member: theme.slug in (member.themes or [])), theme.label
    bassin = layout.find_bassin(text)
    if bassin is not None:
        return (lambda member: member.bassin == bassin.slug), bassin.name
    groupe = layout.find_groupe(text)
    if groupe is not None:
        return (lambda member: member.groupe == groupe.slug), groupe.name
    raise UserInputError(
        "annuaire.unknown_filter",
        value=text.strip()[:60],
        themes=", ".join(t.slug for t in layout.themes),
        bassins=", ".join(b.slug for b in layout.bassins),
        groupes=", ".join(g.slug for g in layout.groupes),
    )


def _line(ctx: CommandContext, item: Listed) -> dict[str, Any]:
    layout = ctx.app.layout
    member = item.member
    unset = ctx.text("annuaire.unset")
    bassin = layout.bassin(member.bassin or "")
    groupe = layout.groupe(member.groupe or "")
    place = " / ".join(x.name for x in (bassin, groupe) if x is not None) or unset
    themes = [layout.theme(slug) for slug in member.themes or []]
    return {
        "user": Raw(pill(member.user_id)),
        "structure": member.structure or unset,
        "place": place,
        "themes": ", ".join(t.label for t in themes if t is not None) or unset,
        "answers": item.answers,
        "fiches": item.fiches,
    }
