"""Moderation services (SPEC §7): live layout changes, power levels, bans, figures, audit.

The ``!mod`` commands stay short because the work is here:

- *Layout*: a bassin added or archived by command is kept in the ``bassin_change`` table and
  merged into the layout file's bassins by `effective_layout`, which the application applies
  before provisioning at start; the layout file itself is never rewritten (it is the
  operator's document, possibly read-only or under version control).
- *Power levels*: roles live in the database and are mirrored into every community room
  concerned (moderator 50, admin 100). Only the ``users`` entry of the person is changed, the
  rest of ``m.room.power_levels`` is kept as it is, and creators of v12+ rooms are never
  listed (they have implicit, unlimited power there).
- *Figures*: the counts shown by ``!mod stats`` and ``tisserand stats`` come from one
  function, so both always agree. Tables of families not deployed yet count as 0.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import sqlalchemy as sa

from bot.framework.catalogue import Catalogue, Raw
from bot.framework.roles import ADMIN_POWER, MODERATOR_POWER
from bot.matrix.client import MatrixClient, MatrixError
from bot.matrix.formatting import Message, markdown_to_html
from bot.services.provisioning import Report
from config.layout import Layout, parse_layout
from storage.database import Database
from storage.models import FaqEntry, ProvisionedRoom
from storage.models.moderation import BASSIN_ADDED, BASSIN_ARCHIVED, BassinChange
from storage.repositories.members import MemberRepository
from storage.repositories.moderation import BassinChangeRepository
from storage.repositories.requests import RequestRepository

if TYPE_CHECKING:
    from bot.app import Application
    from bot.framework.permissions import Grants

log = logging.getLogger(__name__)

# Tables of other families counted by the figures; a missing table counts as 0.
FICHE_TABLES = ("fiche", "fiches", "fiche_action")
FOCUS_TABLES = ("focus_session", "focus_sessions", "focus")


# ------------------------------------------------------------------------------ layout
def with_bassin(layout: Layout, slug: str, name: str) -> Layout:
    """A copy of ``layout`` with the bassin added (or renamed when it exists), validated."""
    bassins = [b.model_dump() for b in layout.bassins if b.slug != slug]
    bassins.append({"slug": slug, "name": name, "neighbours": []})
    return parse_layout({**layout.model_dump(), "bassins": bassins})


def without_bassin(layout: Layout, slug: str) -> Layout:
    """A copy of ``layout`` without the bassin; neighbours pointing to it are dropped."""
    bassins = []
    for bassin in layout.bassins:
        if bassin.slug == slug:
            continue
        data = bassin.model_dump()
        data["neighbours"] = [n for n in bassin.neighbours if n != slug]
        bassins.append(data)
    return parse_layout({**layout.model_dump(), "bassins": bassins})


def apply_bassin_changes(layout: Layout, changes: Iterable[BassinChange]) -> Layout:
    """The layout as moderators changed it: added bassins in, archived ones out."""
    for change in changes:
        if change.status == BASSIN_ADDED:
            existing = layout.bassin(change.slug)
            if existing is None or existing.name != change.name:
                layout = with_bassin(layout, change.slug, change.name)
        elif (
            change.status == BASSIN_ARCHIVED
            and layout.bassin(change.slug) is not None
            and len(layout.bassins) > 1
        ):
            layout = without_bassin(layout, change.slug)
    return layout


async def effective_layout(database: Database, layout: Layout) -> Layout:
    """The layout to provision: the file's, with the bassins added or archived by command.

    Called by the application before provisioning at start, and by every ``!mod`` layout
    command, so that a restart never archives a bassin added live nor revives an archived one.
    """
    return apply_bassin_changes(layout, await BassinChangeRepository(database).all())


async def add_bassin(app: Application, actor: str, slug: str, name: str) -> Report:
    """Persist the new bassin, put it in the layout in memory, and provision its rooms."""
    await BassinChangeRepository(app.database).set(slug, name, BASSIN_ADDED, actor)
    return await reprovision(app)


async def archive_bassin(app: Application, actor: str, slug: str) -> Report:
    """Persist the archiving, take the bassin out of the layout, archive its rooms."""
    bassin = app.layout.bassin(slug)
    name = bassin.name if bassin is not None else slug
    await BassinChangeRepository(app.database).set(slug, name, BASSIN_ARCHIVED, actor)
    return await reprovision(app)


async def reprovision(app: Application) -> Report:
    """Provision the effective layout, then mirror every role into the rooms (new ones too)."""
    app.layout = await effective_layout(app.database, app.layout)
    report = await app.provision()
    await mirror_all(app)
    return report


# ------------------------------------------------------------------------------ rooms
def community_rooms(
    rows: Iterable[ProvisionedRoom], bassin: str | None = None, *, groupe_rooms_only: bool = False
) -> list[ProvisionedRoom]:
    """Provisioned rooms not archived: all of them, or a bassin's space and rooms."""
    selected = [row for row in rows if not row.archived]
    if bassin is not None:
        selected = [row for row in selected if row.bassin == bassin]
    if groupe_rooms_only:
        selected = [row for row in selected if row.kind == "groupe"]
    return selected


