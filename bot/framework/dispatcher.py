"""From an incoming event to the right handler, with one error funnel for everything.

Commands start with the prefix (``!`` by default); in a DM with the bot the prefix is optional.
Free text in a DM continues the user's guided conversation when one is open. Reactions and
thread replies go to the listeners declared for them.
"""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING

from bot.framework.catalogue import catalogue
from bot.framework.context import CommandContext
from bot.framework.errors import CheckFailure, CommandError, CommandNotFound, UserInputError
from bot.framework.registry import CommandSpec, Invocation, parse_arguments
from bot.matrix.events import IncomingEvent
from storage.database import is_unavailable

if TYPE_CHECKING:
    from bot.app import Application

log = logging.getLogger(__name__)

MAX_COMMAND_LENGTH = 20_000


class Dispatcher:
    def __init__(self, app: Application) -> None:
        self.app = app
        self.registry = app.registry

    async def handle(self, event: IncomingEvent) -> None:
        if event.sender == self.app.client.user_id:
            return
        if event.reaction is not None:
            await self._listeners(event, "reaction")
        elif event.is_text and not event.is_notice:
            await self._message(event)

    async def _context(self, event: IncomingEvent, is_dm: bool) -> CommandContext:
        language = await self.app.members.language(event.sender) or self.app.settings.language
        return CommandContext(self.app, event, catalogue(language), is_dm)

    async def _message(self, event: IncomingEvent) -> None:
        text = event.command_text
        prefix = self.app.settings.command_prefix
        has_prefix = text.startswith(prefix)
        is_dm = await self.app.direct_rooms.is_direct(event.room_id)
        ctx = await self._context(event, is_dm)
        if has_prefix:
            await self._command(ctx, text[len(prefix) :].lstrip())
            return
        if event.thread_root is not None and not is_dm:
            await self._listeners(event, "thread", ctx=ctx)
            return
        if not is_dm:
            return
        conversation = await self.app.conversations.current(event.sender, event.room_id)
        if conversation is not None and self.registry.listeners_of(
            "conversation", conversation.kind
        ):
            await self._funnel(ctx, self._conversation(ctx, conversation.kind))
            return
        if self.registry.resolve(text) is not None:
            await self._command(ctx, text)
        else:
            await self._funnel(ctx, self._raise(CommandNotFound("core.dm_hint")))

    async def _conversation(self, ctx: CommandContext, kind: str) -> None:
        for spec in self.registry.listeners_of("conversation", kind):
            await spec.handler(ctx)

    async def _raise(self, error: CommandError) -> None:
        raise error

    async def run_command(self, ctx: CommandContext, text: str) -> None:
        """Run ``text`` (without prefix) as a command; for listeners that accept bare commands."""
        await self._command(ctx, text)

    async def _command(self, ctx: CommandContext, text: str) -> None:
        invocation = self.registry.resolve(text)
        if invocation is None:
            word = text.split()[0] if text.split() else ""
            await self._funnel(ctx, self._raise(self._not_found(word)))
            return
        ctx.spec = invocation.spec
        await self._funnel(ctx, self._invoke(ctx, invocation))

    def _not_found(self, word: str) -> CommandNotFound:
        suggestions = self.registry.suggest(word)
        prefix = self.app.settings.command_prefix
        if suggestions:
            return CommandNotFound(
                "core.did_you_mean",
                command=word[:40],
                suggestions=", ".join(f"{prefix}{s}" for s in suggestions),
            )
        return CommandNotFound("core.unknown_command", command=word[:40])

    async def _invoke(self, ctx: CommandContext, invocation: Invocation) -> None:
        spec = invocation.spec
        if spec.private and not ctx.is_dm:
            await self._take_out_of_room(ctx)
        if len(invocation.raw_args) > MAX_COMMAND_LENGTH:
            raise UserInputError("core.too_long", limit=MAX_COMMAND_LENGTH)
        await self._check(ctx, spec)
        arguments = parse_arguments(spec, invocation.raw_args)
        await spec.handler(ctx, **arguments)

    async def _take_out_of_room(self, ctx: CommandContext) -> None:
        """A private command typed in a room: its text leaves the room before anything else."""
        await self.app.client.redact(
            ctx.room_id, ctx.event.event_id, ctx.text("core.private_redaction_reason"),
            txn_id=ctx.next_txn(),
        )  # fmt: skip

    async def _check(self, ctx: CommandContext, spec: CommandSpec) -> None:
        if spec.where == "dm" and not ctx.is_dm:
            raise CheckFailure("core.dm_only", command=spec.name)
        if spec.where == "room" and ctx.is_dm:
            raise CheckFailure("core.room_only", command=spec.name)
        grants = await ctx.grants()
        if spec.role > grants.highest:
            key = "core.partner_denied" if grants.partner else "core.permission_denied"
            raise CheckFailure(key, command=spec.name, prefix=ctx.prefix)

    async def _listeners(
        self, event: IncomingEvent, kind: str, ctx: CommandContext | None = None
    ) -> None:
        specs = self.registry.listeners_of(kind)  # type: ignore[arg-type]
        if not specs:
            return
        if ctx is None:
            ctx = await self._context(event, await self.app.direct_rooms.is_direct(event.room_id))
        for spec in specs:
            await self._funnel(ctx, spec.handler(ctx))

    async def _funnel(self, ctx: CommandContext, work: object) -> None:
        """The one place where errors become messages."""
        try:
            await work  # type: ignore[misc]
        except UserInputError as error:
            await self._explain(ctx, error)
        except CommandError as error:
            await ctx.reply(error.key, **error.params)
        except Exception as exc:
            if is_unavailable(exc):
                raise  # the sync loop handles the event again once the database is back
            reference = secrets.token_hex(4)
            log.exception("error %s while handling %s", reference, ctx.event.event_id)
            await ctx.reply("core.internal_error", reference=reference)

    async def _explain(self, ctx: CommandContext, error: UserInputError) -> None:
        message = ctx.render(error.key, **error.params)
        spec = ctx.spec
        if spec is not None:
            message = message + ctx.render("core.usage", usage=spec.usage(ctx.prefix))
            if spec.help and ctx.catalogue.has(f"{spec.help}.example"):
                example = ctx.text(f"{spec.help}.example", **ctx.example_params)
                message = message + ctx.render("core.example", example=example)
        await ctx.reply_message(message)
