"""Which rooms a request reaches at each level of escalation."""

from __future__ import annotations

from collections.abc import Callable

from bot.framework.catalogue import Catalogue
from bot.services.provisioning import room_key, theme_key
from bot.text.themes import routed_themes
from config.layout import Layout
from storage.models import ProvisionedRoom
from storage.repositories.partners import PartnerRepository
from storage.repositories.rooms import RoomRepository


class Router:
    def __init__(
        self,
        layout: Callable[[], Layout],
        rooms: RoomRepository,
        partners: PartnerRepository | None = None,
    ) -> None:
        self.layout = layout  # the current layout: moderators' commands replace it
        self.rooms = rooms
        self.partners = partners

    async def targets(
        self, bassin: str, groupe: str | None, themes: list[str], level: int, *, text: str
    ) -> list[ProvisionedRoom]:
        """Rooms a request reaches at ``level`` (0: own groupe + specialist rooms of the themes
        ``text`` is confidently about; 1: every groupe of the bassin; 2: neighbouring bassins;
        3: every bassin). A detected theme a partner answers for in this bassin reaches its
        specialist room from the layout's ``partner_rooms_from_level`` (0 by default), even
        when the text is not confidently about it: the partner is there for that theme."""
        layout = self.layout()
        keys: list[str] = []
        groupes = [groupe] if groupe else [g.slug for g in layout.groupes]
        keys += [room_key(bassin, g) for g in groupes]
        routed = routed_themes(text, themes, layout)
        if self.partners is not None and level >= layout.policy.partner_rooms_from_level:
            routed += sorted(await self.partners.reaching(themes, bassin) - set(routed))
        keys += [theme_key(t) for t in routed if (theme := layout.theme(t)) and theme.room]
        if level >= 1:
            keys += [room_key(bassin, g.slug) for g in layout.groupes]
        if level >= 2:
            home = layout.bassin(bassin)
            neighbours = home.neighbours if home is not None else []
            keys += [room_key(b, g) for b in neighbours for g in groupes]
        if level >= 3:
            keys += [room_key(b.slug, g) for b in layout.bassins for g in groupes]
        rooms = []
        for key in dict.fromkeys(keys):
            row = await self.rooms.by_key(key)
            if row is not None and not row.archived:
                rooms.append(row)
        return rooms

    def theme_labels(self, themes: list[str], cat: Catalogue) -> str:
        labels = [t.label for slug in themes if (t := self.layout().theme(slug))]
        return ", ".join(labels) or cat.text("aide.no_themes")