def bassin_of_room(row: ProvisionedRoom | None) -> str | None:
    return None if row is None else row.bassin


async def membership(client: MatrixClient, room_id: str, user_id: str) -> str | None:
    """``join``, ``invite``, ``leave``, ``ban``… or None when the user never was there."""
    # Read directly: a missing member event is an ordinary answer here, not worth nio's warning.
    path = f"/_matrix/client/v3/rooms/{quote(room_id)}/state/m.room.member/{quote(user_id)}"
    status, content = await client.api("GET", path)
    if status == 404:
        return None
    if status != 200:
        raise MatrixError("membership", str(content.get("errcode")), str(content.get("error")))
    value = content.get("membership")
    return value if isinstance(value, str) else None


MembershipChange = Callable[[str], Awaitable[None]]


async def _each_room(
    client: MatrixClient,
    rooms: Iterable[ProvisionedRoom],
    user_id: str,
    when: Callable[[str | None], bool],
    act: MembershipChange,
) -> int:
    """Apply ``act(room_id)`` in every room where the user's membership satisfies ``when``.

    A room that refuses (the bot lost its power there, the room is gone) is logged and
    skipped: one broken room must not leave a ban half-applied to the others.
    """
    count = 0
    for row in rooms:
        try:
            if when(await membership(client, row.room_id, user_id)):
                await act(row.room_id)
                count += 1
        except MatrixError as exc:
            log.warning("membership of %s in %s not changed: %s", user_id, row.key, exc)
    return count


async def kick_from(
    client: MatrixClient, rooms: Iterable[ProvisionedRoom], user_id: str, reason: str | None
) -> int:
    """Kick (or withdraw the invite) where the user is; returns in how many rooms."""

    async def kick(room_id: str) -> None:
        await client.kick(room_id, user_id, reason)

    return await _each_room(
        client, rooms, user_id, lambda m: m in ("join", "invite", "knock"), kick
    )


async def ban_everywhere(app: Application, user_id: str, reason: str) -> int:
    """Ban from every community room, archived ones included (a ban protects the history)."""

    async def ban(room_id: str) -> None:
        await app.client.ban(room_id, user_id, reason)

    rooms = await app.rooms.all(include_archived=True)
    return await _each_room(app.client, rooms, user_id, lambda m: m != "ban", ban)


async def unban_everywhere(app: Application, user_id: str) -> int:
    async def unban(room_id: str) -> None:
        await app.client.unban(room_id, user_id)

    rooms = await app.rooms.all(include_archived=True)
    return await _each_room(app.client, rooms, user_id, lambda m: m == "ban", unban)


async def invite_to(client: MatrixClient, rooms: Iterable[ProvisionedRoom], user_id: str) -> int:
    """Invite where the user is neither joined nor invited (nor banned: a ban stays a ban)."""

    async def invite(room_id: str) -> None:
        await client.invite(room_id, user_id)

    return await _each_room(
        client, rooms, user_id, lambda m: m not in ("join", "invite", "ban"), invite
    )


async def event_sender(client: MatrixClient, room_id: str, event_id: str) -> str | None:
    """Who sent an event (for the audit log of a redaction); None when it cannot be read."""
    path = f"/_matrix/client/v3/rooms/{quote(room_id)}/event/{quote(event_id)}"
    status, data = await client.api("GET", path)
    sender = data.get("sender") if status == 200 else None
    return sender if isinstance(sender, str) else None


