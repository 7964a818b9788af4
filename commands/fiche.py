"""``!fiche``: sharing, finding and discussing fiches actions (SPEC §5).

A fiche is written field by field in a DM (a ``fiche_form`` conversation, kept in the
database so that a restart does not lose it) or in one message of ``Champ: valeur`` lines.
``!fiche contact`` puts two professionals in touch only if the author agrees: the pending
request is a conversation too, answered by a reaction or by ``!fiche accepter|refuser``.
"""

from __future__ import annotations

import hashlib
import re
import weakref
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from nio import RoomPreset

from bot.framework.catalogue import Catalogue, Part, Raw, catalogue
from bot.framework.context import CommandContext
from bot.framework.errors import CheckFailure, UserInputError
from bot.framework.registry import Arg, ArgKind, command, fold, listener
from bot.matrix.events import IncomingEvent
from bot.matrix.formatting import Message, pill
from bot.services.moderation import record_edit
from bot.text.themes import detect_themes
from storage.models import Conversation
from storage.models.fiches import (
    FICHE_FIELDS,
    FIELD_MAX,
    REQUIRED_FIELDS,
    Fiche,
    FicheTextError,
    field_named,
    parse_fiche_text,
)
from storage.repositories.fiches import CONTACT_KIND, FicheRepository, NewFiche

if TYPE_CHECKING:
    from bot.app import Application

FORM = "fiche_form"
FORM_STEPS = (*FICHE_FIELDS, "themes")
ACCEPT_KEYS = ("✅", "✔️", "👍")
REFUSE_KEYS = ("❌", "✖️", "👎")
MAX_RESULTS = 5
_NUMBER = re.compile(r"^#?\s*(\d{1,9})$")

_repositories: weakref.WeakKeyDictionary[Application, FicheRepository] = weakref.WeakKeyDictionary()


def fiches_of(app: Application) -> FicheRepository:
    """The application's fiche repository (built once, with the layout's theme keywords)."""
    existing = getattr(app, "fiches", None)
    if isinstance(existing, FicheRepository):
        return existing
    repository = _repositories.get(app)
    if repository is None:
        repository = FicheRepository.build(app.database, app.layout.theme_keywords())
        _repositories[app] = repository
    return repository


# -- creating ----------------------------------------------------------------------------------
@command(
    "fiche nouvelle",
    aliases=["fiche new", "fiche creer"],
    args=[Arg("champs", ArgKind.REST, required=False)],
    help="fiche.help.nouvelle",
)
async def new_fiche(ctx: CommandContext, champs: str | None) -> None:
    if champs:
        try:
            values = parse_fiche_text(champs)
        except FicheTextError as error:
            raise UserInputError(
                "fiche.stray_text", text=error.stray[:60], fields=ctx.text("fiche.field_names")
            ) from None
        missing = [
            name for name in FICHE_FIELDS if name in REQUIRED_FIELDS and not values.get(name)
        ]
        if missing:
            raise UserInputError("fiche.missing_fields", fields=_labels(ctx.catalogue, missing))
        themes = _themes_given(ctx, values.pop("themes")) if "themes" in values else None
        await _create(ctx, values, themes)
        return
    room_id = await ctx.private_room()
    await ctx.app.conversations.start(ctx.sender, FORM, room_id, {"step": 0, "fields": {}})
    question = _question(ctx, 0)
    if ctx.is_dm:
        await ctx.reply_message(question)
    else:
        await ctx.reply("fiche.moved_to_dm")
        await ctx.send(room_id, question)


@listener("conversation", FORM)
async def form_answered(ctx: CommandContext) -> None:
    conversation = await ctx.app.conversations.current(ctx.sender, ctx.room_id, FORM)
    if conversation is None:
        return
    answer = ctx.event.command_text.strip()
    if fold(answer) in _words(ctx, "fiche.cancel_words"):
        await ctx.app.conversations.finish(conversation.id)
        await ctx.reply("fiche.cancelled")
        return
    step = int(conversation.data.get("step", 0))
    fields: dict[str, str] = dict(conversation.data.get("fields", {}))
    name = FORM_STEPS[min(step, len(FORM_STEPS) - 1)]
    skipped = fold(answer) in _words(ctx, "fiche.skip_words")
    if skipped and name in REQUIRED_FIELDS:
        await ctx.reply_message(ctx.render("fiche.required") + _question(ctx, step))
        return
    if name == "themes":
        themes = None if skipped else _themes_given(ctx, answer)
        if not await ctx.app.conversations.finish(conversation.id):
            return
        await _create(ctx, fields, themes)
        return
    fields[name] = "" if skipped else answer[:FIELD_MAX]
    await ctx.app.conversations.update(conversation.id, data={"step": step + 1, "fields": fields})
    await ctx.reply_message(_question(ctx, step + 1))


