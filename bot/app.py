"""The application: builds every service once and runs the bot's lifecycle.

Nothing is a module-level singleton: settings, database, Matrix client, scheduler and
repositories are made here and passed to whoever needs them.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

import commands
from bot.framework.catalogue import catalogue
from bot.framework.dispatcher import Dispatcher
from bot.framework.logs import hold_content_loggers
from bot.framework.permissions import Permissions
from bot.framework.registry import CommandRegistry
from bot.framework.timers import Timers
from bot.matrix.client import MatrixClient, MatrixError
from bot.matrix.cross_signing import CrossSigning
from bot.matrix.crypto import delete_device, device_has_keys, store_file
from bot.matrix.direct import DirectRooms
from bot.matrix.sync import SyncLoop
from bot.services.digest import schedule_next_digest
from bot.services.faq import FaqWorkflows
from bot.services.faq_room import FaqRoom
from bot.services.fiche_contacts import FicheContacts
from bot.services.fiches import FicheService
from bot.services.focus import FocusSessions, FocusSettings, FocusStores
from bot.services.help_requests import HelpRequests
from bot.services.housekeeping import PRUNE_EVERY, Housekeeping
from bot.services.inscription import Registrations
from bot.services.invites import InvitePolicy
from bot.services.moderation import LayoutHolder, PowerLevels, effective_layout
from bot.services.moderation.network import NetworkModeration
from bot.services.moderation.service import Moderation
from bot.services.partners import Partners
from bot.services.personal_data import PersonalDataService
from bot.services.provisioning import Provisioner, Report
from bot.services.raw_messages import RawMessages
from bot.services.statistics import Statistics
from bot.services.structures import Directory
from bot.services.web_access import WebAccess
from bot.text.anonymiser import Anonymiser
from config.layout import Layout, load_layout
from config.settings import Settings
from storage.database import Database, private_directory
from storage.models import utcnow
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

if TYPE_CHECKING:
    from bot.web.app import WebServer

log = logging.getLogger(__name__)


def _web_address(settings: Settings) -> str | None:
    """The site's public address for ``!web`` links, when the site is served."""
    if settings.web_base_url:
        return settings.web_base_url
    return f"http://{settings.web_listen}" if settings.web_listen else None


