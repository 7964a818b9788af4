"""The requester's check before anything leaves the DM (issue 12): words to mask, FAQ drafts.

``!masquer 1 3`` / ``!masquer Marie`` / a number reaction mask words still listed « À vérifier »
in the waiting preview or FAQ draft, which is shown again; ``!resolu N …`` shows the FAQ draft
(in the DM) and ``!publier`` (or ✅) publishes it; ``!annuler`` drops it (commands/aide.py).
"""

from __future__ import annotations

from bot.framework.catalogue import Raw
from bot.framework.context import CommandContext
from bot.framework.registry import Arg, ArgKind, command, listener
from bot.matrix.formatting import Message
from bot.services.help_requests import FAQ_DRAFT, PREVIEW, Resolution, Review, checked_text
from commands.aide import SEND_KEYS, check_block, preview_message, run_unprefixed
from storage.models import Conversation

NUMBER_KEYS = {f"{n}\N{COMBINING ENCLOSING KEYCAP}": n for n in range(10)} | {"🔟": 10}
NUMBER_KEYS |= {f"{n}\ufe0f\N{COMBINING ENCLOSING KEYCAP}": n for n in range(10)}
CANCEL_KEYS = ("❌", "✖️")


@command(
    "masquer",
    aliases=["mask"],
    args=[Arg("mots", ArgKind.REST)],
    help="aide.help.masquer",
    where="dm",
    private=True,
)
async def mask_words(ctx: CommandContext, mots: str) -> None:
    waiting = await ctx.app.help_requests.previews.checking(ctx.sender, ctx.room_id)
    numbers = [int(t) for t in mots.split()] if all(t.isdigit() for t in mots.split()) else []
    await _mask(ctx, waiting, numbers, None if numbers else mots)


async def _mask(
    ctx: CommandContext, waiting: Conversation, numbers: list[int], word: str | None
) -> None:
    previews = ctx.app.help_requests.previews
    masked = await previews.mask(ctx.event.event_id, waiting, numbers, word)
    if masked.kind == PREVIEW:
        message = preview_message(ctx, await previews.redraft(masked))
    else:
        message = _draft_message(ctx, masked)
    await previews.shown(masked, await ctx.reply_message(message))  # typed where it waits


def _draft_message(ctx: CommandContext, draft: Conversation) -> Message:
    data = draft.data
    return ctx.render(
        "aide.faq_draft",
        id=data["request_id"],
        question=str(data["question"]),
        answer=str(data["answer"]),
        check=check_block(ctx.catalogue, checked_text(draft)),
    )


@command(
    "resolu",
    aliases=["resolved"],
    args=[Arg("numero", ArgKind.INT), Arg("reponses", ArgKind.INTS, required=False)],
    help="aide.help.resolu",
)
async def resolve(ctx: CommandContext, numero: int, reponses: list[int]) -> None:
    resolutions = ctx.app.help_requests.resolutions
    outcome = await resolutions.resolve(ctx.event.event_id, ctx.sender, numero, reponses)
    if isinstance(outcome, Review):
        draft, message = outcome.draft, _draft_message(ctx, outcome.draft)
        if draft.room_id == ctx.room_id:
            anchor = await ctx.reply_message(message)
        else:  # checked in private, never in the room it was typed in
            anchor = await ctx.send(draft.room_id, message)
            await ctx.reply("aide.faq_draft_in_dm", id=numero)
        await ctx.app.help_requests.previews.shown(draft, anchor)
        return
    await _resolved(ctx, outcome)


@command("publier", aliases=["publish"], help="aide.help.publier")
async def publish(ctx: CommandContext) -> None:
    done = await ctx.app.help_requests.resolutions.publish(ctx.event.event_id, ctx.sender)
    await _resolved(ctx, done)


async def _resolved(ctx: CommandContext, done: Resolution) -> None:
    if done.already:
        await ctx.reply("aide.already_resolved", id=done.request_id, faq_id=done.faq_id)
        return
    cat = ctx.catalogue
    mine = (
        cat.markdown("aide.resolved_faq", faq_id=done.faq_id)
        if done.faq_id
        else cat.markdown("aide.resolved_no_answer")
    )
    await ctx.reply("aide.resolved", id=done.request_id, faq=Raw(mine))


@listener("conversation", FAQ_DRAFT)
async def draft_answered(ctx: CommandContext) -> None:
    """Free text while a FAQ draft waits: its words typed without the prefix."""
    await run_unprefixed(ctx)


@listener("reaction")
async def check_reaction(ctx: CommandContext) -> None:
    """1️⃣… on a preview or a FAQ draft masks that word; ✅ / ❌ on a FAQ draft publish / drop."""
    reaction = ctx.event.reaction
    keys = (*NUMBER_KEYS, *SEND_KEYS, *CANCEL_KEYS)
    if reaction is None or not ctx.is_dm or reaction[1] not in keys:
        return
    waiting = await ctx.app.help_requests.previews.answered(ctx.sender, reaction[0])
    if waiting is None:
        return
    if reaction[1] in NUMBER_KEYS:
        await _mask(ctx, waiting, [NUMBER_KEYS[reaction[1]]], None)
    elif waiting.kind != FAQ_DRAFT:
        return  # a preview's ✅ / ❌: commands/aide.py
    elif reaction[1] in SEND_KEYS:
        await publish(ctx)
    elif (number := await ctx.app.help_requests.resolutions.drop(waiting)) is not None:
        await ctx.reply("aide.faq_dropped", id=number)
