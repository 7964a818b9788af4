"""``!web`` (alias ``!site``): a personal one-time link to the web site; ``!web deconnecter``
closes every session opened with one."""

from __future__ import annotations

from bot.framework.catalogue import Raw
from bot.framework.context import CommandContext
from bot.framework.errors import CheckFailure
from bot.framework.registry import command
from bot.services.web_access import NotMember


@command("web", aliases=["site"], help="web.help.web", where="dm")
async def link(ctx: CommandContext) -> None:
    if not ctx.app.web_access.enabled:
        raise CheckFailure("web.command.disabled")
    try:
        issued = await ctx.app.web_access.issue_link(ctx.event.event_id, ctx.sender)
    except NotMember:
        raise CheckFailure("web.command.not_member", prefix=ctx.prefix) from None
    if issued.url is None:
        await ctx.reply("web.command.link_replayed", prefix=ctx.prefix)
        return
    # The token is [A-Za-z0-9_-]: an autolink keeps it whole, and it is never logged.
    await ctx.reply("web.command.link", link=Raw(f"<{issued.url}>"), prefix=ctx.prefix)


@command(
    "web deconnecter",
    aliases=["site deconnecter", "web logout"],
    help="web.help.deconnecter",
    where="dm",
)
async def sign_out(ctx: CommandContext) -> None:
    ended = await ctx.app.web_access.sign_out(ctx.event.event_id, ctx.sender)
    await ctx.reply("web.command.signed_out", count=ended)