# ------------------------------------------------------------------------------ power levels
def room_creators(create_event: dict[str, Any]) -> frozenset[str]:
    """Users with implicit power in a room: from room version 12 (and the ``hydra`` test
    versions) the creator and ``additional_creators``; nobody in earlier versions."""
    content = create_event.get("content") or {}
    version = str(content.get("room_version", "1"))
    modern = (version.isdigit() and int(version) >= 12) or "hydra" in version
    if not modern:
        return frozenset()
    creators = {create_event.get("sender")}
    extra = content.get("additional_creators")
    if isinstance(extra, list):
        creators.update(extra)
    return frozenset(c for c in creators if isinstance(c, str))


def with_user_level(
    levels: dict[str, Any], user_id: str, level: int, creators: frozenset[str] = frozenset()
) -> dict[str, Any] | None:
    """``levels`` with only the ``users`` entry of ``user_id`` changed, or None when nothing
    has to change. A level equal to ``users_default`` removes the entry; creators of v12+ rooms
    are never listed."""
    users = dict(levels.get("users") or {})
    default = levels.get("users_default", 0)
    if user_id in creators or level == default:
        if user_id not in users:
            return None
        users.pop(user_id)
    else:
        if users.get(user_id) == level:
            return None
        users[user_id] = level
    return {**levels, "users": users}


def desired_level(grants: Grants, room: ProvisionedRoom) -> int:
    if grants.admin:
        return ADMIN_POWER
    if grants.global_moderator:
        return MODERATOR_POWER
    if room.bassin is not None and room.bassin in grants.bassins:
        return MODERATOR_POWER
    return 0


async def _create_event(client: MatrixClient, room_id: str) -> dict[str, Any]:
    path = f"/_matrix/client/v3/rooms/{quote(room_id)}/state/m.room.create/?format=event"
    status, data = await client.api("GET", path)
    if status == 200 and "content" in data:
        return data
    content = await client.get_state(room_id, "m.room.create") or {}
    return {"content": content}


async def set_power_levels(client: MatrixClient, room_id: str, wanted: dict[str, int]) -> bool:
    """Give each person of ``wanted`` their level in one room, with one read and at most one
    write of ``m.room.power_levels``; returns whether the room state changed."""
    levels = await client.get_state(room_id, "m.room.power_levels")
    if levels is None:
        return False
    creators = room_creators(await _create_event(client, room_id))
    own_users = levels.get("users") or {}
    own = ADMIN_POWER if client.user_id in creators else own_users.get(client.user_id, 0)
    current = levels
    for user_id, level in sorted(wanted.items()):
        if user_id == client.user_id:
            continue
        updated = with_user_level(current, user_id, level, creators)
        if updated is None:
            continue
        if (current.get("users") or {}).get(user_id, 0) >= own or level > own:
            log.warning(
                "cannot change %s's power level in %s: not below the bot's", user_id, room_id
            )
            continue
        current = updated
    if current is levels:
        return False
    await client.put_state(room_id, "m.room.power_levels", current)
    return True


async def _mirror(app: Application, people: Iterable[str]) -> int:
    grants = [await app.permissions.grants(user_id) for user_id in sorted(set(people))]
    changed = 0
    for row in await app.rooms.all():
        wanted = {g.user_id: desired_level(g, row) for g in grants}
        try:
            if await set_power_levels(app.client, row.room_id, wanted):
                changed += 1
        except MatrixError as exc:
            log.warning("power levels not mirrored in %s: %s", row.key, exc)
    return changed


async def mirror_user(app: Application, user_id: str) -> int:
    """Make one person's power levels match their roles in every community room."""
    return await _mirror(app, [user_id])


async def mirror_all(app: Application) -> int:
    """Mirror every stored role and every admin of the settings (one write per room at most);
    returns how many rooms changed. Run after provisioning, so new rooms get them too."""
    people = {a.user_id for a in await app.roles.all()} | set(app.settings.admins)
    return await _mirror(app, people)


# ------------------------------------------------------------------------------ audit
async def record_edit(
    app: Application, actor: str, what: str, target: str, author: str | None
) -> bool:
    """Log a FAQ entry or fiche edited by someone else than its author (moderation oversight).

    ``what`` names the kind of content (``faq``, ``fiche``), ``target`` the item (``#12``).
    Returns whether an entry was written: editing one's own content is not moderation.
    """
    if author is not None and actor == author:
        return False
    await app.audit.record(
        actor, f"{what}_edit", target=target, details={"what": what, "author": author}
    )
    return True


