"""What the web site reads and writes, gathered once: built from the running bot's own
repositories (one search index in memory for both) or, for ``tisserand web``, on its own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.framework.permissions import Permissions
from bot.services.faq import FaqEditing
from bot.services.moderation.layout import LayoutHolder
from bot.services.structures import Directory
from config.layout import Layout
from config.settings import Settings
from storage.database import Database
from storage.repositories.faq import FaqRepository
from storage.repositories.fiches import FicheRepository
from storage.repositories.figures import FiguresRepository
from storage.repositories.focus import FocusRepository
from storage.repositories.members import MemberRepository
from storage.repositories.partners import PartnerRepository
from storage.repositories.requests import RequestRepository
from storage.repositories.roles import AuditRepository, RoleRepository
from storage.repositories.rooms import RoomRepository
from storage.repositories.structures import SEARCH_NAMESPACE as STRUCTURE_SEARCH
from storage.repositories.structures import StructureRepository
from storage.repositories.web import WebAccessRepository
from storage.search import SearchIndex
from storage.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from bot.app import Application

TokenSource = Callable[[], Awaitable[str | None]]


@dataclass
class WebSite:
    settings: Settings
    layout: Callable[[], Layout]
    database: Database
    access: WebAccessRepository
    faq: FaqRepository
    fiches: FicheRepository
    focus: FocusRepository
    rooms: RoomRepository
    members: MemberRepository
    requests: RequestRepository
    audit: AuditRepository
    figures: FiguresRepository
    structures: Directory
    faq_editing: FaqEditing  # the commands' edit and delete workflows, scope checks included
    permissions: Permissions
    bot_token: TokenSource  # the bot's access token, for the media proxy only
    homeserver_url: str

    @property
    def base_url(self) -> str:
        return public_address(self.settings)

    @classmethod
    def of_bot(cls, app: Application) -> WebSite:
        async def token() -> str | None:
            return app.client.nio.access_token or None

        return cls(
            settings=app.settings,
            layout=lambda: app.layout,
            database=app.database,
            access=WebAccessRepository(app.database),
            faq=app.faq,
            fiches=app.fiches,
            focus=app.focus.repository,
            rooms=app.rooms,
            members=app.members,
            requests=app.requests,
            audit=app.audit,
            figures=FiguresRepository(app.database),
            structures=app.directory,
            faq_editing=app.faq_workflows,
            permissions=app.permissions,
            bot_token=token,
            homeserver_url=app.settings.homeserver_url or "",
        )

    @classmethod
    def alone(cls, settings: Settings, layout: Layout, database: Database) -> WebSite:
        """For ``tisserand web``: the bot's token is read from the session it keeps."""
        from storage.repositories.journal import SessionRepository

        sessions = SessionRepository(database)
        keywords = layout.theme_keywords()
        faq = FaqRepository(database, SearchIndex(database, "faq", theme_keywords=keywords))
        audit = AuditRepository(database)

        async def token() -> str | None:
            if settings.access_token is not None:
                return settings.access_token.get_secret_value()
            if not settings.user_id or not settings.homeserver_url:
                return None
            stored = await sessions.load(settings.user_id, settings.homeserver_url)
            return stored.access_token if stored else None

        return cls(
            settings=settings,
            layout=lambda: layout,
            database=database,
            access=WebAccessRepository(database),
            faq=faq,
            fiches=FicheRepository.build(database, keywords),
            focus=FocusRepository(database),
            rooms=RoomRepository(database),
            members=MemberRepository(database),
            requests=RequestRepository(database),
            audit=audit,
            figures=FiguresRepository(database),
            structures=Directory(
                database,
                StructureRepository(
                    database, SearchIndex(database, STRUCTURE_SEARCH, theme_keywords=keywords)
                ),
                lambda: layout,
            ),
            faq_editing=FaqEditing(
                work=UnitOfWork(database), faq=faq, audit=audit, layouts=LayoutHolder(layout)
            ),
            permissions=Permissions(
                RoleRepository(database), settings.admins, PartnerRepository(database)
            ),
            bot_token=token,
            homeserver_url=settings.homeserver_url or "",
        )


def public_address(settings: Settings) -> str:
    """``TISSERAND_WEB_BASE_URL``, else the listening address; no trailing slash."""
    if settings.web_base_url:
        return settings.web_base_url.rstrip("/")
    return f"http://{settings.web_listen or '127.0.0.1:8090'}"
