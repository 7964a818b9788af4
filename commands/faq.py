"""``!faq``: the network's memory, searchable in French (SPEC §4)."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from bot.framework.catalogue import Part, Raw
from bot.framework.context import CommandContext
from bot.framework.errors import UserInputError
from bot.framework.registry import Arg, ArgKind, command, listener
from bot.framework.roles import Role
from bot.matrix.formatting import pill
from bot.services.faq import FIELDS
from bot.services.help_requests import quote
from bot.text.when import format_french_date
from commands.mod import actor
from config.layout import Theme
from storage.repositories.faq_queries import FaqResult
from storage.search import shorten

ADD = "faq_add"
_ENTRY_REF = re.compile(r"^#?(\d{1,9})$")


def _labels(ctx: CommandContext, themes: list[str]) -> str:
    return ", ".join(t.label for slug in themes if (t := ctx.app.layout.theme(slug))) or "—"


@command("faq", args=[Arg("mots", ArgKind.REST)], help="faq.help.search", role=Role.PARTNER)
async def search(ctx: CommandContext, mots: str) -> None:
    reference = _ENTRY_REF.match(mots.strip())
    if reference:
        await show(ctx, int(reference.group(1)))
        return
    grants = await ctx.grants()  # a partner reads the entries of their themes only
    results = await ctx.app.faq.search(mots, limit=20 if grants.partner else 5)
    results = [r for r in results if grants.may_read_themes(r.entry.themes)][:5]
    if not results:
        await ctx.reply("faq.no_results", query=mots[:100], prefix=ctx.prefix)
        return
    await ctx.reply_message(ctx.catalogue.compose(_result_parts(mots, results)))


def _result_parts(query: str, results: list[FaqResult]) -> list[Part]:
    parts: list[Part] = [("faq.results_title", {"count": len(results), "query": query[:100]})]
    for result in results:
        entry = result.entry
        line = {"id": entry.id, "question": shorten(entry.question, 160), "excerpt": result.excerpt}
        parts.append(("faq.result_line", line))
    return parts


async def show(ctx: CommandContext, entry_id: int) -> None:
    entry = await ctx.app.faq.get(entry_id)
    if entry is None or not (await ctx.grants()).may_read_themes(entry.themes):
        raise UserInputError("faq.not_found", id=entry_id)
    bassin = ctx.app.layout.bassin(entry.bassin or "")
    contributors = ""
    if entry.contributors:
        people = ", ".join(pill(user) for user in entry.contributors)
        contributors = ctx.catalogue.markdown("faq.entry_contributors", people=Raw(people))
    zone = ZoneInfo(ctx.app.settings.timezone)
    await ctx.reply(
        "faq.entry",
        id=entry.id,
        date=format_french_date(entry.created_at.astimezone(zone).date()),
        bassin=Raw(ctx.catalogue.markdown("faq.entry_bassin", bassin=bassin.name))
        if bassin
        else "",
        question=quote(entry.question),
        answer=quote(entry.answer),
        themes=_labels(ctx, entry.themes),
        contributors=Raw(contributors),
    )


@command("faq themes", help="faq.help.themes", role=Role.PARTNER)
async def themes(ctx: CommandContext) -> None:
    grants = await ctx.grants()
    counts = {
        slug: n
        for slug, n in (await ctx.app.faq.counts_by_theme()).items()
        if grants.may_read_themes([slug])
    }
    if not counts:
        await ctx.reply("faq.themes_empty")
        return
    await ctx.reply_message(ctx.catalogue.compose(_theme_lines(ctx, counts)))


def _theme_lines(ctx: CommandContext, counts: dict[str, int]) -> list[Part]:
    """The title, then one line per theme with its label and number of entries."""
    parts: list[Part] = [("faq.themes_title", {})]
    for slug, count in counts.items():
        theme = ctx.app.layout.theme(slug)
        label = theme.label if theme else slug
        parts.append(("faq.themes_line", {"label": label, "slug": slug, "count": count}))
    return parts


@command("faq theme", args=[Arg("theme", ArgKind.REST)], help="faq.help.theme", role=Role.PARTNER)
async def theme(ctx: CommandContext, theme: str) -> None:
    found = await _theme(ctx, theme)
    entries = await ctx.app.faq.list_by_theme(found.slug, limit=20)
    if not entries:
        await ctx.reply("faq.theme_empty", label=found.label)
        return
    parts: list[Part] = [("faq.theme_title", {"label": found.label, "count": len(entries)})]
    parts += [
        ("faq.theme_line", {"id": e.id, "question": shorten(e.question, 160)}) for e in entries
    ]
    await ctx.reply_message(ctx.catalogue.compose(parts))


async def _theme(ctx: CommandContext, text: str) -> Theme:
    """The theme named by ``text``, if the sender may read it (a partner: their themes only)."""
    found = ctx.app.layout.find_theme(text)
    if found is None or not (await ctx.grants()).may_read_themes([found.slug]):
        themes = ", ".join(t.slug for t in ctx.app.layout.themes)
        raise UserInputError("faq.unknown_theme", value=text[:60], themes=themes)
    return found


# -- moderators -------------------------------------------------------------------------------
@command("faq ajouter", role=Role.BASSIN_MODERATOR, help="faq.help.ajouter")
async def add(ctx: CommandContext) -> None:
    await ctx.app.conversations.start(
        ctx.sender, ADD, await ctx.private_room(), {"step": "question"}
    )
    await ctx.answer_privately(ctx.render("faq.ask_question"))


@listener("conversation", ADD)
async def add_step(ctx: CommandContext) -> None:
    conversation = await ctx.app.conversations.current(ctx.sender, ctx.room_id, ADD)
    if conversation is None:
        return
    answer, data = ctx.event.command_text.strip(), dict(conversation.data)
    if answer.lower() in ("annuler", "cancel"):
        await ctx.app.conversations.finish(conversation.id)
        await ctx.reply("faq.add_cancelled")
    elif data["step"] in ("question", "answer"):
        await _next_step(ctx, conversation.id, data, answer)
    elif entry_id := await ctx.app.faq_workflows.add(
        await actor(ctx), conversation.id, data["question"], data["answer"], answer
    ):
        await ctx.reply("faq.added", id=entry_id)


async def _next_step(
    ctx: CommandContext, conversation_id: int, data: dict[str, str], answer: str
) -> None:
    if data["step"] == "question":
        data = {"step": "answer", "question": answer}
        await ctx.app.conversations.update(conversation_id, data=data)
        await ctx.reply("faq.ask_answer")
        return
    data.update(step="themes", answer=answer)
    await ctx.app.conversations.update(conversation_id, data=data)
    await ctx.reply("faq.ask_themes", themes=", ".join(t.slug for t in ctx.app.layout.themes))


@command(
    "faq modifier",
    args=[Arg("numero", ArgKind.INT), Arg("champ"), Arg("valeur", ArgKind.REST)],
    role=Role.BASSIN_MODERATOR,
    help="faq.help.modifier",
)
async def modify(ctx: CommandContext, numero: int, champ: str, valeur: str) -> None:
    field = FIELDS.get(champ.lower())
    if field is None:
        raise UserInputError("faq.unknown_field", prefix=ctx.prefix)
    await ctx.app.faq_workflows.edit(await actor(ctx), numero, field, valeur)
    await ctx.reply("faq.updated", id=numero, field=champ.lower())


@command(
    "faq supprimer",
    args=[Arg("numero", ArgKind.INT), Arg("raison", ArgKind.REST, required=False)],
    role=Role.BASSIN_MODERATOR,
    help="faq.help.supprimer",
)
async def delete(ctx: CommandContext, numero: int, raison: str | None) -> None:
    await ctx.app.faq_workflows.delete(await actor(ctx), numero, raison)
    await ctx.reply("faq.deleted", id=numero)
