"""The help ``!commandes`` shows, generated from the command declarations.

A newcomer should see where to start, not every command: the listing is one line per family
(the commands of a module of ``commands/``, ``mod_*`` modules forming the ``mod`` family) with
its command names and one example; someone not signed up yet is first told to run
``inscription``. Moderators' and admins' commands are behind ``!commandes mod``, and
``!commandes <famille|commande>`` details a family or a command, each with its usage and example.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.framework.catalogue import Catalogue, Part
from bot.framework.registry import CommandRegistry, CommandSpec, fold
from bot.framework.roles import Role
from bot.matrix.formatting import Message

# The order families are shown in: joining first, then what members do most.
FAMILY_ORDER = (
    "inscription", "aide", "faq", "fiche", "focus", "annuaire", "profil", "donnees", "commandes",
    "mod",
)  # fmt: skip
MODERATION = "mod"


@dataclass(frozen=True)
class HelpView:
    """What the help depends on: the declarations, the language, the reader."""

    registry: CommandRegistry
    catalogue: Catalogue
    prefix: str
    example_params: dict[str, str]
    role: Role

    def visible(self) -> list[CommandSpec]:
        return [s for s in self.registry.specs if not s.hidden and s.role <= self.role]

    def summary(self, spec: CommandSpec) -> str:
        key = f"{spec.help}.summary"
        return self.catalogue.text(key, prefix=self.prefix) if self._has(key) else ""

    def example(self, spec: CommandSpec) -> str | None:
        """The declared example, unless it only repeats the usage (``!profil`` for ``!profil``)."""
        key = f"{spec.help}.example"
        if not self._has(key):
            return None
        example = self.catalogue.text(key, **self.example_params)
        return None if example.strip() == spec.usage(self.prefix) else example

    def _has(self, key: str) -> bool:
        return bool(key.split(".")[0]) and self.catalogue.has(key)


def family_of(spec: CommandSpec) -> str:
    """``commands.mod_people`` → ``mod``; ``commands.aide`` → ``aide``."""
    module = getattr(spec.handler, "__module__", "") or ""
    return module.rsplit(".", 1)[-1].split("_", 1)[0]


def families(specs: Iterable[CommandSpec]) -> dict[str, list[CommandSpec]]:
    grouped: dict[str, list[CommandSpec]] = {}
    for spec in specs:
        grouped.setdefault(family_of(spec), []).append(spec)
    rank = {name: i for i, name in enumerate(FAMILY_ORDER)}
    return dict(sorted(grouped.items(), key=lambda item: (rank.get(item[0], 99), item[0])))


def _main(members: list[CommandSpec], family: str) -> CommandSpec:
    """The command that names the family (``!faq`` for the FAQ), else its first."""
    return next((s for s in members if s.name == family), members[0])


def listing(view: HelpView, *, registered: bool) -> Message:
    """``!commandes``: a start for newcomers, then one line per family with one example."""
    parts: list[Part] = [("commandes.title", {})]
    inscription = view.registry.get("inscription")
    # Partners are never members: signing up is not for them.
    if not registered and inscription is not None and view.role >= Role.MEMBER:
        parts.append(("commandes.start", _usage_params(view, inscription)))
    for family, members in families(view.visible()).items():
        if family == MODERATION or all(s.role > Role.MEMBER for s in members):
            continue
        mine = [s for s in members if s.role <= Role.MEMBER]
        main = _main(mine, family)
        mine = [main, *(s for s in mine if s is not main)]
        names = ", ".join(f"{view.prefix}{s.name}" for s in mine)
        parts.append(("commandes.family_line", {"label": _label(view, family), "names": names}))
        example = view.example(main) or main.usage(view.prefix)
        parts.append(("commandes.line_example", {"example": example}))
    if view.role > Role.MEMBER:
        parts.append(("commandes.moderation_hint", {"prefix": view.prefix}))
    parts.append(("commandes.footer", {"prefix": view.prefix}))
    return view.catalogue.compose(parts)


def moderation(view: HelpView) -> Message:
    """``!commandes mod``: every command above the member's, with usage and summary."""
    above = [s for s in view.visible() if s.role > Role.MEMBER]
    if not above:
        return view.catalogue.render("commandes.moderation_none")
    parts: list[Part] = [("commandes.moderation_title", {})]
    parts += _lines(view, above, examples=False)
    return view.catalogue.compose(parts)


def family_details(view: HelpView, family: str) -> Message | None:
    """``!commandes focus``: every command of the family with its usage, summary and example."""
    members = families(view.visible()).get(family, [])
    if not members:
        return None
    parts: list[Part] = [("commandes.family", {"family": _label(view, family)})]
    parts += _lines(view, members, examples=True)
    return view.catalogue.compose(parts)


def command_details(view: HelpView, spec: CommandSpec) -> Message:
    message = view.catalogue.render(
        "commandes.details", usage=spec.usage(view.prefix), summary=view.summary(spec)
    )
    example = view.example(spec)
    if example:
        message += view.catalogue.render("core.example", example=example)
    if spec.aliases:
        aliases = ", ".join(f"{view.prefix}{a}" for a in spec.aliases)
        message += view.catalogue.render("commandes.aliases", aliases=aliases)
    return message


def find_family(view: HelpView, word: str) -> str | None:
    folded = fold(word.strip())
    known = families(view.visible())
    if folded in known:
        return folded
    for family in known:
        if fold(_label(view, family)) == folded:
            return family
    return None


def _lines(view: HelpView, specs: list[CommandSpec], *, examples: bool) -> list[Part]:
    parts: list[Part] = []
    for spec in specs:
        parts.append(("commandes.line", _usage_params(view, spec)))
        example = view.example(spec) if examples else None
        if example:
            parts.append(("commandes.line_example", {"example": example}))
    return parts


def _usage_params(view: HelpView, spec: CommandSpec) -> dict[str, Any]:
    return {"usage": spec.usage(view.prefix), "summary": view.summary(spec)}


def _label(view: HelpView, family: str) -> str:
    key = f"commandes.families.{family}"
    return view.catalogue.text(key) if view.catalogue.has(key) else family
