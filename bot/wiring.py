"""The composition root's parts: each function builds one collaborator from what it is given.

`Application` calls them in order. Every dependency is an argument, so a reader sees at a
glance what each service needs, and nothing is looked up on the application afterwards.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.framework.dispatcher import Dispatcher
from bot.framework.permissions import Permissions
from bot.framework.timers import Timers
from bot.matrix.client import MatrixClient
from bot.matrix.direct import DirectRooms
from bot.matrix.sync import SyncLoop
from bot.services.faq import FaqWorkflows
from bot.services.faq_room import FaqRoom
from bot.services.fiche_contacts import FicheContacts
from bot.services.fiches import FicheService
from bot.services.focus import FocusSessions, FocusSettings, FocusStores
from bot.services.help_requests import HelpRequests
from bot.services.inscription import Registrations
from bot.services.invites import InvitePolicy
from bot.services.moderation import LayoutHolder, PowerLevels
from bot.services.moderation.service import Moderation
from bot.services.partners import Partners
from bot.services.provisioning import Provisioner
from config.layout import Layout
from config.settings import Settings
from storage.database import Database
from storage.repositories.conversations import ConversationRepository
from storage.repositories.faq import FaqRepository
from storage.repositories.fiches import FicheRepository
from storage.repositories.focus import SEARCH_NAMESPACE as FOCUS_SEARCH
from storage.repositories.focus import FocusRepository
from storage.repositories.focus_guests import FocusGuestRepository
from storage.repositories.journal import JournalRepository, SessionRepository
from storage.repositories.members import MemberRepository
from storage.repositories.moderation import BassinChangeRepository
from storage.repositories.partners import PartnerRepository
from storage.repositories.personal_data import PersonalDataRepository
from storage.repositories.requests import RequestRepository
from storage.repositories.roles import AuditRepository, RoleRepository
from storage.repositories.rooms import DirectRoomRepository, RoomRepository
from storage.repositories.statistics import StatisticsRepository
from storage.repositories.structures import SEARCH_NAMESPACE as STRUCTURE_SEARCH
from storage.repositories.structures import StructureRepository
from storage.repositories.timers import TimerRepository
from storage.repositories.web import WebAccessRepository
from storage.search import SearchIndex
from storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Repositories:
    """Every repository, built once on the one database."""

    journal: JournalRepository
    sessions: SessionRepository
    members: MemberRepository
    rooms: RoomRepository
    direct_rooms: DirectRoomRepository
    conversations: ConversationRepository
    roles: RoleRepository
    audit: AuditRepository
    requests: RequestRepository
    fiches: FicheRepository
    faq: FaqRepository
    structures: StructureRepository
    partners: PartnerRepository
    focus: FocusRepository
    focus_guests: FocusGuestRepository
    timers: TimerRepository
    bassin_changes: BassinChangeRepository
    statistics: StatisticsRepository
    web_access: WebAccessRepository
    personal_data: PersonalDataRepository


def repositories(database: Database, layouts: LayoutHolder) -> Repositories:
    """The repositories; the searchable ones expand queries with the layout's theme keywords."""

    def index(namespace: str) -> SearchIndex:
        return SearchIndex(database, namespace, theme_keywords=layouts.layout.theme_keywords())

    return Repositories(
        journal=JournalRepository(database),
        sessions=SessionRepository(database),
        members=MemberRepository(database),
        rooms=RoomRepository(database),
        direct_rooms=DirectRoomRepository(database),
        conversations=ConversationRepository(database),
        roles=RoleRepository(database),
        audit=AuditRepository(database),
        requests=RequestRepository(database),
        fiches=FicheRepository.build(database, layouts.layout.theme_keywords()),
        faq=FaqRepository(database, index("faq")),
        structures=StructureRepository(database, index(STRUCTURE_SEARCH)),
        partners=PartnerRepository(database),
        focus=FocusRepository(database, index(FOCUS_SEARCH)),
        focus_guests=FocusGuestRepository(database),
        timers=TimerRepository(database),
        bassin_changes=BassinChangeRepository(database),
        statistics=StatisticsRepository(database),
        web_access=WebAccessRepository(database),
        personal_data=PersonalDataRepository(database),
    )


@dataclass(frozen=True)
class Shared:
    """What most services are given: settings, client, unit of work, repositories, layout."""

    settings: Settings
    client: MatrixClient
    work: UnitOfWork
    repos: Repositories
    layouts: LayoutHolder

    def layout(self) -> Layout:
        """The layout in force: moderators' bassin changes replace it while the bot runs."""
        return self.layouts.layout


