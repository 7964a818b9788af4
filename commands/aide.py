"""``!aide`` and its follow-ups: an anonymised help request from DM preview to FAQ (SPEC §3).

The raw situation is only ever held in memory while it is anonymised: the preview conversation
stores the anonymised text, the journal erases handled messages, and nothing here logs text.
"""

from __future__ import annotations

from datetime import timedelta

from bot.framework.catalogue import Part, Raw, catalogue
from bot.framework.context import CommandContext
from bot.framework.errors import UserInputError
from bot.framework.registry import Arg, ArgKind, command, listener
from bot.framework.timers import TimerCall
from bot.matrix.formatting import pill
from bot.services.faq_room import announce_entry
from bot.services.help_requests import ESCALATE, MAX_LEVEL, RELEASE, describe_when, quote
from bot.text.anonymiser import Anonymiser
from bot.text.themes import detect_themes
from storage.models import HelpRequest, utcnow

PREVIEW = "aide_preview"
COMPOSE = "aide_compose"
SEND_KEYS = ("✅", "✔️", "👍")
CANCEL_KEYS = ("❌", "✖️")


# -- composing and previewing ----------------------------------------------------------------
@command("aide", args=[Arg("situation", ArgKind.REST, required=False)], help="aide.help.aide")
async def ask_for_help(ctx: CommandContext, situation: str | None) -> None:
    if not ctx.is_dm:
        # The text may name the person: take it out of the room at once, continue in private.
        await ctx.app.client.redact(
            ctx.room_id,
            ctx.event.event_id,
            ctx.text("aide.redaction_reason"),
            txn_id=ctx.next_txn(),
        )
        await ctx.reply("aide.moved_to_dm")
    dm_room = await ctx.private_room()
    member = await ctx.app.members.get(ctx.sender)
    if member is None or member.bassin is None:
        await _to_dm(ctx, dm_room, "aide.not_registered", prefix=ctx.prefix)
        return
    if not situation:
        await ctx.app.conversations.start(
            ctx.sender, COMPOSE, dm_room, {}, expires_at=utcnow() + _expiry(ctx)
        )
        await _to_dm(ctx, dm_room, "aide.ask_situation")
        return
    await _preview(ctx, dm_room, situation)


@listener("conversation", COMPOSE)
async def situation_typed(ctx: CommandContext) -> None:
    conversation = await ctx.app.conversations.current(ctx.sender, ctx.room_id, COMPOSE)
    if conversation is None:
        return
    await ctx.app.conversations.finish(conversation.id)
    if ctx.event.command_text.strip().lower() in ("annuler", "cancel"):
        await ctx.reply("aide.cancelled")
        return
    await _preview(ctx, ctx.room_id, ctx.event.command_text)


@listener("conversation", PREVIEW)
async def preview_answered(ctx: CommandContext) -> None:
    """Free text while a preview waits: the words of the preview, typed without the prefix."""
    text = ctx.event.command_text.strip()
    invocation = ctx.app.registry.resolve(text)
    if invocation is not None:
        await ctx.app.dispatcher.run_command(ctx, text)
    else:
        await ctx.reply("core.dm_hint")


def _expiry(ctx: CommandContext) -> timedelta:
    return timedelta(minutes=ctx.app.layout.policy.preview_expiry_minutes)


async def _to_dm(ctx: CommandContext, dm_room: str, key: str, **params: object) -> None:
    if dm_room == ctx.room_id:
        await ctx.reply(key, **params)
    else:
        await ctx.send(dm_room, ctx.render(key, **params))


