"""``!commandes`` (alias ``!help``): help generated from the command declarations."""

from __future__ import annotations

from bot.framework.catalogue import Part
from bot.framework.context import CommandContext
from bot.framework.registry import Arg, ArgKind, CommandSpec, command
from bot.framework.roles import Role
from bot.matrix.formatting import Message


def _summary(ctx: CommandContext, spec: CommandSpec) -> str:
    key = f"{spec.help}.summary"
    return ctx.text(key, prefix=ctx.prefix) if spec.help and ctx.catalogue.has(key) else ""


def _example(ctx: CommandContext, spec: CommandSpec) -> str | None:
    key = f"{spec.help}.example"
    return ctx.text(key, **ctx.example_params) if spec.help and ctx.catalogue.has(key) else None


@command(
    "commandes",
    aliases=["help", "aide-commandes"],
    args=[Arg("commande", ArgKind.REST, required=False)],
    help="commandes.help.commandes",
    role=Role.PARTNER,
)
async def list_commands(ctx: CommandContext, commande: str | None) -> None:
    highest = (await ctx.grants()).highest
    if commande:
        spec = ctx.app.registry.get(commande.removeprefix(ctx.prefix))
        if spec is None or spec.hidden or spec.role > highest:
            await ctx.reply("commandes.unknown", command=commande[:40], prefix=ctx.prefix)
            return
        message = ctx.render(
            "commandes.details", usage=spec.usage(ctx.prefix), summary=_summary(ctx, spec)
        )
        example = _example(ctx, spec)
        if example:
            message += ctx.render("core.example", example=example)
        if spec.aliases:
            aliases = ", ".join(f"{ctx.prefix}{a}" for a in spec.aliases)
            message += ctx.render("commandes.aliases", aliases=aliases)
        family = _family(ctx, spec, highest)
        if family is not None:
            message += family
        await ctx.reply_message(message)
        return
    await ctx.reply_message(_listing(ctx, highest))


def _family(ctx: CommandContext, spec: CommandSpec, highest: Role) -> Message | None:
    """``!commandes focus``: every sub-command of the family (``focus planifier``…), each
    with its summary and example, so none is only found by chance."""
    members = [
        other
        for other in ctx.app.registry.specs
        if other.name.startswith(f"{spec.name} ") and not other.hidden and other.role <= highest
    ]
    if not members:
        return None
    parts: list[Part] = [("commandes.family", {"family": f"{ctx.prefix}{spec.name}"})]
    for other in members:
        usage = other.usage(ctx.prefix)
        parts.append(("commandes.line", {"usage": usage, "summary": _summary(ctx, other)}))
        example = _example(ctx, other)
        if example:
            parts.append(("commandes.line_example", {"example": example}))
    return ctx.catalogue.compose(parts)


# The listing only depends on the language, the role and the declared commands: rendered once.
_listings: dict[tuple[int, str, Role, str, int, str], Message] = {}


def _listing(ctx: CommandContext, highest: Role) -> Message:
    registry = ctx.app.registry
    key = (
        id(registry),
        ctx.catalogue.language,
        highest,
        ctx.prefix,
        len(registry.specs),
        ctx.example_params["bassin"],
    )
    if key not in _listings:
        _listings[key] = _render_listing(ctx, highest)
    return _listings[key]


def _render_listing(ctx: CommandContext, highest: Role) -> Message:
    parts: list[Part] = [("commandes.title", {})]
    for spec in ctx.app.registry.specs:
        if spec.hidden or spec.role > highest:
            continue
        parts.append(
            ("commandes.line", {"usage": spec.usage(ctx.prefix), "summary": _summary(ctx, spec)})
        )
        example = _example(ctx, spec)
        if example:
            parts.append(("commandes.line_example", {"example": example}))
    parts.append(("commandes.footer", {"prefix": ctx.prefix}))
    return ctx.catalogue.compose(parts)
