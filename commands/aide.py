"""``!aide`` and its follow-ups: an anonymised help request from DM preview to FAQ (SPEC §3).

Each handler parses (the registry did), calls one workflow of `HelpRequests`
(bot/services/help_requests) and replies. The raw situation is only ever held in memory while
it is anonymised: the preview stores the anonymised text, the journal never stores messages,
nothing here logs text, and the raw message is redacted once its anonymised version is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.framework.catalogue import Catalogue, Part, Raw, catalogue
from bot.framework.context import CommandContext
from bot.framework.registry import Arg, ArgKind, command, listener
from bot.framework.timers import TimerCall
from bot.matrix.formatting import Message, pill
from bot.services.help_requests import (
    COMPOSE,
    ESCALATE,
    FAQ_DRAFT,
    PREVIEW,
    RELEASE,
    Draft,
    Publication,
    Relayed,
    describe_when,
    quote,
    room_names,
)
from bot.text.anonymiser import words_to_check
from commands.structures import referenced_cards, structures_that_help
from storage.models import Conversation
from storage.search import shorten

if TYPE_CHECKING:
    from bot.app import Application

SEND_KEYS = ("✅", "✔️", "👍")
CANCEL_KEYS = ("❌", "✖️")


# -- composing and previewing ----------------------------------------------------------------
@command(
    "aide",
    args=[Arg("situation", ArgKind.REST, required=False)],
    help="aide.help.aide",
    private=True,
)
async def ask_for_help(ctx: CommandContext, situation: str | None) -> None:
    if not ctx.is_dm:  # the dispatcher took the text out of the room already
        await ctx.reply("aide.moved_to_dm")
    dm_room = await ctx.private_room()
    previews = ctx.app.help_requests.previews
    if not await previews.registered(ctx.sender):
        await _to_dm(ctx, dm_room, ctx.render("aide.not_registered", prefix=ctx.prefix))
    elif not situation:
        await previews.compose(ctx.sender, dm_room)
        await _to_dm(ctx, dm_room, ctx.render("aide.ask_situation"))
    else:
        await _preview(ctx, dm_room, situation)


@listener("conversation", COMPOSE)
async def situation_typed(ctx: CommandContext) -> None:
    if not await ctx.app.help_requests.previews.composed(ctx.sender, ctx.room_id):
        return
    if ctx.event.command_text.strip().lower() in ("annuler", "cancel"):
        await ctx.reply("aide.cancelled")
        return
    await _preview(ctx, ctx.room_id, ctx.event.command_text)


@listener("conversation", PREVIEW)
async def preview_answered(ctx: CommandContext) -> None:
    """Free text while a preview waits: the words of the preview, typed without the prefix."""
    await run_unprefixed(ctx)


async def run_unprefixed(ctx: CommandContext) -> None:
    """Run the message as a command typed without its prefix (``envoyer``, ``publier``…),
    or say how to talk to the bot when it names none."""
    text = ctx.event.command_text.strip()
    if ctx.app.registry.resolve(text) is not None:
        await ctx.app.dispatcher.run_command(ctx, text)
    else:
        await ctx.reply("core.dm_hint")


async def _to_dm(ctx: CommandContext, dm_room: str, message: Message) -> str:
    if dm_room == ctx.room_id:
        return await ctx.reply_message(message)
    return await ctx.send(dm_room, message)


async def _preview(ctx: CommandContext, dm_room: str, situation: str) -> None:
    previews = ctx.app.help_requests.previews
    draft = await previews.draft(ctx.sender, situation)
    message = preview_message(ctx, draft)
    helpers = await structures_that_help(ctx, draft.themes)  # issue 15
    anchor = await _to_dm(ctx, dm_room, message + helpers if helpers else message)
    await previews.keep(ctx.event.event_id, ctx.sender, dm_room, draft, anchor)
    if dm_room == ctx.room_id:  # typed in a room, it was redacted there already
        await _redact_raw(ctx)


async def _redact_raw(ctx: CommandContext) -> None:
    """The requester's raw message leaves the homeserver too, once anonymised (issue 12)."""
    reason = ctx.text("aide.raw_redaction_reason")
    event_id, txn_id = ctx.event.event_id, ctx.next_txn()
    if not await ctx.app.raw_messages.redact(ctx.room_id, event_id, reason=reason, txn_id=txn_id):
        await ctx.reply("aide.raw_not_redacted")


