"""Commands are declared once, with one decorator; help and usage are generated from it.

    @command("faq", args=[Arg("mots", ArgKind.REST)], help="faq.help.search")
    async def search_faq(ctx: CommandContext, mots: str) -> None: ...

The registry collects every decorated function of the ``commands`` package. A command name may
have several words (``faq ajouter``, ``mod bassin archiver``): the longest declared name that
matches the start of a message wins, so ``!faq logement`` is ``faq`` with ``logement`` as its
argument while ``!faq ajouter`` is its own command.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import re
import unicodedata
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from types import ModuleType
from typing import Any, Literal

from bot.framework.errors import BadArgument, MissingArgument
from bot.framework.roles import Role

Handler = Callable[..., Awaitable[None]]
Where = Literal["any", "dm", "room"]
MARK = "__tisserand_command__"
LISTENER_MARK = "__tisserand_listener__"


class ArgKind(StrEnum):
    WORD = "word"  # one word
    INT = "int"  # a number, "12" or "#12"
    USER = "user"  # a Matrix id, "@alice:example.org" (a pill's text works too)
    REST = "rest"  # everything that is left, as typed
    CHOICE = "choice"  # one word among `choices`
    INTS = "ints"  # zero or more numbers, e.g. "!resolu 12 2 3"


@dataclass(frozen=True)
class Arg:
    name: str
    kind: ArgKind = ArgKind.WORD
    required: bool = True
    choices: tuple[str, ...] = ()

    def usage(self) -> str:
        """``<numéro>``, ``[réponses…]``: numbers are written plainly in usage lines as in
        examples (``!resolu 12``); a ``#`` typed before one is accepted all the same."""
        label = "|".join(self.choices) if self.kind is ArgKind.CHOICE else self.name
        label = _LABELS.get(label, label)
        if self.kind in (ArgKind.REST, ArgKind.INTS):
            label += "…"
        return f"<{label}>" if self.required else f"[{label}]"


# Argument names are Python identifiers; what usage lines show instead.
_LABELS = {"numero": "numéro", "reponses": "réponses", "theme": "thème", "themes": "thèmes"}


@dataclass(frozen=True)
class CommandSpec:
    name: str
    handler: Handler = field(compare=False, repr=False)
    args: tuple[Arg, ...] = ()
    aliases: tuple[str, ...] = ()
    help: str = ""  # catalogue key prefix: "<help>.summary" and "<help>.example"
    role: Role = Role.MEMBER
    where: Where = "any"
    hidden: bool = False
    # Its text may name the person accompanied: outside a DM the message is redacted at once,
    # before any check (a refusal or a typo must not leave it in the room).
    private: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.name.split())

    def usage(self, prefix: str) -> str:
        return " ".join([f"{prefix}{self.name}", *(a.usage() for a in self.args)])


def command(
    name: str,
    *,
    args: Iterable[Arg] = (),
    aliases: Iterable[str] = (),
    help: str = "",
    role: Role = Role.MEMBER,
    where: Where = "any",
    hidden: bool = False,
    private: bool = False,
) -> Callable[[Handler], Handler]:
    """Declare a command. The handler receives a `CommandContext` and the parsed arguments."""

    def decorate(handler: Handler) -> Handler:
        spec = CommandSpec(
            name=name,
            handler=handler,
            args=tuple(args),
            aliases=tuple(aliases),
            help=help,
            role=role,
            where=where,
            hidden=hidden,
            private=private,
        )
        setattr(handler, MARK, spec)
        return handler

    return decorate


ListenerKind = Literal["reaction", "thread", "conversation", "timer"]


@dataclass(frozen=True)
class ListenerSpec:
    kind: ListenerKind
    name: str  # for conversations: the conversation kind it continues
    handler: Handler = field(compare=False, repr=False)


def listener(kind: ListenerKind, name: str = "") -> Callable[[Handler], Handler]:
    """Declare a handler for something that is not a command: a reaction, a thread reply,
    a free-text answer in a guided conversation (``name`` is the conversation kind), or a timer
    firing (``name`` is the timer kind; the handler receives the application and a `TimerCall`).
    """

    def decorate(handler: Handler) -> Handler:
        setattr(handler, LISTENER_MARK, ListenerSpec(kind, name, handler))
        return handler

    return decorate


def fold(text: str) -> str:
    """Lower-case, accent-free form used to match command words ("résolu" == "resolu")."""
    # Compatibility forms first (𝐀, ｆ), then case, then decomposed again: case folding after
    # NFKD is what makes fold(fold(x)) == fold(x).
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Invocation:
    spec: CommandSpec
    raw_args: str


