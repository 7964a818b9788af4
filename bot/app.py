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
from bot import wiring
from bot.framework.catalogue import catalogue
from bot.framework.dispatcher import Dispatcher
from bot.framework.logs import hold_content_loggers
from bot.framework.permissions import Permissions
from bot.framework.registry import CommandRegistry
from bot.framework.timers import Timers
from bot.matrix.client import MatrixError
from bot.matrix.cross_signing import CrossSigning
from bot.matrix.crypto import delete_device, device_has_keys, store_file
from bot.matrix.direct import DirectRooms
from bot.services.digest import schedule_next_digest
from bot.services.housekeeping import PRUNE_EVERY, Housekeeping
from bot.services.invites import InvitePolicy
from bot.services.moderation import LayoutHolder, PowerLevels, effective_layout
from bot.services.moderation.network import NetworkModeration
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
from storage.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from bot.web.app import WebServer

log = logging.getLogger(__name__)


class Application:
    def __init__(self, settings: Settings, layout: Layout | None = None) -> None:
        if not settings.homeserver_url or not settings.user_id:
            raise ValueError("TISSERAND_HOMESERVER_URL and TISSERAND_USER_ID must be set")
        self.settings = settings
        hold_content_loggers()
        self.layouts = LayoutHolder(layout or load_layout(settings.layout_file))
        private_directory(Path(settings.data_dir))
        self.database = Database(settings.effective_database_url)
        self.client = wiring.matrix_client(settings, self.ask_to_resend)
        self.work = UnitOfWork(self.database)
        self.repositories = repos = wiring.repositories(self.database, self.layouts)
        self._expose(repos)
        shared = wiring.Shared(settings, self.client, self.work, repos, self.layouts)
        self.directory = Directory(self.database, repos.structures, shared.layout)
        self.personal_data = PersonalDataService(
            self.work,
            repos.members,
            repos.personal_data,
            self.client,
            retention=timedelta(days=settings.request_retention_days),
            partners=repos.partners,
        )
        self.direct_rooms = DirectRooms(self.client, repos.direct_rooms, repos.rooms)
        self.permissions = Permissions(repos.roles, settings.admins, repos.partners)
        self.fiche_service = wiring.fiche_service(shared, self.permissions)
        self.fiche_contacts = wiring.fiche_contacts(shared, self.direct_rooms)
        self.invites = InvitePolicy(
            self.client, self.direct_rooms, self.permissions, settings.allowed_servers
        )
        self.provisioner = Provisioner(self.client, repos.rooms)
        self.scheduler = AsyncIOScheduler(timezone=settings.zone)
        self.timers = Timers(repos.timers, self.scheduler, self.client)
        self.focus = wiring.focus_sessions(shared, self.direct_rooms, self.timers)
        self.housekeeping = Housekeeping(
            repos.journal,
            repos.timers,
            repos.conversations,
            self.work,
            timedelta(days=settings.journal_retention_days),
        )
        self.web_access = WebAccess(self.work, repos.web_access, wiring.web_address(settings))
        self.web_server: WebServer | None = None
        self.registry = CommandRegistry.from_package(commands)
        self.dispatcher = Dispatcher(self)
        self._build_moderation(shared)
        self.raw_messages = RawMessages(self.client)
        for timer_listener in self.registry.listeners_of_kind("timer"):
            self.timers.handle(timer_listener.name, functools.partial(timer_listener.handler, self))
        self.sync = wiring.sync_loop(
            settings, self.client, repos.journal, self.dispatcher, self.invites
        )
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._new_device = False  # the crypto store was lost: announced once logged in again

    def _expose(self, repos: wiring.Repositories) -> None:
        """The repositories commands and tools reach by name (``ctx.app.faq``...)."""
        self.journal = repos.journal
        self.sessions = repos.sessions
        self.members = repos.members
        self.rooms = repos.rooms
        self.conversations = repos.conversations
        self.roles = repos.roles
        self.audit = repos.audit
        self.requests = repos.requests
        self.fiches = repos.fiches
        self.faq = repos.faq
        self.structures = repos.structures
        self.partner_rows = repos.partners

    @property
    def layout(self) -> Layout:
        """The layout in force (moderators add and archive bassins live)."""
        return self.layouts.layout

    @layout.setter
    def layout(self, value: Layout) -> None:
        self.layouts.layout = value

    def _build_moderation(self, shared: wiring.Shared) -> None:
        """Moderation, FAQ, help requests, inscription, statistics and partners services."""
        repos = shared.repos
        self.power_levels = PowerLevels(self.client, repos.rooms, repos.roles, self.permissions)
        self.moderation = wiring.moderation(shared, self.power_levels, self.provisioner)
        self.network = NetworkModeration(self.moderation)
        self.faq_room = wiring.faq_room(shared)
        self.faq_workflows = wiring.faq_workflows(shared, self.faq_room)
        self.help_requests = wiring.help_requests(shared, self.timers, self.faq_room)
        self.registrations = wiring.registrations(shared)
        self.statistics = Statistics(repos.statistics, repos.members)
        self.partners = wiring.partners(shared, self.timers, self.direct_rooms)

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