def matrix_client(
    settings: Settings, on_undecryptable: Callable[[str, str, str], Awaitable[None]]
) -> MatrixClient:
    """The bot's Matrix client, with its crypto store when encryption is on."""
    assert settings.homeserver_url and settings.user_id
    secret = settings.cross_signing_secret
    client = MatrixClient(
        settings.homeserver_url,
        settings.user_id,
        device_name=settings.device_name,
        crypto_store=settings.crypto_dir if settings.encryption else None,
        crypto_pickle_key=secret.get_secret_value() if secret else "tisserand",
    )
    if client.crypto is not None:
        client.crypto.key_wait = settings.key_wait_seconds
        client.crypto.on_undecryptable = on_undecryptable
    return client


def fiche_service(shared: Shared, permissions: Permissions) -> FicheService:
    repos = shared.repos
    return FicheService(
        fiches=repos.fiches,
        members=repos.members,
        conversations=repos.conversations,
        audit=repos.audit,
        permissions=permissions,
        client=shared.client,
        work=shared.work,
        layout=shared.layout,
        prefix=shared.settings.command_prefix,
    )


def fiche_contacts(shared: Shared, direct_rooms: DirectRooms) -> FicheContacts:
    repos = shared.repos
    return FicheContacts(
        fiches=repos.fiches,
        members=repos.members,
        conversations=repos.conversations,
        client=shared.client,
        direct_rooms=direct_rooms,
        work=shared.work,
        layout=shared.layout,
        settings=shared.settings,
    )


def focus_sessions(shared: Shared, direct_rooms: DirectRooms, timers: Timers) -> FocusSessions:
    repos, settings = shared.repos, shared.settings
    return FocusSessions(
        stores=FocusStores(
            sessions=repos.focus,
            conversations=repos.conversations,
            rooms=repos.rooms,
            members=repos.members,
            audit=repos.audit,
            guests=repos.focus_guests,
        ),
        client=shared.client,
        direct_rooms=direct_rooms,
        work=shared.work,
        timers=timers,
        settings=FocusSettings(
            layout=shared.layout,
            zone=settings.zone,
            language=settings.language,
            prefix=settings.command_prefix,
        ),
    )


def help_requests(shared: Shared, timers: Timers, faq_room: FaqRoom) -> HelpRequests:
    repos, settings = shared.repos, shared.settings
    return HelpRequests(
        client=shared.client,
        work=shared.work,
        requests=repos.requests,
        rooms=repos.rooms,
        members=repos.members,
        conversations=repos.conversations,
        faq=repos.faq,
        timers=timers,
        partners=repos.partners,
        layout=shared.layout,
        announce=lambda entry, txn_id: faq_room.announce(entry, txn_id=txn_id),
        language=settings.language,
        prefix=settings.command_prefix,
    )


def moderation(shared: Shared, power: PowerLevels, provisioner: Provisioner) -> Moderation:
    repos = shared.repos
    return Moderation(
        client=shared.client,
        work=shared.work,
        rooms=repos.rooms,
        roles=repos.roles,
        audit=repos.audit,
        conversations=repos.conversations,
        bassin_changes=repos.bassin_changes,
        power=power,
        provisioner=provisioner,
        layouts=shared.layouts,
        admins=shared.settings.admins,
    )


def faq_room(shared: Shared) -> FaqRoom:
    settings = shared.settings
    return FaqRoom(
        shared.client,
        shared.repos.rooms,
        shared.layouts,
        language=settings.language,
        prefix=settings.command_prefix,
    )


def faq_workflows(shared: Shared, faq_room: FaqRoom) -> FaqWorkflows:
    repos = shared.repos
    return FaqWorkflows(
        work=shared.work,
        faq=repos.faq,
        audit=repos.audit,
        conversations=repos.conversations,
        faq_room=faq_room,
        layouts=shared.layouts,
    )


def registrations(shared: Shared) -> Registrations:
    repos = shared.repos
    return Registrations(
        work=shared.work,
        members=repos.members,
        rooms=repos.rooms,
        conversations=repos.conversations,
        client=shared.client,
    )


def partners(shared: Shared, timers: Timers, direct_rooms: DirectRooms) -> Partners:
    repos, settings = shared.repos, shared.settings
    return Partners(
        client=shared.client,
        work=shared.work,
        partners=repos.partners,
        rooms=repos.rooms,
        audit=repos.audit,
        timers=timers,
        direct_rooms=direct_rooms,
        layout=shared.layout,
        language=settings.language,
        zone=settings.timezone,
    )


def sync_loop(
    settings: Settings,
    client: MatrixClient,
    journal: JournalRepository,
    dispatcher: Dispatcher,
    invites: InvitePolicy,
) -> SyncLoop:
    """The sync loop: events to the dispatcher, invites and departures to the invite policy."""
    return SyncLoop(
        client,
        journal,
        dispatcher.handle,
        invites.on_invite,
        on_departure=invites.on_departure,
        timeout_ms=settings.sync_timeout_ms,
        crypto=client.crypto,
    )


def web_address(settings: Settings) -> str | None:
    """The site's public address for ``!web`` links, when the site is served."""
    if settings.web_base_url:
        return settings.web_base_url
    return f"http://{settings.web_listen}" if settings.web_listen else None
