"""The weekly digest against a real Synapse: posted once per room and week with the right
figures, skipped when there is nothing to say, run by its weekly timer (SPEC §8)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.services.digest import (
    DIGEST_TIMER,
    post_digest,
    schedule_next_digest,
    week_label,
    week_start,
)
from bot.services.provisioning import room_key
from storage.models import FaqEntry, HelpRequest, utcnow
from storage.models.fiches import Fiche
from storage.repositories.focus import FocusRepository
from tests.support import MatrixUserFactory

pytestmark = pytest.mark.integration


async def _fill_nord(app) -> None:
    """A week of activity in the bassin nord, and some older or elsewhere that must not count."""
    now = utcnow()
    async with app.database.transaction() as session:
        for days_ago, bassin, deleted in ((1, "nord", False), (2, None, False), (3, "nord", True)):
            session.add(
                FaqEntry(
                    question="Garantie locative ?",
                    answer="Le CPAS peut l'avancer.",
                    bassin=bassin,
                    contributors=[],
                    deleted=deleted,
                    created_at=now - timedelta(days=days_ago),
                )
            )
        session.add(
            FaqEntry(
                question="Ancienne",
                answer="…",
                bassin="nord",
                contributors=[],
                deleted=False,
                created_at=now - timedelta(days=20),
            )
        )
        session.add(Fiche(titre="Auto-école sociale", bassin="nord", created_at=now))
        session.add(Fiche(titre="Ancienne", bassin="nord", created_at=now - timedelta(days=9)))
        requests = [
            # (state, created days ago, first answer after hours, closed days ago)
            ("resolved", 5, 2, 1),
            ("resolved", 10, 6, 2),
            ("resolved", 20, 10, 9),  # closed before this week: not "resolved this week"
            ("open", 1, None, None),
            ("open", 3, 4, None),
        ]
        for state, created, answered, closed in requests:
            created_at = now - timedelta(days=created)
            session.add(
                HelpRequest(
                    requester="@x:localhost",
                    dm_room_id="!dm:localhost",
                    bassin="nord",
                    groupe="travailleurs-sociaux",
                    text="…",
                    themes=[],
                    state=state,
                    created_at=created_at,
                    first_answer_at=None
                    if answered is None
                    else created_at + timedelta(hours=answered),
                    closed_at=None if closed is None else now - timedelta(days=closed),
                )
            )
    await FocusRepository(app.database).create(
        author_id="@x:localhost",
        theme="Mobilité et permis",
        target="nord",
        bassins=["nord"],
        room_ids=[],
        guests="",
        starts_at=now + timedelta(days=3),
        duration_minutes=120,
        timezone="Europe/Brussels",
    )


async def test_digest_posted_once_with_the_right_figures_and_skipped_when_empty(
    bot_factory, matrix_user: MatrixUserFactory
) -> None:
    bot = await bot_factory()
    app = bot.app
    alice = await matrix_user("alice")
    dm = await alice.create_dm(bot.user_id)
    await alice.ask(dm, "!inscription nord travailleurs-sociaux")
    room = await app.rooms.by_key(room_key("nord", "travailleurs-sociaux"))
    await alice.wait_for(lambda e: e.room_id == room.room_id and e.membership == "invite")
    await alice.join(room.room_id)

    # Nothing happened yet: no digest anywhere.
    empty = await post_digest(app)
    assert empty.posted == [] and sorted(empty.skipped_bassins) == ["nord", "sud"]

    await _fill_nord(app)
    report = await post_digest(app)
    # The network-wide FAQ entry is news for the sud too; everything else is the nord's.
    assert len(report.posted) == 6 and report.skipped_bassins == []
    digest = await alice.wait_for(
        lambda e: e.room_id == room.room_id and "Bassin Nord : la semaine en bref" in e.body,
        what="the digest in the bassin room",
    )
    body = digest.body
    # The plain body is text; the HTML keeps the figures in bold.
    assert "2 résolues cette semaine, 2 encore ouvertes" in body
    assert "<strong>2</strong> résolues cette semaine" in (digest.formatted_body or "")
    assert (
        "FAQ : 2" in body and "fiches actions : 1" in body
    )  # the bassin's and the network-wide one, not the deleted one
    # Five requests created within four weeks, four answered: median of 2, 4, 6 and 10 hours.
    assert "80 %" in body and "(4 sur 5)" in body and "5 h" in body
    assert "#1 Mobilité et permis" in body
    assert f"semaine du {week_start(utcnow(), app.settings.zone)}" in body

    # Again, and through the weekly timer in the same week: never a second digest.
    again = await post_digest(app)
    assert again.posted == [] and len(again.already) == 6
    await app.timers.schedule("digest:now", DIGEST_TIMER, utcnow(), {})
    # The timer's own row says it ran to the end (its handler returned without error).
    for _ in range(50):
        fired = await app.timers.repository.get("digest:now")
        if fired is not None and fired.state == "done":
            break
        await asyncio.sleep(0.1)
    assert fired is not None and fired.state == "done"
    await bot.restart()
    await asyncio.sleep(2)
    digests = [e for e in alice.messages(room.room_id) if "la semaine en bref" in e.body]
    assert len(digests) == 1


async def test_weekly_timer_schedules_the_next_run(bot_factory) -> None:
    bot = await bot_factory()
    app = bot.app
    key = await schedule_next_digest(app)
    timer = await app.timers.repository.get(key)
    assert timer is not None and timer.kind == DIGEST_TIMER and timer.state == "pending"
    local = timer.due_at.astimezone(app.settings.zone)
    assert (local.weekday(), local.hour, local.minute) == (0, 9, 0)  # lundi 9:00 by default
    assert timedelta(0) < timer.due_at - utcnow() <= timedelta(days=7)
    assert await schedule_next_digest(app) == key  # idempotent

    # A run posts nothing when there is nothing to say, and schedules the following week.
    assert await app.timers.fire_now(key)
    following = f"digest:{week_label(timer.due_at + timedelta(days=7), app.settings.zone)}"
    nxt = await app.timers.repository.get(following)
    assert nxt is not None and nxt.due_at - timer.due_at == timedelta(days=7)
