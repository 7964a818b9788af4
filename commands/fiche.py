"""``!fiche``: sharing, finding and discussing fiches actions (SPEC §5).

A fiche is written field by field in a DM (a ``fiche_form`` conversation, kept in the
database so that a restart does not lose it) or in one message of ``Champ: valeur`` lines.
``!fiche contact`` puts two professionals in touch only if the author agrees: the pending
request is a conversation too, answered by a reaction or by ``!fiche accepter|refuser``.
The workflows live in `bot.services.fiches` and `bot.services.fiche_contacts`; this module
parses, calls one of their methods and answers.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from bot.framework.catalogue import Catalogue, Part, Raw
from bot.framework.context import CommandContext
from bot.framework.errors import UserInputError
from bot.framework.permissions import Grants
from bot.framework.registry import Arg, ArgKind, command, fold, listener
from bot.framework.roles import Role
from bot.matrix.formatting import Message, pill
from bot.services.fiche_contacts import ACCEPT_KEYS, FicheContacts
from bot.services.fiches import FORM, FORM_STEPS, FicheService, FormAnswer, FormStep
from storage.models.fiches import (
    FICHE_FIELDS,
    REQUIRED_FIELDS,
    Fiche,
    FicheTextError,
    field_named,
    parse_fiche_text,
)
from storage.repositories.fiche_queries import FicheResult

MAX_RESULTS = 5
_NUMBER = re.compile(r"^#?\s*(\d{1,9})$")


def fiches(ctx: CommandContext) -> FicheService:
    return ctx.app.fiche_service


def contacts(ctx: CommandContext) -> FicheContacts:
    return ctx.app.fiche_contacts


# -- creating ----------------------------------------------------------------------------------
@command(
    "fiche nouvelle",
    aliases=["fiche new", "fiche creer"],
    args=[Arg("champs", ArgKind.REST, required=False)],
    help="fiche.help.nouvelle",
)
async def new_fiche(ctx: CommandContext, champs: str | None) -> None:
    if champs:
        fiche = await fiches(ctx).create(ctx.event.event_id, ctx.sender, _fields(ctx, champs))
        await _created(ctx, fiche)
        return
    room_id = await ctx.private_room()
    await fiches(ctx).start_form(ctx.event.event_id, ctx.sender, room_id)
    if ctx.is_dm:
        await ctx.reply_message(_question(ctx, 0))
        return
    await ctx.reply("fiche.moved_to_dm")
    await ctx.send(room_id, _question(ctx, 0))


@listener("conversation", FORM)
async def form_answered(ctx: CommandContext) -> None:
    conversation = await ctx.app.conversations.current(ctx.sender, ctx.room_id, FORM)
    if conversation is None:
        return
    text = ctx.event.command_text.strip()
    answer = FormAnswer(
        text,
        skipped=fold(text) in _words(ctx, "fiche.skip_words"),
        cancelled=fold(text) in _words(ctx, "fiche.cancel_words"),
    )
    step = await fiches(ctx).answer_form(ctx.event.event_id, ctx.sender, conversation.id, answer)
    await _form_reply(ctx, step)


async def _form_reply(ctx: CommandContext, step: FormStep) -> None:
    if step.outcome == "cancelled":
        await ctx.reply("fiche.cancelled")
    elif step.outcome == "required":
        await ctx.reply_message(ctx.render("fiche.required") + _question(ctx, step.step))
    elif step.outcome == "next":
        await ctx.reply_message(_question(ctx, step.step))
    elif step.outcome == "created" and step.fiche is not None:
        await _created(ctx, step.fiche)


def _fields(ctx: CommandContext, text: str) -> dict[str, str]:
    """The fields of a ``Champ: valeur`` message, with every required field present."""
    try:
        values = parse_fiche_text(text)
    except FicheTextError as error:
        raise UserInputError(
            "fiche.stray_text", text=error.stray[:60], fields=ctx.text("fiche.field_names")
        ) from None
    missing = [name for name in FICHE_FIELDS if name in REQUIRED_FIELDS and not values.get(name)]
    if missing:
        raise UserInputError("fiche.missing_fields", fields=_labels(ctx.catalogue, missing))
    return values


def _question(ctx: CommandContext, step: int) -> Message:
    themes = ", ".join(theme.slug for theme in ctx.app.layout.themes)
    return ctx.render(f"fiche.ask.{FORM_STEPS[step]}", themes=themes)


async def _created(ctx: CommandContext, fiche: Fiche) -> None:
    await ctx.reply(
        "fiche.created",
        id=fiche.id,
        titre=fiche.titre,
        themes=_theme_labels(ctx, fiche.themes),
        bassin=_bassin_name(ctx, fiche.bassin),
        prefix=ctx.prefix,
    )


# -- finding and reading -----------------------------------------------------------------------
@command(
    "fiche",
    aliases=["fiches"],
    args=[Arg("mots", ArgKind.REST, required=False)],
    help="fiche.help.fiche",
    role=Role.PARTNER,
)
async def search_or_show(ctx: CommandContext, mots: str | None) -> None:
    if not mots:
        await ctx.reply("fiche.usage_hint", prefix=ctx.prefix)
        return
    grants = await ctx.grants()  # a partner reads the fiches of their themes only
    number = _NUMBER.match(mots.strip())
    if number is not None:
        await _show(ctx, grants, int(number.group(1)))
        return
    found = await fiches(ctx).search(mots, MAX_RESULTS * (4 if grants.partner else 1))
    results = [r for r in found if grants.may_read_themes(r.fiche.themes)][:MAX_RESULTS]
    if not results:
        await ctx.reply("fiche.no_results", query=mots[:80], prefix=ctx.prefix)
        return
    await ctx.reply_message(_results(ctx, mots, results))


def _results(ctx: CommandContext, query: str, results: list[FicheResult]) -> Message:
    parts: list[Part] = [("fiche.results_header", {"query": query[:80]})]
    for result in results:
        fiche = result.fiche
        line = {"id": fiche.id, "titre": fiche.titre, "excerpt": result.excerpt}
        parts.append(("fiche.result_line", line))
    return ctx.catalogue.compose(parts, "\n\n")


async def _show(ctx: CommandContext, grants: Grants, fiche_id: int) -> None:
    """Fiche ``#n`` in full (unless it is outside the themes a partner may read), then its
    encrypted files posted again, into an encrypted room only (their keys must never sit in
    clear on the homeserver)."""
    fiche = await fiches(ctx).get(fiche_id)
    if not grants.may_read_themes(fiche.themes):
        raise UserInputError("fiche.not_found", id=fiche.id)
    client = ctx.app.client
    encrypted_room = await client.in_encrypted_room(ctx.room_id)
    await ctx.reply_message(render_fiche(ctx, fiche, encrypted_room=encrypted_room))
    for item in fiche.attachments if encrypted_room else ():
        keys, info = item.get("file"), item.get("info") or {}
        if isinstance(keys, dict):
            name, mimetype = str(item.get("name") or "fichier"), str(info.get("mimetype", ""))
            await client.send_file(
                ctx.room_id,
                str(item["url"]),
                name,
                mimetype or "application/octet-stream",
                int(info.get("size", 0)),
                msgtype=str(item.get("msgtype", "m.file")),
                encrypted=keys,
                txn_id=ctx.next_txn(),
            )


def render_fiche(ctx: CommandContext, fiche: Fiche, *, encrypted_room: bool = False) -> Message:
    """Every filled field of a fiche, its themes, bassin, author, dates and attached files
    (an encrypted one is posted after it in an encrypted room, and only named elsewhere)."""
    lang = ctx.catalogue
    updated = ""
    if fiche.updated_at.date() != fiche.created_at.date():
        updated = lang.text("fiche.show.updated", date=_date(fiche.updated_at))
    author = Raw(pill(fiche.author_id)) if fiche.author_id else lang.text("fiche.unknown_author")
    parts: list[Part] = [
        ("fiche.show.header", {"id": fiche.id, "titre": fiche.titre}),
        (
            "fiche.show.meta",
            {
                "themes": _theme_labels(ctx, fiche.themes),
                "bassin": _bassin_name(ctx, fiche.bassin),
                "author": author,
                "created": _date(fiche.created_at),
                "updated": updated,
            },
        ),
    ]
    for name in FICHE_FIELDS[1:]:
        value = fiche.field(name)
        if value:
            label = lang.text(f"fiche.fields.{name}")
            parts.append(("fiche.show.section", {"label": label, "value": value}))
    message = lang.compose(parts, "\n\n")
    if fiche.attachments:
        files: list[Part] = [("fiche.show.attachments", {})]
        for item in fiche.attachments:
            files.append(_attachment_line(ctx, fiche, item, encrypted_room))
        message = message + lang.compose(files, "\n")
    if fiche.author_id and fiche.author_id != ctx.sender:
        message = message + lang.render("fiche.show.footer", prefix=ctx.prefix, id=fiche.id)
    return message


def _attachment_line(
    ctx: CommandContext, fiche: Fiche, item: dict[str, Any], encrypted_room: bool
) -> Part:
    name = str(item.get("name") or "fichier")
    if isinstance(item.get("file"), dict):
        if encrypted_room:
            return ("fiche.show.attachment_sent", {"name": name})
        return (
            "fiche.show.attachment_locked",
            {"name": name, "prefix": ctx.prefix, "id": fiche.id},
        )
    mxc = str(item.get("url", ""))
    link = media_link(ctx.app.settings.homeserver_url or "", mxc)
    return ("fiche.show.attachment", {"name": name, "link": Raw(link), "mxc": mxc})


def media_link(homeserver_url: str, mxc: str) -> str:
    """An https link to download an ``mxc://server/id`` file (the mxc URI when malformed)."""
    match = re.fullmatch(r"mxc://([A-Za-z0-9.:\-\[\]]+)/([A-Za-z0-9_\-]+)", mxc)
    if match is None or not homeserver_url:
        return mxc
    server, media_id = (quote(part, safe="") for part in match.groups())
    return f"{homeserver_url.rstrip('/')}/_matrix/client/v1/media/download/{server}/{media_id}"


