"""A member's personal data across every aggregate: what Tisserand holds, forgetting, retention.

The other repositories each own one aggregate; the rights of the person (RGPD articles 15 and 17)
cut across all of them, so their queries live together here, on the real models, and run in the
caller's transaction when given one (the unit of work of ``!oubli``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import (
    AppliedEffect,
    AuditEntry,
    BassinChange,
    CalendarFeed,
    Conversation,
    DirectRoom,
    FaqEdit,
    FaqEntry,
    Fiche,
    FocusGuest,
    FocusParticipant,
    FocusSession,
    HelpRequest,
    Member,
    Partner,
    ReceivedEvent,
    RequestAnswer,
    RequestPost,
    RoleAssignment,
    Structure,
    Timer,
    WebLoginLink,
    WebSession,
)
from storage.repositories.upsert import rows_affected

# What replaces a forgotten member's id where a row must keep an author (an answer, an edit).
FORGOTTEN = "(membre oublié)"


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


async def _export(session: AsyncSession, user_id: str) -> dict[str, Any]:
    """Everything Tisserand holds about ``user_id``, as JSON-ready data."""
    member = await session.get(Member, user_id)
    return {
        "user_id": user_id,
        "profile": None if member is None else _profile(member),
        "roles": [
            {
                "role": r.role,
                "bassin": r.bassin,
                "granted_by": r.granted_by,
                "at": _when(r.granted_at),
            }
            for r in await session.scalars(
                select(RoleAssignment).where(RoleAssignment.user_id == user_id)
            )
        ],
        "help_requests": [
            _request(r)
            for r in await session.scalars(
                select(HelpRequest).where(HelpRequest.requester == user_id).order_by(HelpRequest.id)
            )
        ],
        "answers": [
            {"request": a.request_id, "number": a.number, "text": a.text, "at": _when(a.created_at)}
            for a in await session.scalars(
                select(RequestAnswer).where(RequestAnswer.author == user_id)
            )
        ],
        "faq": await _faq(session, user_id),
        "fiches": [
            {"id": f.id, "titre": f.titre, "at": _when(f.created_at)}
            for f in await session.scalars(select(Fiche).where(Fiche.author_id == user_id))
        ],
        "focus": await _focus(session, user_id),
        "moderation_log": [
            {"at": _when(e.at), "action": e.action, "actor": e.actor, "target": e.target}
            for e in await session.scalars(
                select(AuditEntry)
                .where(or_(AuditEntry.actor == user_id, AuditEntry.target == user_id))
                .order_by(AuditEntry.id)
            )
        ],
        "direct_room": await session.scalar(
            select(DirectRoom.room_id).where(DirectRoom.user_id == user_id)
        ),
        "conversations_in_progress": [
            {"kind": c.kind, "started": _when(c.created_at)}
            for c in await session.scalars(
                select(Conversation).where(Conversation.user_id == user_id, Conversation.active)
            )
        ],
        **await _outside_the_network(session, user_id),
        "web": await _web(session, user_id),
    }


async def _outside_the_network(session: AsyncSession, user_id: str) -> dict[str, Any]:
    """Partnerships, focus sessions as a guest, structures the member is the referent of."""
    return {
        "partner": [
            {
                "structure": p.structure,
                "themes": list(p.themes or []),
                "bassin": p.bassin,
                "until": _when(p.until),
                "invited_by": p.invited_by,
                "invited": _when(p.invited_at),
                "ended": _when(p.ended_at),
            }
            for p in await session.scalars(select(Partner).where(Partner.user_id == user_id))
        ],
        "focus_guest_of": list(
            await session.scalars(
                select(FocusGuest.session_id).where(FocusGuest.user_id == user_id)
            )
        ),
        "structures_known": [
            {"id": s.id, "nom": s.nom}
            for s in await session.scalars(select(Structure).where(Structure.referent == user_id))
        ],
    }


async def _web(session: AsyncSession, user_id: str) -> dict[str, Any]:
    """The web base's sign-in links, sessions and calendar feed (their secrets stay hashed)."""
    sessions = await session.scalars(select(WebSession).where(WebSession.user_id == user_id))
    links = await session.scalars(select(WebLoginLink).where(WebLoginLink.user_id == user_id))
    feed = await session.get(CalendarFeed, user_id)
    return {
        "sessions": [
            {"created": _when(w.created_at), "expires": _when(w.expires_at), "revoked": w.revoked}
            for w in sessions
        ],
        "sign_in_links": [
            {"created": _when(k.created_at), "used": _when(k.used_at)} for k in links
        ],
        "calendar_feed": None if feed is None else _when(feed.created_at),
    }


