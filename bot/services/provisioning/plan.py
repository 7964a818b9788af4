"""What the layout asks for, and the plan that brings the database's rooms to it.

Each layout element has a stable key (``space:namur``, ``room:namur:encadrants``…) recorded with
the room id it was given, so a second run finds everything and changes nothing. Room names and
topics come from the network's catalogue (French by default), never from code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.framework.catalogue import Catalogue, catalogue
from config.layout import Bassin, Groupe, Layout, Theme
from storage.models import ProvisionedRoom
from storage.repositories.rooms import RoomRepository

Kind = Literal["root", "bassin", "groupe", "theme", "faq", "annonces"]
ARCHIVED_PREFIX = "[archivé] "


@dataclass(frozen=True)
class Target:
    """One space or room the layout asks for."""

    key: str
    kind: Kind
    name: str
    topic: str
    alias: str  # localpart, without '#' and server
    parent_key: str | None = None
    bassin: str | None = None
    groupe: str | None = None
    theme: str | None = None
    # Created with m.room.encryption; an encrypted room is never made clear again.
    encrypted: bool = False

    @property
    def is_space(self) -> bool:
        return self.kind in ("root", "bassin")

    @property
    def read_only(self) -> bool:
        return self.kind in ("faq", "annonces")

    @property
    def level(self) -> int:
        return {"root": 0, "bassin": 1}.get(self.kind, 2)


def room_key(bassin: str, groupe: str) -> str:
    return f"room:{bassin}:{groupe}"


def bassin_key(bassin: str) -> str:
    return f"space:{bassin}"


ROOT_KEY = "space:root"
FAQ_KEY = "room:faq"
ANNOUNCEMENTS_KEY = "room:annonces"


def theme_key(theme: str) -> str:
    return f"room:theme:{theme}"


def desired_rooms(layout: Layout, texts: Catalogue | None = None) -> list[Target]:
    """Everything the layout asks for, parents before children."""
    texts = texts or catalogue()
    net = layout.network
    alias = layout.alias_localpart
    targets = [Target(ROOT_KEY, "root", net.name, net.topic, alias(net.slug))]
    targets += [_bassin_space(layout, texts, bassin) for bassin in layout.bassins]
    targets += [
        _groupe_room(layout, texts, bassin, groupe)
        for bassin in layout.bassins
        for groupe in layout.groupes
    ]
    targets += [_theme_room(layout, texts, theme) for theme in layout.themes if theme.room]
    targets.append(_shared_room(layout, texts, FAQ_KEY, "faq"))
    targets.append(_shared_room(layout, texts, ANNOUNCEMENTS_KEY, "annonces"))
    return targets


def _shared_room(
    layout: Layout, texts: Catalogue, key: str, kind: Literal["faq", "annonces"]
) -> Target:
    return Target(
        key,
        kind,
        texts.text(f"provisioning.{kind}.name"),
        texts.text(f"provisioning.{kind}.topic"),
        layout.alias_localpart(f"{layout.network.slug}-{kind}"),
        parent_key=ROOT_KEY,
        encrypted=layout.network.encrypted,
    )


def _bassin_space(layout: Layout, texts: Catalogue, bassin: Bassin) -> Target:
    return Target(
        bassin_key(bassin.slug),
        "bassin",
        texts.text("provisioning.bassin.name", network=layout.network.name, bassin=bassin.name),
        texts.text("provisioning.bassin.topic", bassin=bassin.name),
        layout.alias_localpart(f"bassin-{bassin.slug}"),
        parent_key=ROOT_KEY,
        bassin=bassin.slug,
    )


def _groupe_room(layout: Layout, texts: Catalogue, bassin: Bassin, groupe: Groupe) -> Target:
    topic = texts.text("provisioning.groupe.topic", groupe=groupe.name, bassin=bassin.name)
    if groupe.description:
        topic += f" ({groupe.description})"
    return Target(
        room_key(bassin.slug, groupe.slug),
        "groupe",
        texts.text("provisioning.groupe.name", groupe=groupe.name, bassin=bassin.name),
        topic,
        layout.alias_localpart(f"{groupe.short}-{bassin.slug}"),
        parent_key=bassin_key(bassin.slug),
        bassin=bassin.slug,
        groupe=groupe.slug,
        encrypted=layout.network.encrypted or groupe.encrypted,
    )


def _theme_room(layout: Layout, texts: Catalogue, theme: Theme) -> Target:
    return Target(
        theme_key(theme.slug),
        "theme",
        theme.label,
        theme.room_topic or texts.text("provisioning.theme.topic", theme=theme.label),
        layout.alias_localpart(f"theme-{theme.slug}"),
        parent_key=ROOT_KEY,
        theme=theme.slug,
        encrypted=layout.network.encrypted or theme.encrypted,
    )


@dataclass(frozen=True)
class Action:
    verb: Literal["create", "update", "archive"]
    target: Target | None
    existing: ProvisionedRoom | None = None
    changes: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.verb == "create" and self.target:
            what = "space" if self.target.is_space else "room"
            return f"create {what} {self.target.key} #{self.target.alias} « {self.target.name} »"
        if self.verb == "update" and self.target:
            return f"update {self.target.key}: {', '.join(self.changes)}"
        assert self.existing is not None
        return f"archive {self.existing.key} ({self.existing.room_id})"


@dataclass
class Plan:
    actions: list[Action] = field(default_factory=list)

    def count(self, verb: str) -> int:
        return sum(1 for a in self.actions if a.verb == verb)

    @property
    def empty(self) -> bool:
        return not self.actions


@dataclass
class Report:
    created: int = 0
    adopted: int = 0
    updated: int = 0
    archived: int = 0
    seconds: float = 0.0


async def plan_layout(rooms: RoomRepository, layout: Layout) -> Plan:
    """What provisioning would do, from the database alone (no homeserver request)."""
    existing = {row.key: row for row in await rooms.all(include_archived=True)}

    plan = Plan()
    wanted = desired_rooms(layout)
    for target in wanted:
        row = existing.get(target.key)
        if row is None:
            plan.actions.append(Action("create", target))
            continue
        changes = tuple(
            name
            for name, new, old in (
                ("name", target.name, row.name),
                ("topic", target.topic, row.topic),
                ("archived", False, row.archived),
            )
            if new != old
        )
        if changes:
            plan.actions.append(Action("update", target, row, changes))
    wanted_keys = {t.key for t in wanted}
    for key, row in existing.items():
        if key not in wanted_keys and not row.archived:
            plan.actions.append(Action("archive", None, row))
    return plan