async def _preview(ctx: CommandContext, dm_room: str, situation: str) -> None:
    app = ctx.app
    result = await Anonymiser.default().anonymise_in_thread(situation)
    text = result.text.strip()
    themes = _themes(ctx, text)
    member = await app.members.get(ctx.sender)
    assert member is not None and member.bassin is not None
    rooms = await app.help_requests.targets(member.bassin, member.groupe, themes, 0)
    similar = await app.faq.similar(text, limit=3)
    similar_md = ""
    if similar:
        lines = "\n".join(
            ctx.catalogue.markdown(
                "aide.similar_line", id=hit.entry.id, question=hit.entry.question[:120]
            )
            for hit in similar
        )
        similar_md = ctx.catalogue.markdown("aide.similar", entries=Raw(lines))
    counts = result.counts()
    removed = ", ".join(
        ctx.text(f"aide.entity.{kind}", count=n) for kind, n in sorted(counts.items())
    ) or ctx.text("aide.preview_none_removed")
    message = ctx.render(
        "aide.preview",
        removed=removed,
        quote=quote(text),
        themes=app.help_requests.theme_labels(themes, ctx.catalogue),
        rooms=", ".join(room.name for room in rooms) or "—",
        similar=Raw(similar_md),
        minutes=app.layout.policy.preview_expiry_minutes,
    )
    if dm_room == ctx.room_id:
        anchor = await ctx.reply_message(message)
    else:
        anchor = await ctx.send(dm_room, message)
    await app.conversations.start(
        ctx.sender,
        PREVIEW,
        dm_room,
        {"text": text, "themes": themes},
        expires_at=utcnow() + _expiry(ctx),
        anchor_event_id=anchor,
    )


def _themes(ctx: CommandContext, text: str) -> list[str]:
    return detect_themes(text, ctx.app.layout, limit=ctx.app.layout.policy.themes_per_request)


async def _pending_preview(ctx: CommandContext):
    conversation = await ctx.app.conversations.current(ctx.sender, ctx.room_id, PREVIEW)
    if conversation is not None:
        return conversation
    # An expired one gets its own message rather than "nothing pending".
    expired = await ctx.app.conversations.latest(ctx.sender, ctx.room_id, PREVIEW)
    if expired is not None and expired.active:
        await ctx.app.conversations.finish(expired.id)
        raise UserInputError(
            "aide.expired", minutes=ctx.app.layout.policy.preview_expiry_minutes, prefix=ctx.prefix
        )
    raise UserInputError("aide.no_preview", prefix=ctx.prefix)


@command(
    "envoyer",
    aliases=["send"],
    args=[Arg("signature", ArgKind.REST, required=False)],
    help="aide.help.envoyer",
    where="dm",
)
async def send_request(ctx: CommandContext, signature: str | None) -> None:
    conversation = await _pending_preview(ctx)
    signed = signature is not None and signature.strip().lower().startswith(("sign", "nom"))
    await _send(ctx, conversation, signed=signed)


async def _send(ctx: CommandContext, conversation, *, signed: bool) -> None:
    if not await ctx.app.conversations.finish(conversation.id):
        return  # already sent (a ✅ and an !envoyer at the same time)
    data = conversation.data
    request, publication = await ctx.app.help_requests.open_request(
        ctx.sender, ctx.room_id, data["text"], list(data.get("themes", [])), signed=signed
    )
    if publication.posted:
        await ctx.reply(
            "aide.sent",
            id=request.id,
            count=len(publication.posted),
            rooms=", ".join(room.name for room in publication.posted),
        )
    if publication.queued_until is not None:
        await ctx.reply(
            "aide.queued",
            id=request.id,
            when=describe_when(publication.queued_until, ctx.app.layout.policy.timezone),
        )


@command(
    "modifier",
    aliases=["edit"],
    args=[Arg("texte", ArgKind.REST)],
    help="aide.help.modifier",
    where="dm",
)
async def edit_request(ctx: CommandContext, texte: str) -> None:
    conversation = await _pending_preview(ctx)
    await ctx.app.conversations.finish(conversation.id)
    await _preview(ctx, ctx.room_id, texte)


@command("annuler", aliases=["cancel"], help="aide.help.annuler", where="dm")
async def cancel_request(ctx: CommandContext) -> None:
    conversation = await _pending_preview(ctx)
    await ctx.app.conversations.finish(conversation.id)
    await ctx.reply("aide.cancelled")