def preview_message(ctx: CommandContext, draft: Draft) -> Message:
    cat = ctx.catalogue
    similar = ""
    if draft.similar:
        lines = "\n".join(
            cat.markdown(
                "aide.similar_line", id=hit.entry.id, question=shorten(hit.entry.question, 120)
            )
            for hit in draft.similar
        )
        similar = cat.markdown("aide.similar", entries=Raw(lines))
    counts = sorted(draft.removed.items()) + ([("MASKED", draft.masked)] if draft.masked else [])
    removed = ", ".join(cat.text(f"aide.entity.{kind}", count=n) for kind, n in counts) or cat.text(
        "aide.preview_none_removed"
    )
    return cat.render(
        "aide.preview",
        removed=removed,
        quote=quote(draft.text),
        check=check_block(cat, draft.text),
        themes=ctx.app.help_requests.router.theme_labels(draft.themes, cat),
        rooms=room_names(draft.rooms),
        similar=Raw(similar),
        minutes=ctx.app.help_requests.previews.expiry_minutes,
    )


def check_block(cat: Catalogue, text: str) -> Raw:
    """« À vérifier : 1. Lefort 2. Ateliers Gribouille », or nothing when no word is left."""
    words = words_to_check(text)
    if not words:
        return Raw("")
    listed = "  ".join(
        cat.text("aide.check_word", number=n, word=w.text) for n, w in enumerate(words, 1)
    )
    return Raw(cat.markdown("aide.check", words=listed))


@command(
    "envoyer",
    aliases=["send"],
    args=[Arg("signature", ArgKind.REST, required=False)],
    help="aide.help.envoyer",
    where="dm",
)
async def send_request(ctx: CommandContext, signature: str | None) -> None:
    conversation = await ctx.app.help_requests.previews.pending(ctx.sender, ctx.room_id)
    signed = signature is not None and signature.strip().lower().startswith(("sign", "nom"))
    await _send(ctx, conversation, signed=signed)


async def _send(ctx: CommandContext, conversation: Conversation, *, signed: bool) -> None:
    sent = await ctx.app.help_requests.send(ctx.event.event_id, conversation, signed=signed)
    if sent.request_id is None:
        return  # already sent (a ✅ and an !envoyer at the same time)
    timezone = ctx.app.layout.policy.timezone
    message = _standing(ctx.catalogue, "aide.sent", sent.request_id, sent.publication, timezone)
    await ctx.reply_message(message)


def _standing(
    cat: Catalogue, key: str, request_id: int, publication: Publication, timezone: str
) -> Message:
    """Where a request stands after a publication: rooms reached, rooms not reached, and when
    the held-back posts go out."""
    posted, refused, failed = publication.posted, publication.refused, publication.failed
    parts: list[Part] = []
    if posted or not (refused or failed or publication.queued_until):
        parts.append((key, {"id": request_id, "count": len(posted), "rooms": room_names(posted)}))
    for missed, missed_key in ((refused, "aide.not_reached"), (failed, "aide.not_reached_yet")):
        if missed:
            parts.append(
                (missed_key, {"id": request_id, "count": len(missed), "rooms": room_names(missed)})
            )
    if publication.queued_until is not None:
        when = describe_when(publication.queued_until, timezone)
        parts.append(("aide.queued", {"id": request_id, "when": when}))
    return cat.compose(parts, separator="\n\n")


@command(
    "modifier",
    aliases=["edit"],
    args=[Arg("texte", ArgKind.REST)],
    help="aide.help.modifier",
    where="dm",
    private=True,
)
async def edit_request(ctx: CommandContext, texte: str) -> None:
    await ctx.app.help_requests.previews.pending(ctx.sender, ctx.room_id)
    await _preview(ctx, ctx.room_id, texte)  # the new preview replaces the pending one


@command("annuler", aliases=["cancel"], help="aide.help.annuler", where="dm")
async def cancel_request(ctx: CommandContext) -> None:
    previews = ctx.app.help_requests.previews
    waiting = await previews.checking(ctx.sender, ctx.room_id)
    if waiting.kind == FAQ_DRAFT:  # the request stays open
        number = await ctx.app.help_requests.resolutions.drop(waiting)
        if number is not None:
            await ctx.reply("aide.faq_dropped", id=number)
        return
    await previews.cancel(waiting)
    await ctx.reply("aide.cancelled")


@listener("reaction")
async def preview_reaction(ctx: CommandContext) -> None:
    reaction = ctx.event.reaction
    if reaction is None or not ctx.is_dm or reaction[1] not in SEND_KEYS + CANCEL_KEYS:
        return
    previews = ctx.app.help_requests.previews
    conversation = await previews.answered(ctx.sender, reaction[0])
    if conversation is None or conversation.kind != PREVIEW:
        return  # a FAQ draft's reactions: commands/aide_check.py
    if reaction[1] in SEND_KEYS:
        await _send(ctx, conversation, signed=False)
    elif await previews.cancel(conversation):
        await ctx.reply("aide.cancelled")