def _profile(member: Member) -> dict[str, Any]:
    return {
        "bassin": member.bassin,
        "groupe": member.groupe,
        "structure": member.structure,
        "themes": list(member.themes or []),
        "in_directory": member.in_directory,
        "language": member.language,
        "created": _when(member.created_at),
        "updated": _when(member.updated_at),
    }


def _request(row: HelpRequest) -> dict[str, Any]:
    return {
        "id": row.id,
        "bassin": row.bassin,
        "groupe": row.groupe,
        "text": row.text,
        "themes": list(row.themes or []),
        "signed": row.signed,
        "state": row.state,
        "created": _when(row.created_at),
        "closed": _when(row.closed_at),
        "faq_entry": row.faq_entry_id,
    }


async def _faq(session: AsyncSession, user_id: str) -> dict[str, Any]:
    credited = [entry.id for entry in await _credited_entries(session, user_id)]
    authored = await session.scalars(select(FaqEntry.id).where(FaqEntry.author_id == user_id))
    edits = await session.scalars(select(FaqEdit).where(FaqEdit.editor_id == user_id))
    return {
        "credited": credited,
        "added": list(authored),
        "edits": [{"entry": e.entry_id, "field": e.field, "at": _when(e.edited_at)} for e in edits],
    }


async def _focus(session: AsyncSession, user_id: str) -> dict[str, Any]:
    organised = await session.scalars(select(FocusSession).where(FocusSession.author_id == user_id))
    attending = await session.scalars(
        select(FocusParticipant.session_id).where(FocusParticipant.user_id == user_id)
    )
    return {
        "organised": [
            {"id": s.id, "theme": s.theme, "starts": _when(s.starts_at)} for s in organised
        ],
        "attending": list(attending),
    }


async def _credited_entries(session: AsyncSession, user_id: str) -> list[FaqEntry]:
    """FAQ entries whose contributors list ``user_id`` (a text match narrows, Python decides)."""
    quoted = user_id.replace("\\", "\\\\").replace('"', '\\"')
    rows = await session.scalars(
        select(FaqEntry).where(cast(FaqEntry.contributors, String).like(f'%"{quoted}"%'))
    )
    return [row for row in rows if user_id in (row.contributors or [])]


async def _forget(session: AsyncSession, user_id: str, now: datetime) -> dict[str, int]:
    """Erase ``user_id``'s profile, roles and traces; keep the network's anonymous content.

    FAQ entries, fiches and answers stay (they belong to the network), without the member's
    name; their open requests are closed; the moderation log keeps what was done, not by whom.
    """
    counts = {
        "profile": rows_affected(
            await session.execute(delete(Member).where(Member.user_id == user_id))
        ),
        "roles": rows_affected(
            await session.execute(delete(RoleAssignment).where(RoleAssignment.user_id == user_id))
        ),
    }
    await _delete_own_rows(session, user_id)
    credited = await _credited_entries(session, user_id)
    for entry in credited:
        entry.contributors = [c for c in entry.contributors if c != user_id]
    counts["faq_credits"] = len(credited)
    counts["requests"] = await _close_requests(session, user_id, now)
    await _unname_authors(session, user_id)
    return counts


async def _delete_own_rows(session: AsyncSession, user_id: str) -> None:
    """Rows that exist only for the member: participation, conversations, partnership, web
    sessions, their handled events and the timers keyed by them (a partner's end of access)."""
    for model in (
        FocusParticipant,
        FocusGuest,
        Conversation,
        DirectRoom,
        Partner,
        WebLoginLink,
        WebSession,
        CalendarFeed,
    ):
        await session.execute(delete(model).where(model.user_id == user_id))
    await session.execute(delete(Timer).where(Timer.key.contains(user_id, autoescape=True)))
    await session.execute(
        delete(ReceivedEvent).where(
            ReceivedEvent.sender == user_id, ReceivedEvent.status != "pending"
        )
    )


