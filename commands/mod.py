"""``!mod``: what every moderation command shares, and the confirmation of destructive ones.

Every ``!mod`` command is declared for bassin moderators at least (the dispatcher refuses
everyone else), then checks *where* it acts with `require`: a bassin moderator acts only on
their bassin, global moderators and admins anywhere. Roles are looked up by Matrix id only,
so a display name copied from a moderator grants nothing.

Destructive actions (``bannir``, ``bassin archiver``) first ask a question; the pending action
is a conversation of kind ``mod_confirm`` anchored on the question, so a ✅ reaction or
``!confirmer`` given after a restart still finds it. ``!infirmer`` drops it. (``!annuler``
belongs to help requests: moderation does not take it over.)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.framework.catalogue import Raw
from bot.framework.context import CommandContext
from bot.framework.errors import CheckFailure
from bot.framework.permissions import Grants
from bot.framework.registry import command, listener
from bot.framework.roles import Role
from bot.matrix.formatting import Message, markdown_to_html, pill
from bot.services import moderation
from storage.models import Conversation, utcnow

CONFIRM_KIND = "mod_confirm"
CONFIRM_DELAY = timedelta(minutes=10)
CONFIRM_REACTIONS = frozenset({"✅", "✅\ufe0f", "✔️", "✔"})


# ------------------------------------------------------------------------------ shared helpers
async def require(ctx: CommandContext, bassin: str | None) -> Grants:
    """Refuse (one message, nothing changed) unless the sender moderates ``bassin``
    (``None``: the whole network, for global moderators and admins only)."""
    grants = await ctx.grants()
    if grants.can_moderate(bassin):
        return grants
    if bassin is None:
        raise CheckFailure("mod.global_only")
    found = ctx.app.layout.bassin(bassin)
    raise CheckFailure("mod.not_your_bassin", bassin=found.name if found else bassin)


async def audit(
    ctx: CommandContext,
    action: str,
    *,
    target: str | None = None,
    reason: str | None = None,
    bassin: str | None = None,
    room_id: str | None = None,
    **details: Any,
) -> None:
    """One line of the audit log for a moderator's action (the journal never forgets)."""
    if bassin is not None:
        details["bassin"] = bassin
    await ctx.app.audit.record(
        ctx.sender,
        action,
        room_id=room_id or ctx.room_id,
        target=target,
        reason=reason,
        details=details,
    )


def user_pill(user_id: str) -> Raw:
    return Raw(pill(user_id))


def bassin_list(ctx: CommandContext) -> str:
    return ", ".join(f"{b.name} ({b.slug})" for b in ctx.app.layout.bassins)


async def ask_confirmation(
    ctx: CommandContext, action: str, data: dict[str, Any], question: Message
) -> None:
    """Post the question and keep the pending action until ✅ / !confirmer (10 minutes)."""
    anchor = await ctx.reply_message(question)
    await ctx.app.conversations.start(
        ctx.sender,
        CONFIRM_KIND,
        ctx.room_id,
        {**data, "action": action},
        expires_at=utcnow() + CONFIRM_DELAY,
        anchor_event_id=anchor,
    )


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
    if await ctx.app.conversations.finish(conversation.id):
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
    if (
        conversation is None
        or conversation.kind != CONFIRM_KIND
        or conversation.user_id != ctx.sender
        or conversation.room_id != ctx.room_id
    ):
        return
    if conversation.expires_at is not None and conversation.expires_at <= utcnow():
        await ctx.app.conversations.finish(conversation.id)
        await ctx.send(
            ctx.room_id, ctx.render("mod.confirm_expired"), reply_to=conversation.anchor_event_id
        )
        return
    if await ctx.app.conversations.finish(conversation.id):
        await _execute(ctx, conversation, reply_to=conversation.anchor_event_id)


async def _execute(ctx: CommandContext, conversation: Conversation, reply_to: str | None) -> None:
    """Carry out a confirmed action, checking the rights again: they may have changed."""
    data = dict(conversation.data)
    action = data.get("action")
    if action == "ban":
        await require(ctx, None)
        target, reason = str(data["target"]), str(data["reason"])
        count = await moderation.ban_everywhere(ctx.app, target, reason)
        await audit(
            ctx, "ban", target=target, reason=reason, room_id=conversation.room_id, rooms=count
        )
        message = ctx.render("mod.banned", user=user_pill(target), count=count, reason=reason)
    elif action == "archive_bassin":
        await require(ctx, None)
        slug, name = str(data["slug"]), str(data["name"])
        report = await moderation.archive_bassin(ctx.app, ctx.sender, slug)
        await audit(
            ctx,
            "bassin_archive",
            target=slug,
            bassin=slug,
            room_id=conversation.room_id,
            archived=report.archived,
        )
        message = ctx.render("mod.bassin_archived", name=name, archived=report.archived)
    else:
        return
    await ctx.send(conversation.room_id, message, reply_to=reply_to)