@listener("reaction")
async def preview_reaction(ctx: CommandContext) -> None:
    reaction = ctx.event.reaction
    if reaction is None or not ctx.is_dm:
        return
    target, key = reaction
    if key not in SEND_KEYS + CANCEL_KEYS:
        return
    conversation = await ctx.app.conversations.by_anchor(target)
    if conversation is None or conversation.kind != PREVIEW or conversation.user_id != ctx.sender:
        return
    if conversation.expires_at is not None and conversation.expires_at < utcnow():
        await ctx.app.conversations.finish(conversation.id)
        await ctx.reply(
            "aide.expired", minutes=ctx.app.layout.policy.preview_expiry_minutes, prefix=ctx.prefix
        )
        return
    if key in SEND_KEYS:
        await _send(ctx, conversation, signed=False)
    elif await ctx.app.conversations.finish(conversation.id):
        await ctx.reply("aide.cancelled")


# -- after sending ----------------------------------------------------------------------------
async def _own_request(ctx: CommandContext, number: int, *, open_only: bool = True) -> HelpRequest:
    request = await ctx.app.requests.get(number)
    if request is None or request.requester != ctx.sender:
        raise UserInputError("aide.not_yours", id=number)
    if open_only and request.state != "open":
        raise UserInputError("aide.not_open", id=number)
    return request


@listener("thread")
async def answer_in_thread(ctx: CommandContext) -> None:
    root = ctx.event.thread_root
    if root is None:
        return
    post = await ctx.app.requests.post_by_event(root)
    if post is None or post.room_id != ctx.room_id:
        return
    text = ctx.event.command_text
    recorded = await ctx.app.help_requests.record_answer(
        post, ctx.event.event_id, ctx.room_id, ctx.sender, text
    )
    if recorded is None:
        return
    request, number = recorded
    member = await ctx.app.members.get(ctx.sender)
    structure = f" — {member.structure}" if member and member.structure else ""
    message = ctx.render(
        "aide.answer_relay",
        number=number,
        id=request.id,
        author=Raw(pill(ctx.sender)),
        structure=structure,
        quote=quote(text),
    )
    await ctx.send(request.dm_room_id, message, mentions=[ctx.sender])


@command(
    "repondre",
    aliases=["reply"],
    args=[Arg("numero", ArgKind.INT), Arg("texte", ArgKind.REST)],
    help="aide.help.repondre",
)
async def follow_up(ctx: CommandContext, numero: int, texte: str) -> None:
    request = await _own_request(ctx, numero)
    threads = await ctx.app.help_requests.threads(request.id)
    if not threads:
        raise UserInputError("aide.nothing_posted", id=request.id)
    text = (await Anonymiser.default().anonymise_in_thread(texte)).text
    message = ctx.render("aide.follow_up_post", id=request.id, quote=quote(text))
    for post in threads:
        assert post.event_id is not None
        await ctx.send(post.room_id, message, thread_root=post.event_id)
    await ctx.reply("aide.follow_up_sent", id=request.id, count=len(threads))


@command("relancer", args=[Arg("numero", ArgKind.INT)], help="aide.help.relancer")
async def relaunch(ctx: CommandContext, numero: int) -> None:
    request = await _own_request(ctx, numero)
    if request.level >= MAX_LEVEL:
        raise UserInputError("aide.escalation_exhausted", id=request.id)
    posted = await ctx.app.help_requests.escalate(request.id, request.level + 1, forced=True)
    rooms = posted or []
    await ctx.reply(
        "aide.relaunched",
        id=request.id,
        count=len(rooms),
        rooms=", ".join(r.name for r in rooms) or "—",
    )


