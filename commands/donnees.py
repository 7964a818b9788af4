"""``!mes-donnees`` and ``!oubli``: a member's rights over their personal data (RGPD)."""

from __future__ import annotations

from datetime import timedelta

from bot.framework.context import CommandContext
from bot.framework.registry import command
from storage.models import utcnow

FORGET_KIND = "forget_confirm"
FORGET_DELAY = timedelta(minutes=10)


@command("mes-donnees", aliases=["my-data"], help="donnees.help.mes_donnees", where="dm")
async def my_data(ctx: CommandContext) -> None:
    copy = await ctx.app.personal_data.send_copy(ctx.room_id, ctx.sender, ctx.next_txn())
    await ctx.reply("donnees.copy_sent", sections=copy.sections, size=len(copy.content))


@command("oubli", aliases=["forget-me"], help="donnees.help.oubli", where="dm")
async def forget(ctx: CommandContext) -> None:
    await ctx.app.conversations.start(
        ctx.sender, FORGET_KIND, ctx.room_id, {}, expires_at=utcnow() + FORGET_DELAY
    )
    await ctx.reply("donnees.forget_question", prefix=ctx.prefix)


@command(
    "oubli confirmer", aliases=["forget-me confirm"], help="donnees.help.confirmer", where="dm"
)
async def confirm_forget(ctx: CommandContext) -> None:
    pending = await ctx.app.conversations.current(ctx.sender, ctx.room_id, FORGET_KIND)
    if pending is None:
        await ctx.reply("donnees.nothing_to_confirm", prefix=ctx.prefix)
        return
    await ctx.app.conversations.finish(pending.id)
    erased = await ctx.app.personal_data.forget(ctx.event.event_id, ctx.sender)
    await ctx.reply("donnees.forgotten", credits=erased.get("faq_credits", 0))
