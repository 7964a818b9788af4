"""``!focus``: thematic focus sessions, announced in rooms, with reminders (SPEC §6).

The handlers parse (the registry does), call one method of `bot.services.focus.FocusSessions`,
and reply; the workflows, their transactions and their notices live in the service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.framework.context import CommandContext
from bot.framework.errors import UserInputError
from bot.framework.registry import Arg, ArgKind, CommandSpec, command, listener, parse_arguments
from bot.framework.roles import Role
from bot.framework.timers import TimerCall
from bot.services.focus import NEXT_TIMER, REMINDER_TIMER, Origin
from bot.services.focus.guests import GUESTS_END

if TYPE_CHECKING:
    from bot.app import Application


# Each invited person is read as one USER argument (a Matrix id or a pill).
_ONE_USER = CommandSpec("focus inviter", handler=lambda: None, args=(Arg("u", ArgKind.USER),))  # type: ignore[arg-type,return-value]


def origin(ctx: CommandContext) -> Origin:
    return Origin(ctx.event.event_id, ctx.sender, ctx.room_id, ctx.catalogue)


@command(
    "focus planifier",
    aliases=["focus plan"],
    args=[Arg("plan", ArgKind.REST)],
    help="focus.help.planifier",
)
async def plan_session(ctx: CommandContext, plan: str) -> None:
    draft = await ctx.app.focus.plan(origin(ctx), plan)
    echo = await ctx.reply_message(draft.echo)
    await ctx.app.focus.remember_echo(draft, echo)


@command("focus confirmer", aliases=["focus confirm"], help="focus.help.confirmer")
async def confirm_plan(ctx: CommandContext) -> None:
    answer = await ctx.app.focus.confirm(origin(ctx))
    if answer is not None:
        await ctx.reply_message(answer)


@listener("reaction")
async def on_reaction(ctx: CommandContext) -> None:
    """✅/❌ on a plan's echo confirms or drops it; 👍 on an announcement is an RSVP."""
    if ctx.event.reaction is None:
        return
    target, key = ctx.event.reaction
    answer = await ctx.app.focus.react(origin(ctx), target, key)
    if answer is None:
        return
    message, private = answer
    if private:
        await ctx.dm(message)
    else:
        await ctx.send(ctx.room_id, message, reply_to=target)


@command(
    "focus participer",
    aliases=["focus rsvp", "focus join"],
    args=[Arg("numero", ArgKind.INT)],
    help="focus.help.participer",
    role=Role.PARTNER,
)
async def join_session(ctx: CommandContext, numero: int) -> None:
    await _partner_invited(ctx, numero)
    await ctx.reply_message(await ctx.app.focus.join(origin(ctx), numero))


@command(
    "focus inviter",
    aliases=["focus invite"],
    args=[Arg("numero", ArgKind.INT), Arg("personnes", ArgKind.REST)],
    help="focus.help.inviter",
)
async def invite_guests(ctx: CommandContext, numero: int, personnes: str) -> None:
    users = [parse_arguments(_ONE_USER, token)["u"] for token in personnes.split()]
    guests = ctx.app.focus.guests
    assert guests is not None
    await ctx.reply_message(await guests.invite(origin(ctx), numero, users, await ctx.grants()))


@command(
    "focus salon",
    aliases=["focus room"],
    args=[Arg("numero", ArgKind.INT)],
    help="focus.help.salon",
)
async def open_room(ctx: CommandContext, numero: int) -> None:
    guests = ctx.app.focus.guests
    assert guests is not None
    await ctx.reply_message(await guests.open_room(origin(ctx), numero, await ctx.grants()))


@command("focus liste", aliases=["focus list"], help="focus.help.liste")
async def list_sessions(ctx: CommandContext) -> None:
    await ctx.reply_message(await ctx.app.focus.listing(ctx.catalogue))


async def _partner_invited(ctx: CommandContext, numero: int | None) -> None:
    """A partner sees (and joins) only the sessions they are a guest of."""
    guests = ctx.app.focus.guests
    if not (await ctx.grants()).partner or guests is None:
        return
    if numero is None or not await guests.guests.is_guest(numero, ctx.sender):
        raise UserInputError("focus.guests.guest_only", id=numero if numero is not None else "?")


@command(
    "focus",
    args=[Arg("numero", ArgKind.INT, required=False)],
    help="focus.help.focus",
    role=Role.PARTNER,
)
async def show_session(ctx: CommandContext, numero: int | None) -> None:
    await _partner_invited(ctx, numero)
    if numero is None:
        await ctx.reply_message(await ctx.app.focus.listing(ctx.catalogue))
    else:
        await ctx.reply_message(await ctx.app.focus.details(numero, ctx.catalogue))


@command(
    "focus chercher",
    aliases=["focus search", "focus recherche"],
    args=[Arg("mots", ArgKind.REST)],
    help="focus.help.chercher",
)
async def search_reports(ctx: CommandContext, mots: str) -> None:
    await ctx.reply_message(await ctx.app.focus.search(mots, ctx.catalogue))


@command(
    "focus annuler",
    aliases=["focus cancel"],
    args=[Arg("numero", ArgKind.INT)],
    help="focus.help.annuler",
)
async def cancel_session(ctx: CommandContext, numero: int) -> None:
    await ctx.reply_message(await ctx.app.focus.cancel(origin(ctx), numero, await ctx.grants()))


@command(
    "focus deplacer",
    aliases=["focus move"],
    args=[Arg("numero", ArgKind.INT), Arg("quand", ArgKind.REST)],
    help="focus.help.deplacer",
)
async def move_session(ctx: CommandContext, numero: int, quand: str) -> None:
    grants = await ctx.grants()
    await ctx.reply_message(await ctx.app.focus.move(origin(ctx), numero, quand, grants))


@command(
    "focus compte-rendu",
    aliases=["focus compte rendu", "focus report", "focus cr"],
    args=[Arg("numero", ArgKind.INT), Arg("texte", ArgKind.REST)],
    help="focus.help.compte_rendu",
)
async def save_report(ctx: CommandContext, numero: int, texte: str) -> None:
    grants = await ctx.grants()
    await ctx.reply_message(await ctx.app.focus.report(origin(ctx), numero, texte, grants))


@listener("timer", REMINDER_TIMER)
async def send_reminder(app: Application, call: TimerCall) -> None:
    await app.focus.reminders.send_reminder(call)


@listener("timer", NEXT_TIMER)
async def advance_series(app: Application, call: TimerCall) -> None:
    await app.focus.reminders.advance_series(call)


@listener("timer", GUESTS_END)
async def guests_end(app: Application, call: TimerCall) -> None:
    if app.focus.guests is not None:
        await app.focus.guests.end(call.timer.key, int(call.payload["session"]), call.next_txn)