# -- after sending ----------------------------------------------------------------------------
@listener("thread")
async def answer_in_thread(ctx: CommandContext) -> None:
    root = ctx.event.thread_root
    post = await ctx.app.requests.post_by_event(root) if root is not None else None
    if post is None or post.room_id != ctx.room_id:
        return
    text = ctx.event.command_text
    relayed = await ctx.app.help_requests.record_answer(ctx.event.event_id, post, ctx.sender, text)
    if relayed is None:
        return
    message = await _relay_message(ctx, relayed, text)
    # Mentioned: the requester, the only person of the DM. ✅ tells the one who answered.
    await ctx.send(relayed.request.dm_room_id, message, mentions=[relayed.request.requester])
    await ctx.react("✅")


async def _relay_message(ctx: CommandContext, relayed: Relayed, text: str) -> Message:
    member = await ctx.app.members.get(ctx.sender)
    structure = f" — {member.structure}" if member and member.structure else ""
    partner = await ctx.app.partners.partners.active(ctx.sender)
    if partner is not None:  # an outside specialist says so in every answer (issue 15)
        structure = " — " + ctx.text("partners.relay_label", structure=partner.structure)
    message = ctx.render(
        "aide.answer_relay",
        number=relayed.number,
        id=relayed.request.id,
        author=Raw(pill(ctx.sender)),
        structure=structure,
        quote=quote(text),
    )
    cards = await referenced_cards(ctx, text)  # "#S12": the structure's card (issue 15)
    return message + cards if cards else message


@command(
    "repondre",
    aliases=["reply"],
    args=[Arg("numero", ArgKind.INT), Arg("texte", ArgKind.REST)],
    help="aide.help.repondre",
    private=True,
)
async def follow_up(ctx: CommandContext, numero: int, texte: str) -> None:
    count = await ctx.app.help_requests.follow_up(ctx.event.event_id, ctx.sender, numero, texte)
    await ctx.reply("aide.follow_up_sent", id=numero, count=count)
    await _redact_raw(ctx)


@command("relancer", args=[Arg("numero", ArgKind.INT)], help="aide.help.relancer")
async def relaunch(ctx: CommandContext, numero: int) -> None:
    publication = await ctx.app.help_requests.relaunch(ctx.event.event_id, ctx.sender, numero)
    timezone = ctx.app.layout.policy.timezone
    await ctx.reply_message(
        _standing(ctx.catalogue, "aide.relaunched", numero, publication, timezone)
    )


@command(
    "abandonner",
    aliases=["abandon"],
    args=[Arg("numero", ArgKind.INT)],
    help="aide.help.abandonner",
)
async def abandon(ctx: CommandContext, numero: int) -> None:
    await ctx.app.help_requests.abandon(ctx.event.event_id, ctx.sender, numero)
    await ctx.reply("aide.abandoned", id=numero)


@command("demandes", aliases=["requests"], help="aide.help.demandes")
async def list_requests(ctx: CommandContext) -> None:
    parts = await (_mine(ctx) if ctx.is_dm else _routed_here(ctx))
    await ctx.reply_message(ctx.catalogue.compose(parts))


async def _mine(ctx: CommandContext) -> list[Part]:
    mine = await ctx.app.requests.of_requester(ctx.sender)
    if not mine:
        return [("aide.mine_empty", {"prefix": ctx.prefix})]
    parts: list[Part] = [("aide.mine_title", {})]
    for request in mine[:20]:
        answers = len(await ctx.app.requests.answers(request.id))
        state = ctx.text(f"aide.state.{request.state}")
        line = {"id": request.id, "state": state, "answers": answers}
        parts.append(("aide.mine_line", {**line, "excerpt": _excerpt(request.text)}))
    return parts


async def _routed_here(ctx: CommandContext) -> list[Part]:
    routed = await ctx.app.requests.open_requests(ctx.room_id)
    if not routed:
        return [("aide.room_empty", {})]
    parts: list[Part] = [("aide.room_title", {})]
    parts += [
        ("aide.room_line", {"id": r.id, "answers": n, "excerpt": _excerpt(r.text)})
        for r, n in routed[:20]
    ]
    return parts


def _excerpt(text: str, width: int = 80) -> str:
    return shorten(text, width)


# -- timers -----------------------------------------------------------------------------------
@listener("timer", ESCALATE)
async def escalation_due(app: Application, call: TimerCall) -> None:
    request_id, level = call.payload["request_id"], call.payload["level"]
    widened = await app.help_requests.escalate_due(call.timer.key, request_id, level)
    if widened is None or not (widened.publication.posted or widened.publication.not_reached):
        return
    request = widened.request
    language = await app.members.language(request.requester) or app.settings.language
    timezone = app.layout.policy.timezone
    message = _standing(
        catalogue(language), "aide.escalated", request.id, widened.publication, timezone
    )
    await call.send(request.dm_room_id, message)


@listener("timer", RELEASE)
async def release_due(app: Application, call: TimerCall) -> None:
    await app.help_requests.release(call.payload["request_id"])