async def _close_requests(session: AsyncSession, user_id: str, now: datetime) -> int:
    """Open requests are abandoned; every request loses its requester and DM."""
    await session.execute(
        update(HelpRequest)
        .where(HelpRequest.requester == user_id, HelpRequest.state == "open")
        .values(state="abandoned", closed_at=now)
    )
    return rows_affected(
        await session.execute(
            update(HelpRequest)
            .where(HelpRequest.requester == user_id)
            .values(requester=FORGOTTEN, dm_room_id="", signed=False)
        )
    )


async def _unname_authors(session: AsyncSession, user_id: str) -> None:
    """Rows the network keeps lose the member's name: content, answers, the moderation log,
    and the id inside audit details, stored workflow results and timer payloads."""
    for column, replacement in (
        (FaqEntry.author_id, None),
        (FaqEdit.editor_id, FORGOTTEN),
        (Fiche.author_id, None),
        (FocusSession.author_id, FORGOTTEN),
        (FocusSession.report_author, None),
        (RequestAnswer.author, FORGOTTEN),
        (AuditEntry.actor, FORGOTTEN),
        (AuditEntry.target, FORGOTTEN),
        (RoleAssignment.granted_by, FORGOTTEN),
        (BassinChange.changed_by, FORGOTTEN),
        (Partner.invited_by, FORGOTTEN),
        (FocusGuest.invited_by, FORGOTTEN),
        (Structure.referent, None),
    ):
        await session.execute(
            update(column.class_).where(column == user_id).values({column.key: replacement})
        )
    for json_column in (
        AuditEntry.details,
        AppliedEffect.result,
        Timer.payload,
        Conversation.data,
        Fiche.attachments,
    ):
        await _scrub_json(session, json_column, user_id)


async def _scrub_json(session: AsyncSession, column: Any, user_id: str) -> None:
    """Replace ``user_id`` wherever it appears as a value in ``column`` (audit details, stored
    workflow results, timer payloads): a text match narrows, Python rewrites."""
    model = column.class_
    rows = await session.scalars(
        select(model).where(cast(column, String).contains(user_id, autoescape=True))
    )
    for row in rows:
        setattr(row, column.key, _replaced(getattr(row, column.key), user_id))


def _replaced(value: Any, user_id: str) -> Any:
    if isinstance(value, str):
        return value.replace(user_id, FORGOTTEN)
    if isinstance(value, list):
        return [_replaced(item, user_id) for item in value]
    if isinstance(value, dict):
        return {_replaced(key, user_id): _replaced(item, user_id) for key, item in value.items()}
    return value


async def _purge_closed_requests(session: AsyncSession, closed_before: datetime) -> int:
    """Drop the relay data of requests closed before ``closed_before``; the number purged.

    What stays is what the network's figures need: dates, bassin, groupe, themes and state.
    """
    expired = select(HelpRequest.id).where(
        HelpRequest.state != "open",
        HelpRequest.closed_at < closed_before,
        HelpRequest.text != "",
    )
    ids = list(await session.scalars(expired))
    if not ids:
        return 0
    await session.execute(delete(RequestAnswer).where(RequestAnswer.request_id.in_(ids)))
    await session.execute(delete(RequestPost).where(RequestPost.request_id.in_(ids)))
    await session.execute(
        update(HelpRequest)
        .where(HelpRequest.id.in_(ids))
        .values(requester=FORGOTTEN, dm_room_id="", text="", signed=False)
    )
    return len(ids)


class PersonalDataRepository:
    """A member's data across every aggregate: their copy, their erasure, the retention purge.

    Each runs in the caller's transaction when given ``session=`` (a workflow claimed by its
    triggering event), else in one of its own.
    """

    def __init__(self, database: Database) -> None:
        self.database = database

    async def export(self, user_id: str, *, session: AsyncSession | None = None) -> dict[str, Any]:
        """Everything Tisserand holds about ``user_id``, as JSON-ready data."""
        async with self.database.within(session) as reader:
            return await _export(reader, user_id)

    async def forget(
        self, user_id: str, now: datetime, *, session: AsyncSession | None = None
    ) -> dict[str, int]:
        """Erase ``user_id``'s profile, roles and traces (see `_forget`); counts by kind."""
        async with self.database.within(session) as writer:
            return await _forget(writer, user_id, now)

    async def purge_closed_requests(
        self, closed_before: datetime, *, session: AsyncSession | None = None
    ) -> int:
        """Drop the relay data of requests closed before ``closed_before``; the number purged."""
        async with self.database.within(session) as writer:
            return await _purge_closed_requests(writer, closed_before)
