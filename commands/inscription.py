"""``!inscription``: joining the community, in one command or guided step by step (SPEC §2)."""

from __future__ import annotations

from typing import Any

from bot.framework.catalogue import Raw
from bot.framework.context import CommandContext
from bot.framework.errors import CommandError
from bot.framework.registry import Arg, ArgKind, command, listener
from bot.matrix.formatting import pill
from bot.services.inscription import KIND, Registered


def _bassins(ctx: CommandContext) -> str:
    return ", ".join(f"{b.name} ({b.slug})" for b in ctx.app.layout.bassins)


def _groupes_list(ctx: CommandContext) -> Raw:
    lines = [
        ctx.catalogue.markdown(
            "inscription.groupe_line",
            slug=g.slug,
            name=g.name,
            description=f" ({g.description})" if g.description else "",
        )
        for g in ctx.app.layout.groupes
    ]
    return Raw("\n".join(lines))


def _groupes(ctx: CommandContext) -> str:
    return ", ".join(g.slug for g in ctx.app.layout.groupes)


def _bassin(ctx: CommandContext, text: str) -> str:
    found = ctx.app.layout.find_bassin(text)
    if found is None:
        raise CommandError("inscription.unknown_bassin", value=text[:60], bassins=_bassins(ctx))
    return found.slug


def _groupe(ctx: CommandContext, text: str) -> str:
    found = ctx.app.layout.find_groupe(text)
    if found is None:
        raise CommandError("inscription.unknown_groupe", value=text[:60], groupes=_groupes(ctx))
    return found.slug


@command(
    "inscription",
    aliases=["register"],
    args=[
        Arg("bassin", required=False),
        Arg("groupe", required=False),
        Arg("structure", ArgKind.REST, required=False),
    ],
    help="inscription.help.inscription",
)
async def register(
    ctx: CommandContext, bassin: str | None, groupe: str | None, structure: str | None
) -> None:
    if bassin is None:
        await _ask(ctx, "bassin", {})
    elif groupe is None:
        await _ask(ctx, "groupe", {"bassin": _bassin(ctx, bassin)})
    else:
        bassin_slug, groupe_slug = _bassin(ctx, bassin), _groupe(ctx, groupe)
        await complete(ctx, bassin_slug, groupe_slug, structure)


async def _ask(ctx: CommandContext, step: str, data: dict[str, Any]) -> None:
    room_id = await ctx.private_room()
    await ctx.app.registrations.ask(ctx.event.event_id, ctx.sender, room_id, step, data)
    if step == "bassin":
        message = ctx.render("inscription.ask_bassin", bassins=_bassins(ctx))
    elif step == "groupe":
        bassin = ctx.app.layout.bassin(data["bassin"])
        message = ctx.render(
            "inscription.ask_groupe",
            bassin=bassin.name if bassin else data["bassin"],
            groupes=_groupes_list(ctx),
        )
    else:
        message = ctx.render("inscription.ask_structure")
    await ctx.answer_privately(message)


@listener("conversation", KIND)
async def continue_registration(ctx: CommandContext) -> None:
    conversation = await ctx.app.conversations.current(ctx.sender, ctx.room_id, KIND)
    if conversation is None:
        return
    answer, data = ctx.event.command_text.strip(), dict(conversation.data)
    step = data.get("step")
    if step == "bassin":
        await _ask(ctx, "groupe", {"bassin": _bassin(ctx, answer)})
    elif step == "groupe":
        await _ask(ctx, "structure", {"bassin": data["bassin"], "groupe": _groupe(ctx, answer)})
    else:
        skip = ctx.text("inscription.skip_words").split("|")
        structure = None if answer.lower() in skip else answer[:255]
        await complete(ctx, data["bassin"], data["groupe"], structure, form=conversation.id)


async def complete(
    ctx: CommandContext, bassin: str, groupe: str, structure: str | None, *, form: int | None = None
) -> None:
    registrations = ctx.app.registrations
    done = await registrations.register(
        ctx.event.event_id, ctx.sender, bassin, groupe, structure, form=form
    )
    if done is not None:
        await ctx.reply_message(_done_message(ctx, done))


def _done_message(ctx: CommandContext, done: Registered) -> Any:
    layout = ctx.app.layout
    bassin, groupe = layout.bassin(done.bassin), layout.groupe(done.groupe)
    structure_text = (
        ctx.catalogue.markdown("inscription.done_structure", structure=done.structure)
        if done.structure
        else ""
    )
    room = done.room
    return ctx.render(
        "inscription.done",
        bassin=bassin.name if bassin else done.bassin,
        groupe=groupe.name if groupe else done.groupe,
        structure=Raw(structure_text),
        room=Raw(pill(room.alias or room.room_id) if room is not None else "—"),
    )
