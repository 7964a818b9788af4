"""``!mod``: what every moderation command shares, and the confirmation of destructive ones.

Every ``!mod`` command is declared for bassin moderators at least (the dispatcher refuses
everyone else); the service then checks *where* it acts (`bot.services.moderation.scope`): a
bassin moderator acts only on their bassin, global moderators and admins anywhere.

Destructive actions (``bannir``, ``bassin archiver``) first ask a question; ✅ or
``!confirmer`` carries them out, ``!infirmer`` drops them. (``!annuler`` belongs to help
requests: moderation does not take it over.)
"""

from __future__ import annotations

from typing import Any

from bot.framework.catalogue import Raw
from bot.framework.context import CommandContext
from bot.framework.registry import command, listener
from bot.framework.roles import Role
from bot.matrix.formatting import Message, markdown_to_html, pill
from bot.services.moderation.scope import Actor
from bot.services.moderation.service import CONFIRM_KIND
from storage.models import Conversation, utcnow

CONFIRM_REACTIONS = frozenset({"✅", "✅\ufe0f", "✔️", "✔"})


# ------------------------------------------------------------------------------ shared helpers
async def actor(ctx: CommandContext) -> Actor:
    """The sender with their rights, and the event their action is tied to."""
    return Actor(ctx.event.event_id, ctx.room_id, await ctx.grants())


def user_pill(user_id: str) -> Raw:
    return Raw(pill(user_id))


def bassin_name(ctx: CommandContext, slug: str | None) -> str:
    found = ctx.app.layout.bassin(slug or "")
    return found.name if found else (slug or "—")


def bassin_list(ctx: CommandContext) -> str:
    return ", ".join(f"{b.name} ({b.slug})" for b in ctx.app.layout.bassins)


def list_message(
    ctx: CommandContext, key: str, lines: list[tuple[str, dict[str, Any]]], **params: Any
) -> Message:
    """A title with one line per item, keeping the plain body free of Markdown escapes."""
    catalogue = ctx.catalogue
    markdown = "\n".join(catalogue.markdown(k, **p) for k, p in lines)
    plain = "\n".join(catalogue.text(k, **p) for k, p in lines)
    html = markdown_to_html(catalogue.markdown(key, lines=Raw(markdown), **params))
    return Message(catalogue.text(key, lines=plain, **params), html)


def confirm_hint(ctx: CommandContext) -> Raw:
    return Raw(ctx.catalogue.markdown("mod.confirm_hint", prefix=ctx.prefix))


# ------------------------------------------------------------------------------ confirmation
@command(
    "mod confirmer", aliases=["confirmer"], help="mod.help.confirmer", role=Role.BASSIN_MODERATOR
)
async def confirm(ctx: CommandContext) -> None:
    conversation = await ctx.app.conversations.current(ctx.sender, ctx.room_id, CONFIRM_KIND)
    if conversation is None:
        await ctx.reply("mod.nothing_to_confirm")
        return
    await _execute(ctx, conversation, reply_to=ctx.event.event_id)


@command("mod infirmer", aliases=["infirmer"], help="mod.help.infirmer", role=Role.BASSIN_MODERATOR)
async def cancel(ctx: CommandContext) -> None:
    conversation = await ctx.app.conversations.current(ctx.sender, ctx.room_id, CONFIRM_KIND)
    if conversation is None:
        await ctx.reply("mod.nothing_to_confirm")
        return
    await ctx.app.conversations.finish(conversation.id)
    await ctx.reply("mod.cancelled")


@listener("reaction")
async def confirm_by_reaction(ctx: CommandContext) -> None:
    reaction = ctx.event.reaction
    if reaction is None or reaction[1] not in CONFIRM_REACTIONS:
        return
    conversation = await ctx.app.conversations.by_anchor(reaction[0])
    if not _is_own_confirmation(ctx, conversation) or conversation is None:
        return
    if conversation.expires_at is not None and conversation.expires_at <= utcnow():
        await ctx.app.conversations.finish(conversation.id)
        expired = ctx.render("mod.confirm_expired")
        await ctx.send(ctx.room_id, expired, reply_to=conversation.anchor_event_id)
        return
    await _execute(ctx, conversation, reply_to=conversation.anchor_event_id)


def _is_own_confirmation(ctx: CommandContext, conversation: Conversation | None) -> bool:
    return (
        conversation is not None
        and conversation.kind == CONFIRM_KIND
        and conversation.user_id == ctx.sender
        and conversation.room_id == ctx.room_id
    )


async def _execute(ctx: CommandContext, conversation: Conversation, reply_to: str | None) -> None:
    done = await ctx.app.network.confirm(await actor(ctx), conversation)
    if done.action == "ban":
        data = done.data
        message = ctx.render(
            "mod.banned", user=user_pill(data["target"]), count=done.rooms, reason=data["reason"]
        )
    elif done.action == "archive_bassin" and done.report is not None:
        archived = done.report.archived
        message = ctx.render("mod.bassin_archived", name=done.data["name"], archived=archived)
    else:
        return
    await ctx.send(conversation.room_id, message, reply_to=reply_to)