@command("fiche mes", aliases=["fiche mine"], help="fiche.help.mes")
async def my_fiches(ctx: CommandContext) -> None:
    mine = await fiches(ctx).by_author(ctx.sender)
    if not mine:
        await ctx.reply("fiche.none_mine", prefix=ctx.prefix)
        return
    parts: list[Part] = [("fiche.mine_header", {"count": len(mine), "prefix": ctx.prefix})]
    parts += [
        ("fiche.mine_line", {"id": f.id, "titre": f.titre, "date": _date(f.created_at)})
        for f in mine
    ]
    await ctx.reply_message(ctx.catalogue.compose(parts, "\n"))


# -- changing --------------------------------------------------------------------------------
@command(
    "fiche modifier",
    aliases=["fiche edit"],
    args=[Arg("numero", ArgKind.INT), Arg("champ"), Arg("valeur", ArgKind.REST)],
    help="fiche.help.modifier",
)
async def edit_fiche(ctx: CommandContext, numero: int, champ: str, valeur: str) -> None:
    name = field_named(champ)
    if name is None:
        raise UserInputError(
            "fiche.unknown_field", value=champ[:40], fields=ctx.text("fiche.field_names")
        )
    fiche = await fiches(ctx).edit(ctx.event.event_id, ctx.sender, numero, name, valeur)
    await ctx.reply("fiche.updated", id=fiche.id, field=ctx.text(f"fiche.fields.{name}"))