class Application:
    def __init__(self, settings: Settings, layout: Layout | None = None) -> None:
        if not settings.homeserver_url or not settings.user_id:
            raise ValueError("TISSERAND_HOMESERVER_URL and TISSERAND_USER_ID must be set")
        self.settings = settings
        hold_content_loggers()
        self.layouts = LayoutHolder(layout or load_layout(settings.layout_file))
        private_directory(Path(settings.data_dir))
        self.database = Database(settings.effective_database_url)
        secret = settings.cross_signing_secret
        self.client = MatrixClient(
            settings.homeserver_url,
            settings.user_id,
            device_name=settings.device_name,
            crypto_store=settings.crypto_dir if settings.encryption else None,
            crypto_pickle_key=secret.get_secret_value() if secret else "tisserand",
        )
        if self.client.crypto is not None:
            self.client.crypto.key_wait = settings.key_wait_seconds
            self.client.crypto.on_undecryptable = self.ask_to_resend
        self.work = UnitOfWork(self.database)
        self.journal = JournalRepository(self.database)
        self.sessions = SessionRepository(self.database)
        self.members = MemberRepository(self.database)
        self.rooms = RoomRepository(self.database)
        self.conversations = ConversationRepository(self.database)
        self.roles = RoleRepository(self.database)
        self.audit = AuditRepository(self.database)
        self.requests = RequestRepository(self.database)
        self.fiches = FicheRepository.build(self.database, self.layout.theme_keywords())
        self.faq = FaqRepository(
            self.database,
            SearchIndex(self.database, "faq", theme_keywords=self.layout.theme_keywords()),
        )
        self.structures = StructureRepository(
            self.database,
            SearchIndex(
                self.database, STRUCTURE_SEARCH, theme_keywords=self.layout.theme_keywords()
            ),
        )
        self.directory = Directory(self.database, self.structures, lambda: self.layout)
        self.personal_data = PersonalDataService(
            self.work,
            self.members,
            self.client,
            retention=timedelta(days=settings.request_retention_days),
        )
        self.direct_rooms = DirectRooms(
            self.client, DirectRoomRepository(self.database), self.rooms
        )
        self.partner_rows = PartnerRepository(self.database)
        self.permissions = Permissions(self.roles, settings.admins, self.partner_rows)
        self.fiche_service = FicheService(
            fiches=self.fiches,
            members=self.members,
            conversations=self.conversations,
            audit=self.audit,
            permissions=self.permissions,
            client=self.client,
            work=self.work,
            layout=lambda: self.layout,  # moderators' bassin changes replace the layout
            prefix=settings.command_prefix,
        )
        self.fiche_contacts = FicheContacts(
            fiches=self.fiches,
            members=self.members,
            conversations=self.conversations,
            client=self.client,
            direct_rooms=self.direct_rooms,
            work=self.work,
            layout=lambda: self.layout,
            settings=settings,
        )
        self.invites = InvitePolicy(
            self.client, self.direct_rooms, self.permissions, settings.allowed_servers
        )
        self.provisioner = Provisioner(self.client, self.rooms)
        self.scheduler = AsyncIOScheduler(timezone=settings.zone)
        self.timers = Timers(TimerRepository(self.database), self.scheduler, self.client)
        focus_index = SearchIndex(
            self.database, FOCUS_SEARCH, theme_keywords=self.layout.theme_keywords()
        )
        self.focus = FocusSessions(
            stores=FocusStores(
                sessions=FocusRepository(self.database, focus_index),
                conversations=self.conversations,
                rooms=self.rooms,
                members=self.members,
                audit=self.audit,
                guests=FocusGuestRepository(self.database),
            ),
            client=self.client,
            direct_rooms=self.direct_rooms,
            work=self.work,
            timers=self.timers,
            settings=FocusSettings(
                layout=lambda: self.layout,
                zone=settings.zone,
                language=settings.language,
                prefix=settings.command_prefix,
            ),
        )
        self.housekeeping = Housekeeping(
            self.journal,
            self.timers.repository,
            self.conversations,
            self.work,
            timedelta(days=settings.journal_retention_days),
        )
        self.web_access = WebAccess(
            self.work,
            WebAccessRepository(self.database),
            _web_address(settings),
        )
        self.web_server: WebServer | None = None
        self.registry = CommandRegistry.from_package(commands)
        self.dispatcher = Dispatcher(self)
        self.help_requests = HelpRequests(
            client=self.client,
            work=self.work,
            requests=self.requests,
            rooms=self.rooms,
            members=self.members,
            conversations=self.conversations,
            faq=self.faq,
            timers=self.timers,
            partners=self.partner_rows,
            layout=lambda: self.layout,
            announce=lambda entry, txn_id: self.faq_room.announce(entry, txn_id=txn_id),
            language=settings.language,
            prefix=settings.command_prefix,
        )
        self.raw_messages = RawMessages(self.client)
        self._build_moderation()
        for timer_listener in self.registry.listeners_of_kind("timer"):
            self.timers.handle(timer_listener.name, functools.partial(timer_listener.handler, self))
        self.sync = SyncLoop(
            self.client,
            self.journal,
            self.dispatcher.handle,
            self.invites.on_invite,
            on_departure=self.invites.on_departure,
            timeout_ms=settings.sync_timeout_ms,
            crypto=self.client.crypto,
        )
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._new_device = False  # the crypto store was lost: announced once logged in again

    @property
    def layout(self) -> Layout:
        """The layout in force (moderators add and archive bassins live)."""
        return self.layouts.layout

    @layout.setter
    def layout(self, value: Layout) -> None:
        self.layouts.layout = value

    def _build_moderation(self) -> None:
        """Moderation, FAQ, inscription and statistics services, given their collaborators."""
        settings = self.settings
        self.power_levels = PowerLevels(self.client, self.rooms, self.roles, self.permissions)
        self.moderation = Moderation(
            client=self.client,
            work=self.work,
            rooms=self.rooms,
            roles=self.roles,
            audit=self.audit,
            conversations=self.conversations,
            bassin_changes=BassinChangeRepository(self.database),
            power=self.power_levels,
            provisioner=self.provisioner,
            layouts=self.layouts,
            admins=settings.admins,
        )
        self.network = NetworkModeration(self.moderation)
        self.faq_room = FaqRoom(
            self.client,
            self.rooms,
            self.layouts,
            language=settings.language,
            prefix=settings.command_prefix,
        )
        self.faq_workflows = FaqWorkflows(
            work=self.work,
            faq=self.faq,
            audit=self.audit,
            conversations=self.conversations,
            faq_room=self.faq_room,
            layouts=self.layouts,
        )
        self.registrations = Registrations(
            work=self.work,
            members=self.members,
            rooms=self.rooms,
            conversations=self.conversations,
            client=self.client,
        )
        self.statistics = Statistics(StatisticsRepository(self.database), self.members)
        self.partners = Partners(
            client=self.client,
            work=self.work,
            partners=self.partner_rows,
            rooms=self.rooms,
            audit=self.audit,
            timers=self.timers,
            direct_rooms=self.direct_rooms,
            layout=lambda: self.layout,
            language=settings.language,
            zone=settings.timezone,
        )

    # ------------------------------------------------------------ lifecycle
    async def prepare(self) -> None:
        """Everything but the sync loop: schema, login, provisioning, scheduler."""
        await self.database.migrate()
        await self.login()
        if self.client.crypto is not None:
            await self.client.crypto.start()
            await self.cross_sign()
            if self._new_device:
                await self.announce_new_device()
        # Every namespace's index shares one in-memory copy: built while the bot starts.
        self.faq.search_index.warm_in_background()
        # Bassins added or archived by moderators' commands are kept in the database.
        self.layout = await effective_layout(self.database, self.layout)
        if self.settings.provision_on_start:
            report = await self.provision()
            log.info(
                "provisioning: %d created, %d adopted, %d updated, %d archived in %.2fs",
                report.created,
                report.adopted,
                report.updated,
                report.archived,
                report.seconds,
            )
            # Reconciled while the bot answers: a role changed by command is mirrored at once.
            self.power_levels.reconcile_in_background()
        await self.timers.restore()
        await schedule_next_digest(self)
        self.scheduler.add_job(
            self.personal_data.purge_expired,
            "interval",
            hours=24,
            id="retention",
            replace_existing=True,
            next_run_time=utcnow() + timedelta(minutes=1),
        )
        self.scheduler.add_job(
            self.housekeeping.scheduled_prune,
            IntervalTrigger(seconds=PRUNE_EVERY.total_seconds()),
            id="housekeeping",
            replace_existing=True,
            next_run_time=datetime.now(UTC) + timedelta(minutes=1),
        )
        self.scheduler.start()

    async def start(self) -> None:
        """Prepare, then run the sync loop in the background until `stop`."""
        await self.prepare()
        if self.settings.web_listen:
            from bot.web.app import WebServer
            from bot.web.site import WebSite

            self.web_server = WebServer(WebSite.of_bot(self), self.settings.web_listen)
            await self.web_server.start()
        self._stop.clear()
        self._warm_up = asyncio.create_task(Anonymiser.warm_up(), name="anonymiser-warm-up")
        self._task = asyncio.create_task(self.sync.run(self._stop), name="sync-loop")

    async def wait_synced(self, within: float = 30) -> None:
        await asyncio.wait_for(self.sync.synced.wait(), within)

    async def run(self, on_ready: Callable[[], None] | None = None) -> None:
        """Start, call ``on_ready`` once provisioning is done and syncing, run until stopped."""
        await self.start()
        assert self._task is not None
        try:
            # No time limit: a homeserver or database still away at start is waited for.
            synced = asyncio.ensure_future(self.sync.synced.wait())
            await asyncio.wait({synced, self._task}, return_when=asyncio.FIRST_COMPLETED)
            synced.cancel()
            if on_ready is not None and self.sync.synced.is_set():
                on_ready()
            await self._task
        finally:
            await self.stop()

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None and not self._task.done():
            try:
                await asyncio.wait_for(self._task, timeout=15)
            except TimeoutError:
                self._task.cancel()
        await self.power_levels.stop_background()
        if self.web_server is not None:
            await self.web_server.stop()
            self.web_server = None
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.client.close()
        await self.database.close()

    # ------------------------------------------------------------ services
    async def login(self) -> None:
        """Restore the kept session; log in with the password only when there is none."""
        settings = self.settings
        assert settings.user_id and settings.homeserver_url
        stored = await self.sessions.load(settings.user_id, settings.homeserver_url)
        lost_device = None
        if stored is not None and await self._crypto_store_lost(
            stored.device_id, stored.access_token
        ):
            await self.sessions.forget(settings.user_id)
            lost_device, stored = stored.device_id, None
        if stored is not None:
            self.client.restore(stored.device_id, stored.access_token)
            try:
                await self.client.whoami()
                return
            except MatrixError as exc:
                log.warning("the stored session is no longer valid (%s): logging in again", exc)
                await self.sessions.forget(settings.user_id)
        if settings.access_token is not None:
            # The device comes with the token: asked first, the crypto store being per device.
            token = settings.access_token.get_secret_value()
            self.client.nio.access_token = token
            self.client.restore(await self.client.whoami_device(), token)
            return
        if settings.password is None:
            raise ValueError("TISSERAND_PASSWORD or TISSERAND_ACCESS_TOKEN must be set")
        device_id, token = await self.client.login(settings.password.get_secret_value())
        await self.sessions.save(settings.user_id, settings.homeserver_url, device_id, token)
        log.info(
            "logged in as %s (device %s); session kept for next starts", settings.user_id, device_id
        )
        if lost_device is not None:  # others' clients stop encrypting for a device that is gone
            await delete_device(self.client, lost_device, settings.password.get_secret_value())

    async def _crypto_store_lost(self, device_id: str, access_token: str) -> bool:
        """The device has keys on the homeserver but its crypto store is gone: its sessions
        and room keys cannot come back, so the bot continues as a new device."""
        if self.client.crypto is None:
            return False
        if store_file(self.settings.crypto_dir, self.client.user_id, device_id).exists():
            return False
        self.client.nio.access_token = access_token  # restored below, or replaced by a login
        if not await device_has_keys(self.client, device_id):
            return False  # encryption turned on for an existing device: it keeps its id
        log.warning(
            "the crypto store of device %s is lost: logging in as a new device; messages "
            "encrypted for the old one will be answered with a request to resend",
            device_id,
        )
        self._new_device = True
        return True

    async def cross_sign(self) -> None:
        """Cross-signing set up on first start; the current device signed on every start."""
        secret, password = self.settings.cross_signing_secret, self.settings.password
        if secret is None:
            log.warning("TISSERAND_CROSS_SIGNING_SECRET is unset: the device is not cross-signed")
            return
        signer = CrossSigning(
            self.client,
            self.settings.crypto_dir,
            secret.get_secret_value(),
            None if password is None else password.get_secret_value(),
        )
        try:
            await signer.ensure(str(self.client.nio.device_id))
        except (RuntimeError, MatrixError) as exc:
            log.warning("cross-signing failed: %s", exc)

    async def announce_new_device(self) -> None:
        """Tell the admins (in their DM, when there is one) that the bot changed device."""
        device = str(self.client.nio.device_id)
        text = catalogue(self.settings.language).render("core.new_device", device=device)
        for admin in self.settings.admins:
            room_id = await self.direct_rooms.repository.room_of(admin)
            if room_id is not None:
                await self.client.send_message(room_id, text, txn_id=f"new-device-{device}-{admin}")

    async def ask_to_resend(self, room_id: str, sender: str, event_id: str) -> None:
        """An encrypted message whose key never came: its sender is asked to send it again."""
        text = catalogue(self.settings.language).render("core.undecryptable")
        await self.client.send_message(
            room_id, text, reply_to=event_id, mentions=[sender], txn_id=f"undecryptable-{event_id}"
        )

    async def provision(self) -> Report:
        return await self.provisioner.provision(self.layout)
