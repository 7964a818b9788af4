"""``!commandes`` (alias ``!help``): help generated from the command declarations
(bot/framework/guide.py): families with one example each, moderation behind ``!commandes mod``."""

from __future__ import annotations

from collections.abc import Callable

from bot.framework import guide
from bot.framework.context import CommandContext
from bot.framework.registry import Arg, ArgKind, command, fold
from bot.framework.roles import Role
from bot.matrix.formatting import Message


@command(
    "commandes",
    aliases=["help", "aide-commandes"],
    args=[Arg("commande", ArgKind.REST, required=False)],
    help="commandes.help.commandes",
    role=Role.PARTNER,
)
async def list_commands(ctx: CommandContext, commande: str | None) -> None:
    view = await _view(ctx)
    if not commande:
        registered = await ctx.app.members.get(ctx.sender) is not None
        await ctx.reply_message(_listing(view, registered))
        return
    word = " ".join(fold(commande.removeprefix(ctx.prefix)).split())
    message = _rendered(view, ("topic", word), lambda: _topic(view, word))
    if message is None:
        await ctx.reply("commandes.unknown", command=commande[:40], prefix=ctx.prefix)
        return
    await ctx.reply_message(message)


async def _view(ctx: CommandContext) -> guide.HelpView:
    role = (await ctx.grants()).highest
    return guide.HelpView(ctx.app.registry, ctx.catalogue, ctx.prefix, ctx.example_params, role)


def _topic(view: guide.HelpView, word: str) -> Message | None:
    """``!commandes mod``, or a command's or a family's details."""
    return guide.moderation(view) if word in ("mod", "moderation") else _details(view, word)


def _details(view: guide.HelpView, word: str) -> Message | None:
    """A command's details (and its family's commands when it names the family), or a
    family's commands (``!commandes donnees``)."""
    spec = view.registry.get(word)
    if spec is None or spec.hidden or spec.role > view.role:
        family = guide.find_family(view, word)
        return None if family is None else guide.family_details(view, family)
    message = guide.command_details(view, spec)
    if guide.family_of(spec) == spec.name:
        others = guide.family_details(view, spec.name)
        if others is not None:
            message += others
    return message


# The help only depends on the language, the role, the reader being signed up, the topic asked
# for and the declared commands: each is rendered once per combination. Only what exists is
# kept (a finite set: the commands, their aliases and the families), never a word nobody
# declared.
_rendered_help: dict[tuple[object, ...], Message] = {}


def _listing(view: guide.HelpView, registered: bool) -> Message:
    listing = _rendered(
        view, ("listing", registered), lambda: guide.listing(view, registered=registered)
    )
    assert listing is not None
    return listing


def _rendered(
    view: guide.HelpView, topic: tuple[object, ...], render: Callable[[], Message | None]
) -> Message | None:
    key = (
        id(view.registry),
        view.catalogue.language,
        view.role,
        view.prefix,
        len(view.registry.specs),
        view.example_params["bassin"],
        *topic,
    )
    found = _rendered_help.get(key)
    if found is None:
        found = render()
        if found is not None:
            _rendered_help[key] = found
    return found
