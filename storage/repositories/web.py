"""The web site's access rows: login links, sessions, calendar feeds, and who may still come in.

Secrets are made here and returned once; only their SHA-256 is stored. Every check that
grants something is one conditional statement ("use the link if still unused and valid"), so
two browsers racing on one link cannot both open a session.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from storage.database import Database
from storage.models import (
    AuditEntry,
    CalendarFeed,
    Member,
    RoleAssignment,
    WebLoginLink,
    WebSession,
    utcnow,
)
from storage.repositories.upsert import rows_affected

LINK_LIFETIME = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(days=30)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Visitor:
    """A member behind a valid session, as read on each request."""

    user_id: str
    language: str | None
    csrf: str
    moderator: bool = False  # holds a moderator role (global or of a bassin); admins aside


class WebAccessRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    # -- login links -------------------------------------------------------------------------
    async def create_link(
        self, user_id: str, *, session: AsyncSession | None = None, now: datetime | None = None
    ) -> str:
        """A new one-time login token for ``user_id`` (returned, never stored as such)."""
        token = new_secret()
        now = now or utcnow()
        async with self.database.within(session) as own:
            own.add(
                WebLoginLink(
                    token_hash=digest(token),
                    user_id=user_id,
                    created_at=now,
                    expires_at=now + LINK_LIFETIME,
                )
            )
        return token

    async def use_link(self, token: str) -> tuple[str, str] | None:
        """Spend a link and open a session: (session token, user id), or None if not valid."""
        now = utcnow()
        async with self.database.transaction() as session:
            spent = await session.execute(
                sa.update(WebLoginLink)
                .where(
                    WebLoginLink.token_hash == digest(token),
                    WebLoginLink.used_at.is_(None),
                    WebLoginLink.expires_at > now,
                )
                .values(used_at=now)
                .returning(WebLoginLink.user_id)
            )
            user_id = spent.scalar()
            if user_id is None:
                return None
            opened = new_secret()
            session.add(
                WebSession(
                    token_hash=digest(opened),
                    user_id=user_id,
                    csrf=new_secret(),
                    created_at=now,
                    expires_at=now + SESSION_LIFETIME,
                    revoked=False,
                )
            )
        return opened, str(user_id)

    # -- sessions ----------------------------------------------------------------------------
    async def visitor(self, session_token: str) -> Visitor | None:
        """The member behind a session still valid, who is still a member and not banned,
        and whether they moderate: one query, read on every page (so a ban, a departure or a
        demotion takes effect at the next click)."""
        now = utcnow()
        banned = _banned(WebSession.user_id)
        moderates = (
            sa.select(RoleAssignment.id)
            .where(RoleAssignment.user_id == WebSession.user_id, RoleAssignment.role == "moderator")
            .exists()
        )
        async with self.database.sessions() as session:
            row = (
                await session.execute(
                    sa.select(
                        WebSession.user_id, Member.language, WebSession.csrf, banned, moderates
                    )
                    .join(Member, Member.user_id == WebSession.user_id)
                    .where(
                        WebSession.token_hash == digest(session_token),
                        WebSession.revoked.is_(False),
                        WebSession.expires_at > now,
                    )
                )
            ).first()
        if row is None or row[3]:
            return None
        return Visitor(row[0], row[1], row[2], bool(row[4]))

    async def end(self, session_token: str) -> None:
        async with self.database.transaction() as session:
            await session.execute(
                sa.update(WebSession)
                .where(WebSession.token_hash == digest(session_token))
                .values(revoked=True)
            )

    async def revoke_all(self, user_id: str, *, session: AsyncSession | None = None) -> int:
        """End every session and unused link of ``user_id``; the number of sessions ended."""
        async with self.database.within(session) as own:
            ended = await own.execute(
                sa.update(WebSession)
                .where(WebSession.user_id == user_id, WebSession.revoked.is_(False))
                .values(revoked=True)
            )
            await own.execute(
                sa.update(WebLoginLink)
                .where(WebLoginLink.user_id == user_id, WebLoginLink.used_at.is_(None))
                .values(used_at=utcnow())
            )
        return rows_affected(ended)

    # -- calendar feeds ----------------------------------------------------------------------
    async def new_feed(self, user_id: str) -> str:
        """A new feed secret for ``user_id``; the previous address stops working."""
        secret = new_secret()
        async with self.database.transaction() as session:
            feed = await session.get(CalendarFeed, user_id)
            if feed is None:
                session.add(CalendarFeed(user_id=user_id, secret_hash=digest(secret)))
            else:
                feed.secret_hash = digest(secret)
                feed.created_at = utcnow()
        return secret

    async def drop_feed(self, user_id: str) -> None:
        async with self.database.transaction() as session:
            await session.execute(sa.delete(CalendarFeed).where(CalendarFeed.user_id == user_id))

    async def has_feed(self, user_id: str) -> bool:
        async with self.database.sessions() as session:
            return await session.get(CalendarFeed, user_id) is not None

    async def feed_owner(self, secret: str) -> str | None:
        """Whose feed ``secret`` opens, if that person is still a member and not banned."""
        banned = _banned(CalendarFeed.user_id)
        async with self.database.sessions() as session:
            row = (
                await session.execute(
                    sa.select(CalendarFeed.user_id, banned)
                    .join(Member, Member.user_id == CalendarFeed.user_id)
                    .where(CalendarFeed.secret_hash == digest(secret))
                )
            ).first()
        return None if row is None or row[1] else str(row[0])

    async def is_member(self, user_id: str) -> bool:
        async with self.database.sessions() as session:
            row = (
                await session.execute(
                    sa.select(Member.user_id, _banned(Member.user_id)).where(
                        Member.user_id == user_id
                    )
                )
            ).first()
        return row is not None and not row[1]


def _banned(user_id: InstrumentedAttribute[str]) -> sa.ScalarSelect[bool]:
    """Whether the person's latest ban or unban in the audit log is a ban."""
    latest = (
        sa.select(AuditEntry.action)
        .where(AuditEntry.target == user_id, AuditEntry.action.in_(("ban", "unban")))
        .order_by(AuditEntry.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return sa.func.coalesce(latest == "ban", False).label("banned")  # type: ignore[return-value]