@command(
    "fiche joindre",
    aliases=["fiche attach"],
    args=[Arg("numero", ArgKind.INT)],
    help="fiche.help.joindre",
)
async def attach_file(ctx: CommandContext, numero: int) -> None:
    event = ctx.event
    fiche, name = await fiches(ctx).attach(
        event.event_id, ctx.sender, ctx.room_id, numero, event.in_reply_to
    )
    await ctx.reply("fiche.attached", id=fiche.id, name=name[:120])


# -- compagnonnage -----------------------------------------------------------------------------
@command(
    "fiche contact",
    args=[Arg("numero", ArgKind.INT)],
    help="fiche.help.contact",
)
async def ask_contact(ctx: CommandContext, numero: int) -> None:
    asked = await contacts(ctx).ask(ctx.event.event_id, ctx.sender, numero)
    await ctx.reply("fiche.contact_sent" if asked.sent else "fiche.contact_already", id=numero)


@command("fiche accepter", args=[Arg("numero", ArgKind.INT)], help="fiche.help.accepter")
async def accept_contact(ctx: CommandContext, numero: int) -> None:
    await _answer(ctx, numero, accept=True, quiet=False)


@command("fiche refuser", args=[Arg("numero", ArgKind.INT)], help="fiche.help.refuser")
async def refuse_contact(ctx: CommandContext, numero: int) -> None:
    await _answer(ctx, numero, accept=False, quiet=False)


@listener("reaction")
async def contact_reaction(ctx: CommandContext) -> None:
    reaction = ctx.event.reaction
    if reaction is None:
        return
    target, key = reaction
    request = await contacts(ctx).request_of_reaction(ctx.sender, target, key)
    if request is not None:
        await _answer(ctx, request, accept=key in ACCEPT_KEYS, quiet=True)


async def _answer(ctx: CommandContext, request: int, *, accept: bool, quiet: bool) -> None:
    """Tell the author what their answer did; an unknown request is an error for a command,
    nothing for a reaction (a second reaction to an answered request)."""
    answer = await contacts(ctx).answer(ctx.event.event_id, ctx.sender, request, accept)
    if not answer.known:
        if not quiet:
            raise UserInputError("fiche.contact_unknown", id=request)
        return
    if not answer.accepted or answer.fiche is None or answer.room_id is None:
        await ctx.reply("fiche.refused_author")
        return
    name = ctx.text("fiche.room_name", titre=answer.fiche.titre)
    room = Raw(pill(answer.room_id, name))
    await ctx.reply("fiche.accepted_author", room=room, requester=Raw(pill(answer.requester)))


# -- helpers -----------------------------------------------------------------------------------
def _words(ctx: CommandContext, key: str) -> set[str]:
    return {fold(word) for word in ctx.text(key).split("|")}


def _labels(lang: Catalogue, names: list[str]) -> str:
    return ", ".join(lang.text(f"fiche.fields.{name}") for name in names)


def _theme_labels(ctx: CommandContext, slugs: list[str]) -> str:
    labels = []
    for slug in slugs:
        theme = ctx.app.layout.theme(slug)
        labels.append(theme.label if theme else slug)
    return ", ".join(labels) or ctx.text("fiche.none")


def _bassin_name(ctx: CommandContext, slug: str | None) -> str:
    bassin = ctx.app.layout.bassin(slug or "")
    return bassin.name if bassin else (slug or ctx.text("fiche.none"))


def _date(value: Any) -> str:
    return str(value.strftime("%d/%m/%Y"))