def _question(ctx: CommandContext, step: int) -> Message:
    themes = ", ".join(theme.slug for theme in ctx.app.layout.themes)
    return ctx.render(f"fiche.ask.{FORM_STEPS[step]}", themes=themes)


async def _create(ctx: CommandContext, values: dict[str, str], themes: list[str] | None) -> None:
    app = ctx.app
    if themes is None:
        themes = detect_themes(" ".join(values.values()), app.layout)
    member = await app.members.get(ctx.sender)
    bassin = member.bassin if member is not None else None
    fiche = await fiches_of(app).add(NewFiche(values, themes, bassin=bassin, author_id=ctx.sender))
    await ctx.reply(
        "fiche.created",
        id=fiche.id,
        titre=fiche.titre,
        themes=_theme_labels(ctx, fiche.themes),
        bassin=_bassin_name(ctx, fiche.bassin),
        prefix=ctx.prefix,
    )


def _themes_given(ctx: CommandContext, text: str) -> list[str]:
    layout = ctx.app.layout
    wanted = [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]
    found = [layout.find_theme(part) for part in wanted]
    unknown = [part for part, theme in zip(wanted, found, strict=True) if theme is None]
    if unknown:
        raise UserInputError(
            "fiche.unknown_themes",
            unknown=", ".join(unknown)[:200],
            themes=", ".join(t.slug for t in layout.themes),
        )
    return list(dict.fromkeys(theme.slug for theme in found if theme is not None))


# -- finding and reading -----------------------------------------------------------------------
@command(
    "fiche",
    aliases=["fiches"],
    args=[Arg("mots", ArgKind.REST, required=False)],
    help="fiche.help.fiche",
)
async def search_or_show(ctx: CommandContext, mots: str | None) -> None:
    if not mots:
        await ctx.reply("fiche.usage_hint", prefix=ctx.prefix)
        return
    number = _NUMBER.match(mots.strip())
    if number is not None:
        await ctx.reply_message(render_fiche(ctx, await _fiche(ctx, int(number.group(1)))))
        return
    results = await fiches_of(ctx.app).search(mots, MAX_RESULTS)
    if not results:
        await ctx.reply("fiche.no_results", query=mots[:80], prefix=ctx.prefix)
        return
    parts: list[Part] = [("fiche.results_header", {"query": mots[:80]})]
    for result in results:
        parts.append(
            (
                "fiche.result_line",
                {"id": result.fiche.id, "titre": result.fiche.titre, "excerpt": result.excerpt},
            )
        )
    await ctx.reply_message(ctx.catalogue.compose(parts, "\n\n"))


def render_fiche(ctx: CommandContext, fiche: Fiche) -> Message:
    """Every filled field of a fiche, its themes, bassin, author, dates and attached files."""
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
            mxc = str(item.get("url", ""))
            link = media_link(ctx.app.settings.homeserver_url or "", mxc)
            name = str(item.get("name") or "fichier")
            files.append(("fiche.show.attachment", {"name": name, "link": Raw(link), "mxc": mxc}))
        message = message + lang.compose(files, "\n")
    if fiche.author_id and fiche.author_id != ctx.sender:
        message = message + lang.render("fiche.show.footer", prefix=ctx.prefix, id=fiche.id)
    return message


def media_link(homeserver_url: str, mxc: str) -> str:
    """An https link to download an ``mxc://server/id`` file (the mxc URI when malformed)."""
    match = re.fullmatch(r"mxc://([A-Za-z0-9.:\-\[\]]+)/([A-Za-z0-9_\-]+)", mxc)
    if match is None or not homeserver_url:
        return mxc
    server, media_id = (quote(part, safe="") for part in match.groups())
    return f"{homeserver_url.rstrip('/')}/_matrix/client/v1/media/download/{server}/{media_id}"