# ------------------------------------------------------------------------------ figures
@dataclass(frozen=True)
class Stats:
    """Community figures, the same for ``!mod stats`` and ``tisserand stats``."""

    members: dict[str, dict[str, int]] = field(default_factory=dict)
    members_total: int = 0
    requests_open: int = 0
    requests_resolved: int = 0
    requests_abandoned: int = 0
    requests_answered: int = 0
    answer_rate: float | None = None
    median_first_answer_minutes: float | None = None
    faq_entries: int = 0
    fiches: int = 0
    focus_sessions: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


async def count_rows(database: Database, tables: Iterable[str]) -> int:
    """Rows of the first of ``tables`` that exists; 0 when none does (family not deployed)."""
    names = tuple(tables)
    async with database.engine.connect() as conn:
        existing = await conn.run_sync(lambda sync: set(sa.inspect(sync).get_table_names()))
        for name in names:
            if name in existing:
                value = await conn.scalar(sa.select(sa.func.count()).select_from(sa.table(name)))
                return int(value or 0)
    return 0


async def compute_stats(database: Database, layout: Layout) -> Stats:
    counts = await MemberRepository(database).counts()
    members: dict[str, dict[str, int]] = {
        b.slug: {g.slug: 0 for g in layout.groupes} for b in layout.bassins
    }
    for (bassin, groupe), number in counts.items():
        if bassin is None:
            continue
        members.setdefault(bassin, {})
        members[bassin][groupe or "-"] = members[bassin].get(groupe or "-", 0) + number
    figures = await RequestRepository(database).figures()
    async with database.sessions() as session:
        faq = await session.scalar(
            sa.select(sa.func.count()).select_from(FaqEntry).where(FaqEntry.deleted.is_(False))
        )
    return Stats(
        members=members,
        members_total=sum(n for (b, _), n in counts.items() if b is not None),
        requests_open=figures.open,
        requests_resolved=figures.resolved,
        requests_abandoned=figures.abandoned,
        requests_answered=figures.answered,
        answer_rate=figures.answer_rate,
        median_first_answer_minutes=figures.median_first_answer_minutes,
        faq_entries=int(faq or 0),
        fiches=await count_rows(database, FICHE_TABLES),
        focus_sessions=await count_rows(database, FOCUS_TABLES),
    )


def _minutes_text(catalogue: Catalogue, minutes: float | None) -> str:
    if minutes is None:
        return catalogue.text("mod.stats_none")
    if minutes < 60:
        return catalogue.text("mod.stats_minutes", minutes=round(minutes))
    hours, rest = divmod(round(minutes), 60)
    return catalogue.text("mod.stats_hours", hours=hours, minutes=f"{rest:02d}")


def _bassin_lines(
    render: Callable[..., str], stats: Stats, layout: Layout, *, markdown: bool
) -> str:
    lines = []
    for slug, groupes in stats.members.items():
        bassin = layout.bassin(slug)
        parts = ", ".join(
            render("mod.stats_groupe", groupe=_groupe_name(layout, g), count=n)
            for g, n in groupes.items()
        )
        lines.append(
            render(
                "mod.stats_bassin",
                bassin=bassin.name if bassin else slug,
                count=sum(groupes.values()),
                groupes=Raw(parts) if markdown else parts,
            )
        )
    return "\n".join(lines)


def _groupe_name(layout: Layout, slug: str) -> str:
    groupe = layout.groupe(slug)
    return groupe.name if groupe is not None else slug


def render_stats(catalogue: Catalogue, stats: Stats, layout: Layout) -> Message:
    """The figures as one message (Matrix) whose plain body is also the CLI's text output."""
    rate = (
        catalogue.text("mod.stats_none")
        if stats.answer_rate is None
        else f"{round(stats.answer_rate * 100)} %"
    )
    params: dict[str, Any] = {
        "members": stats.members_total,
        "open": stats.requests_open,
        "resolved": stats.requests_resolved,
        "abandoned": stats.requests_abandoned,
        "rate": rate,
        "median": _minutes_text(catalogue, stats.median_first_answer_minutes),
        "faq": stats.faq_entries,
        "fiches": stats.fiches,
        "focus": stats.focus_sessions,
    }
    markdown = catalogue.markdown(
        "mod.stats",
        bassins=Raw(_bassin_lines(catalogue.markdown, stats, layout, markdown=True)),
        **params,
    )
    body = catalogue.text(
        "mod.stats", bassins=_bassin_lines(catalogue.text, stats, layout, markdown=False), **params
    )
    return Message(body, markdown_to_html(markdown))
