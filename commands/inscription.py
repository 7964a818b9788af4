"""``!inscription``: joining the community, in one command or guided step by step (SPEC §2)."""

from __future__ import annotations

import logging
from typing import Any

from bot.framework.catalogue import Raw
from bot.framework.context import CommandContext
from bot.framework.registry import Arg, ArgKind, command, listener
from bot.matrix.client import MatrixError
from bot.matrix.formatting import pill
from bot.services.provisioning import ANNOUNCEMENTS_KEY, FAQ_KEY, ROOT_KEY, bassin_key, room_key

log = logging.getLogger(__name__)

KIND = "inscription"


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
    layout = ctx.app.layout
    if bassin is None:
        await _ask(ctx, "bassin", {})
        return
    found_bassin = layout.find_bassin(bassin)
    if found_bassin is None:
        await ctx.reply("inscription.unknown_bassin", value=bassin[:60], bassins=_bassins(ctx))
        return
    if groupe is None:
        await _ask(ctx, "groupe", {"bassin": found_bassin.slug})
        return
    found_groupe = layout.find_groupe(groupe)
    if found_groupe is None:
        await ctx.reply("inscription.unknown_groupe", value=groupe[:60], groupes=_groupes(ctx))
        return
    await complete(ctx, found_bassin.slug, found_groupe.slug, structure)


async def _ask(ctx: CommandContext, step: str, data: dict[str, Any]) -> None:
    await ctx.app.conversations.start(
        ctx.sender, KIND, await ctx.private_room(), {**data, "step": step}
    )
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
    answer = ctx.event.command_text.strip()
    data = dict(conversation.data)
    layout = ctx.app.layout
    step = data.get("step")
    if step == "bassin":
        bassin = layout.find_bassin(answer)
        if bassin is None:
            await ctx.reply("inscription.unknown_bassin", value=answer[:60], bassins=_bassins(ctx))
            return
        await _ask(ctx, "groupe", {"bassin": bassin.slug})
    elif step == "groupe":
        groupe = layout.find_groupe(answer)
        if groupe is None:
            await ctx.reply("inscription.unknown_groupe", value=answer[:60], groupes=_groupes(ctx))
            return
        await _ask(ctx, "structure", {"bassin": data["bassin"], "groupe": groupe.slug})
    else:
        await ctx.app.conversations.finish(conversation.id)
        skip = ctx.text("inscription.skip_words").split("|")
        structure = None if answer.lower() in skip else answer[:255]
        await complete(ctx, data["bassin"], data["groupe"], structure)


async def complete(ctx: CommandContext, bassin: str, groupe: str, structure: str | None) -> None:
    app = ctx.app
    fields: dict[str, Any] = {"bassin": bassin, "groupe": groupe}
    if structure:
        fields["structure"] = structure[:255]
    member = await app.members.upsert(ctx.sender, **fields)
    room = None
    for key in (ROOT_KEY, bassin_key(bassin), room_key(bassin, groupe)):
        row = await app.rooms.by_key(key)
        if row is not None:
            room = row
            await invite_quietly(ctx, row.room_id)
    # The network-wide rooms every member reads.
    for key in (FAQ_KEY, ANNOUNCEMENTS_KEY):
        row = await app.rooms.by_key(key)
        if row is not None:
            await invite_quietly(ctx, row.room_id)
    bassin_name = app.layout.bassin(bassin).name  # type: ignore[union-attr]
    groupe_name = app.layout.groupe(groupe).name  # type: ignore[union-attr]
    structure_text = (
        ctx.catalogue.markdown("inscription.done_structure", structure=member.structure)
        if member.structure
        else ""
    )
    room_text = pill(room.alias or room.room_id) if room is not None else "—"
    message = ctx.render(
        "inscription.done",
        bassin=bassin_name,
        groupe=groupe_name,
        structure=Raw(structure_text),
        room=Raw(room_text),
    )
    await ctx.reply_message(message)


async def invite_quietly(ctx: CommandContext, room_id: str) -> None:
    """Invite, accepting that the user may already be in the room."""
    try:
        await ctx.app.client.invite(room_id, ctx.sender)
    except MatrixError as exc:
        log.info("invite of %s to %s not needed or refused: %s", ctx.sender, room_id, exc)