@command("fiche mes", aliases=["fiche mine"], help="fiche.help.mes")
async def my_fiches(ctx: CommandContext) -> None:
    fiches = await fiches_of(ctx.app).by_author(ctx.sender)
    if not fiches:
        await ctx.reply("fiche.none_mine", prefix=ctx.prefix)
        return
    parts: list[Part] = [("fiche.mine_header", {"count": len(fiches), "prefix": ctx.prefix})]
    parts += [
        ("fiche.mine_line", {"id": f.id, "titre": f.titre, "date": _date(f.created_at)})
        for f in fiches
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
    fiche = await _editable(ctx, numero)
    name = field_named(champ)
    if name is None:
        raise UserInputError(
            "fiche.unknown_field", value=champ[:40], fields=ctx.text("fiche.field_names")
        )
    value: str | list[str] = _themes_given(ctx, valeur) if name == "themes" else valeur
    await fiches_of(ctx.app).update_field(fiche.id, name, value)
    await _audit(ctx, fiche)
    await ctx.reply("fiche.updated", id=fiche.id, field=ctx.text(f"fiche.fields.{name}"))


@command(
    "fiche joindre",
    aliases=["fiche attach"],
    args=[Arg("numero", ArgKind.INT)],
    help="fiche.help.joindre",
)
async def attach_file(ctx: CommandContext, numero: int) -> None:
    target = ctx.event.in_reply_to
    if target is None:
        raise UserInputError("fiche.attach_needs_reply", prefix=ctx.prefix)
    fiche = await _editable(ctx, numero)
    raw = await ctx.app.client.get_event(ctx.room_id, target)
    replied = IncomingEvent.from_raw(ctx.room_id, raw) if raw is not None else None
    if replied is None:
        raise UserInputError("fiche.attach_not_found")
    attachment = replied.attachment
    if attachment is None:
        raise UserInputError("fiche.attach_not_file")
    url, name, msgtype = attachment
    await fiches_of(ctx.app).attach(fiche.id, url, name, msgtype)
    await _audit(ctx, fiche)
    await ctx.reply("fiche.attached", id=fiche.id, name=name[:120])


async def _editable(ctx: CommandContext, number: int) -> Fiche:
    """The fiche, if the sender wrote it or moderates its bassin."""
    fiche = await _fiche(ctx, number)
    if fiche.author_id != ctx.sender and not (await ctx.grants()).can_moderate(fiche.bassin):
        raise CheckFailure("fiche.not_allowed", id=number)
    return fiche


async def _audit(ctx: CommandContext, fiche: Fiche) -> None:
    """A change by someone else than the author is moderation: it goes to the audit log
    (`record_edit` leaves the author's own edits out)."""
    await record_edit(ctx.app.audit, ctx.sender, "fiche", f"#{fiche.id}", fiche.author_id)


# -- compagnonnage -----------------------------------------------------------------------------
@command(
    "fiche contact",
    args=[Arg("numero", ArgKind.INT)],
    help="fiche.help.contact",
)
async def ask_contact(ctx: CommandContext, numero: int) -> None:
    app = ctx.app
    fiche = await _fiche(ctx, numero)
    author = fiche.author_id
    if author is None:
        raise UserInputError("fiche.contact_no_author", id=numero)
    if author == ctx.sender:
        raise UserInputError("fiche.contact_self", id=numero)
    kind = contact_kind(fiche.id, ctx.sender)
    if await fiches_of(app).open_contact_request(author, kind) is not None:
        await ctx.reply("fiche.contact_already", id=fiche.id)
        return
    author_room = await app.direct_rooms.ensure(author)
    # The request waits for a reaction or a command, never for free text: it is not tied to
    # the DM room, so that it never captures what the author types there (a form, a preview).
    data = {"fiche": fiche.id, "requester": ctx.sender, "room": author_room}
    request = await app.conversations.start(author, kind, "", data)
    lang = await _catalogue_of(app, author)
    question = lang.render(
        "fiche.contact_ask",
        request=request.id,
        requester=Raw(pill(ctx.sender)),
        about=Raw(await _about(app, lang, ctx.sender)),
        id=fiche.id,
        titre=fiche.titre,
        prefix=ctx.prefix,
    )
    anchor = await ctx.send(author_room, question, mentions=[author])
    await app.conversations.update(request.id, anchor_event_id=anchor)
    for key in (ACCEPT_KEYS[0], REFUSE_KEYS[0]):
        await app.client.react(author_room, anchor, key, txn_id=ctx.next_txn())
    await ctx.reply("fiche.contact_sent", id=fiche.id)


def contact_kind(fiche_id: int, requester: str) -> str:
    """One pending request per fiche and requester (asking twice does not ask twice)."""
    digest = hashlib.sha256(requester.encode()).hexdigest()[:12]
    return f"{CONTACT_KIND}:{fiche_id}:{digest}"


@command("fiche accepter", args=[Arg("numero", ArgKind.INT)], help="fiche.help.accepter")
async def accept_contact(ctx: CommandContext, numero: int) -> None:
    await _accept(ctx, await _own_request(ctx, numero))


@command("fiche refuser", args=[Arg("numero", ArgKind.INT)], help="fiche.help.refuser")
async def refuse_contact(ctx: CommandContext, numero: int) -> None:
    await _refuse(ctx, await _own_request(ctx, numero))


@listener("reaction")
async def contact_reaction(ctx: CommandContext) -> None:
    reaction = ctx.event.reaction
    if reaction is None:
        return
    target, key = reaction
    if key not in ACCEPT_KEYS + REFUSE_KEYS:
        return
    request = await ctx.app.conversations.by_anchor(target)
    if request is None or not request.kind.startswith(CONTACT_KIND):
        return
    if request.user_id != ctx.sender:
        return
    if key in ACCEPT_KEYS:
        await _accept(ctx, request)
    else:
        await _refuse(ctx, request)


async def _own_request(ctx: CommandContext, number: int) -> Conversation:
    request = await fiches_of(ctx.app).contact_request(number)
    if request is None or request.user_id != ctx.sender:
        raise UserInputError("fiche.contact_unknown", id=number)
    return request


async def _accept(ctx: CommandContext, request: Conversation) -> None:
    app = ctx.app
    if not await app.conversations.finish(request.id):
        return
    requester = str(request.data["requester"])
    fiche = await _fiche(ctx, int(request.data["fiche"]))
    lang = ctx.catalogue
    room_id = await app.client.create_room(
        name=lang.text("fiche.room_name", titre=fiche.titre)[:255],
        topic=lang.text("fiche.room_topic", id=fiche.id),
        invite=[ctx.sender, requester],
        is_direct=False,
        preset=RoomPreset.trusted_private_chat,  # both get the same power: it is their room
    )
    # Until both have joined, the room holds the bot and one person: it must not be taken
    # for that person's DM with the bot (free text there is conversation, not commands).
    app.direct_rooms.mark_shared(room_id)
    people = {"author": Raw(pill(ctx.sender)), "requester": Raw(pill(requester))}
    await ctx.send(
        room_id,
        lang.render("fiche.introduction", id=fiche.id, titre=fiche.titre, **people),
        mentions=[ctx.sender, requester],
    )
    room_link = Raw(pill(room_id, lang.text("fiche.room_name", titre=fiche.titre)))
    other = await _catalogue_of(app, requester)
    await ctx.dm(
        other.render("fiche.accepted_requester", id=fiche.id, titre=fiche.titre, room=room_link),
        user_id=requester,
    )
    await ctx.reply("fiche.accepted_author", room=room_link, requester=people["requester"])


async def _refuse(ctx: CommandContext, request: Conversation) -> None:
    app = ctx.app
    if not await app.conversations.finish(request.id):
        return
    requester = str(request.data["requester"])
    fiche = await _fiche(ctx, int(request.data["fiche"]))
    other = await _catalogue_of(app, requester)
    await ctx.dm(
        other.render("fiche.refused_requester", id=fiche.id, titre=fiche.titre, prefix=ctx.prefix),
        user_id=requester,
    )
    await ctx.reply("fiche.refused_author")


# -- helpers -----------------------------------------------------------------------------------
async def _fiche(ctx: CommandContext, number: int) -> Fiche:
    fiche = await fiches_of(ctx.app).get(number)
    if fiche is None:
        raise UserInputError("fiche.not_found", id=number)
    return fiche


async def _catalogue_of(app: Application, user_id: str) -> Catalogue:
    return catalogue(await app.members.language(user_id) or app.settings.language)


async def _about(app: Application, lang: Catalogue, user_id: str) -> str:
    """ " (structure, bassin)" for a requester, from their profile; empty when unknown."""
    member = await app.members.get(user_id)
    if member is None:
        return ""
    bassin = app.layout.bassin(member.bassin or "")
    details = [part for part in (member.structure, bassin.name if bassin else None) if part]
    return lang.markdown("fiche.contact_about", details=", ".join(details)) if details else ""


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