@command(
    "resolu",
    aliases=["resolved"],
    args=[Arg("numero", ArgKind.INT), Arg("reponses", ArgKind.INTS, required=False)],
    help="aide.help.resolu",
)
async def resolve(ctx: CommandContext, numero: int, reponses: list[int]) -> None:
    app = ctx.app
    request = await _own_request(ctx, numero)
    answers = await app.requests.answers(request.id)
    known = {a.number: a for a in answers}
    unknown = [n for n in reponses if n not in known]
    if unknown:
        raise UserInputError(
            "aide.unknown_answers",
            id=request.id,
            numbers=", ".join(map(str, unknown)),
            known=", ".join(map(str, known)) or "—",
        )
    chosen = [known[n] for n in reponses] if reponses else answers
    faq_id = None
    if chosen:
        anonymiser = Anonymiser.default()
        answer_text = "\n\n".join(
            [(await anonymiser.anonymise_in_thread(a.text)).text for a in chosen]
        )
        directory = {m.user_id for m in await app.members.directory()}
        entry = await app.faq.add(
            (await anonymiser.anonymise_in_thread(request.text)).text,
            answer_text,
            list(request.themes or []),
            bassin=request.bassin,
            source_request_id=request.id,
            contributors=sorted({a.author for a in chosen} & directory),
        )
        faq_id = entry.id
        await announce_entry(app, entry, txn_id=ctx.next_txn())
    if not await app.requests.close(request.id, "resolved", faq_entry_id=faq_id):
        raise UserInputError("aide.not_open", id=request.id)
    await app.help_requests.close_timers(request.id)
    faq_text = ctx.catalogue.markdown("aide.thread_resolved_faq", faq_id=faq_id) if faq_id else ""
    for post in await app.help_requests.threads(request.id):
        assert post.event_id is not None
        await ctx.send(
            post.room_id,
            ctx.render("aide.thread_resolved", id=request.id, faq=Raw(faq_text)),
            thread_root=post.event_id,
        )
    mine = (
        ctx.catalogue.markdown("aide.resolved_faq", faq_id=faq_id)
        if faq_id
        else ctx.catalogue.markdown("aide.resolved_no_answer")
    )
    await ctx.reply("aide.resolved", id=request.id, faq=Raw(mine))


@command(
    "abandonner",
    aliases=["abandon"],
    args=[Arg("numero", ArgKind.INT)],
    help="aide.help.abandonner",
)
async def abandon(ctx: CommandContext, numero: int) -> None:
    request = await _own_request(ctx, numero)
    if not await ctx.app.requests.close(request.id, "abandoned"):
        raise UserInputError("aide.not_open", id=request.id)
    await ctx.app.help_requests.close_timers(request.id)
    for post in await ctx.app.help_requests.threads(request.id):
        assert post.event_id is not None
        await ctx.send(
            post.room_id,
            ctx.render("aide.thread_abandoned", id=request.id),
            thread_root=post.event_id,
        )
    await ctx.reply("aide.abandoned", id=request.id)


@command("demandes", aliases=["requests"], help="aide.help.demandes")
async def list_requests(ctx: CommandContext) -> None:
    app = ctx.app
    if ctx.is_dm:
        mine = await app.requests.of_requester(ctx.sender)
        if not mine:
            await ctx.reply("aide.mine_empty", prefix=ctx.prefix)
            return
        parts: list[Part] = [("aide.mine_title", {})]
        for request in mine[:20]:
            answers = len(await app.requests.answers(request.id))
            state = ctx.text(f"aide.state.{request.state}")
            parts.append(
                (
                    "aide.mine_line",
                    {
                        "id": request.id,
                        "state": state,
                        "answers": answers,
                        "excerpt": _excerpt(request.text),
                    },
                )
            )
    else:
        routed = await app.requests.open_requests(ctx.room_id)
        if not routed:
            await ctx.reply("aide.room_empty")
            return
        parts = [("aide.room_title", {})]
        parts += [
            ("aide.room_line", {"id": r.id, "answers": n, "excerpt": _excerpt(r.text)})
            for r, n in routed[:20]
        ]
    await ctx.reply_message(ctx.catalogue.compose(parts))


def _excerpt(text: str, width: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


# -- timers -----------------------------------------------------------------------------------
@listener("timer", ESCALATE)
async def escalation_due(app, call: TimerCall) -> None:
    request_id, level = call.payload["request_id"], call.payload["level"]
    posted = await app.help_requests.escalate(request_id, level)
    if not posted:
        return
    request = await app.requests.get(request_id)
    language = await app.members.language(request.requester) or app.settings.language
    message = catalogue(language).render(
        "aide.escalated", id=request_id, count=len(posted), rooms=", ".join(r.name for r in posted)
    )
    await call.send(request.dm_room_id, message)


@listener("timer", RELEASE)
async def release_due(app, call: TimerCall) -> None:
    await app.help_requests.publish(call.payload["request_id"])