class CommandRegistry:
    def __init__(self, specs: Iterable[CommandSpec] = (), listeners: Iterable[ListenerSpec] = ()):
        self._specs: list[CommandSpec] = []
        self._by_words: dict[tuple[str, ...], CommandSpec] = {}
        self.listeners: list[ListenerSpec] = list(listeners)
        for spec in specs:
            self.add(spec)

    @classmethod
    def from_package(cls, package: ModuleType) -> CommandRegistry:
        registry = cls()
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            registry.add_module(module)
        return registry

    def add_module(self, module: ModuleType) -> None:
        for value in vars(module).values():
            spec = getattr(value, MARK, None)
            if isinstance(spec, CommandSpec):
                self.add(spec)
            lspec = getattr(value, LISTENER_MARK, None)
            if isinstance(lspec, ListenerSpec):
                self.listeners.append(lspec)

    def add(self, spec: CommandSpec) -> None:
        for name in (spec.name, *spec.aliases):
            words = tuple(fold(name).split())
            if words in self._by_words:
                raise ValueError(f"command {name!r} declared twice")
            self._by_words[words] = spec
        self._specs.append(spec)

    @property
    def specs(self) -> list[CommandSpec]:
        return sorted(self._specs, key=lambda s: s.name)

    def get(self, name: str) -> CommandSpec | None:
        return self._by_words.get(tuple(fold(name).split()))

    def listeners_of(self, kind: ListenerKind, name: str = "") -> list[ListenerSpec]:
        return [item for item in self.listeners if item.kind == kind and item.name == name]

    def listeners_of_kind(self, kind: ListenerKind) -> list[ListenerSpec]:
        return [item for item in self.listeners if item.kind == kind]

    def resolve(self, text: str) -> Invocation | None:
        """Find the command a message starts with (prefix already removed)."""
        tokens = text.split()
        for length in range(min(4, len(tokens)), 0, -1):
            words = tuple(fold(t) for t in tokens[:length])
            spec = self._by_words.get(words)
            if spec is not None:
                rest = _strip_words(text, length)
                return Invocation(spec, rest)
        return None

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        names = sorted({" ".join(w) for w in self._by_words if len(w) == 1})
        return difflib.get_close_matches(fold(word), names, n=limit, cutoff=0.6)


def _strip_words(text: str, count: int) -> str:
    rest = text.lstrip()
    for _ in range(count):
        rest = re.sub(r"^\S+\s*", "", rest, count=1)
    return rest.strip()


_USER_ID = re.compile(r"^@[^\s:]+:[^\s]+$")
_PILL_URL = re.compile(r"https://matrix\.to/#/(@[^\s/?\"')]+)")


def parse_arguments(spec: CommandSpec, raw: str) -> dict[str, Any]:
    """Turn the text after a command into typed keyword arguments for its handler."""
    values: dict[str, Any] = {}
    rest = raw.strip()
    for arg in spec.args:
        if arg.kind is ArgKind.REST:
            if not rest and arg.required:
                raise MissingArgument("core.missing_argument", argument=arg.name)
            values[arg.name] = rest or None
            rest = ""
            continue
        if arg.kind is ArgKind.INTS:
            numbers = []
            for token in rest.split():
                numbers.append(_as_int(arg, token))
            if not numbers and arg.required:
                raise MissingArgument("core.missing_argument", argument=arg.name)
            values[arg.name] = numbers
            rest = ""
            continue
        # Any whitespace separates words: a tab or a line break typed between two arguments
        # must not glue them into one.
        parts = rest.split(None, 1)
        token, rest = [*parts, "", ""][:2]
        if not token:
            if arg.required:
                raise MissingArgument("core.missing_argument", argument=arg.name)
            values[arg.name] = None
            continue
        values[arg.name] = _convert(arg, token)
    if rest:
        raise BadArgument("core.too_many_arguments", extra=rest[:80])
    return values


def _as_int(arg: Arg, token: str) -> int:
    cleaned = token.lstrip("#").rstrip(",;.")
    if not cleaned.isdecimal() or len(cleaned) > 9:
        raise BadArgument("core.expected_number", argument=arg.name, value=token[:40])
    return int(cleaned)


def _convert(arg: Arg, token: str) -> Any:
    if arg.kind is ArgKind.INT:
        return _as_int(arg, token)
    if arg.kind is ArgKind.USER:
        match = _PILL_URL.search(token)
        candidate = match.group(1) if match else token.rstrip(",;:")
        if not _USER_ID.match(candidate):
            raise BadArgument("core.expected_user", argument=arg.name, value=token[:60])
        return candidate
    if arg.kind is ArgKind.CHOICE:
        folded = fold(token)
        for choice in arg.choices:
            if fold(choice) == folded:
                return choice
        raise BadArgument(
            "core.expected_choice",
            argument=arg.name,
            value=token[:40],
            choices=", ".join(arg.choices),
        )
    return token
