"""Rows kept one per key on every backend: writing a key again replaces what it holds and
keeps when it was first created (a timer scheduled twice, the bot's session, a bassin change)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.database import Database
from storage.repositories.journal import SessionRepository
from storage.repositories.moderation import BassinChangeRepository
from storage.repositories.timers import TimerRepository

DUE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def test_a_timer_put_again_is_pending_again_with_its_new_time(database: Database) -> None:
    timers = TimerRepository(database)
    await timers.put("focus:1:veille", "focus_eve", DUE, {"session": 1}, 600)
    assert await timers.claim("focus:1:veille") is not None
    await timers.set_state("focus:1:veille", "done")
    first = await timers.get("focus:1:veille")
    assert first is not None and first.state == "done"

    later = DUE + timedelta(days=1)
    await timers.put("focus:1:veille", "focus_eve2", later, {"session": 2}, 60)
    again = await timers.get("focus:1:veille")
    assert again is not None
    assert (again.kind, again.due_at, again.payload) == ("focus_eve2", later, {"session": 2})
    assert (again.grace_seconds, again.state, again.fired_at) == (60, "pending", None)
    assert again.created_at == first.created_at


async def test_the_bot_session_saved_again_holds_the_new_token(database: Database) -> None:
    sessions = SessionRepository(database)
    await sessions.save("@bot:example.org", "https://a.example", "DEV1", "token-1")
    first = await sessions.load("@bot:example.org", "https://a.example")
    assert first is not None
    await sessions.save("@bot:example.org", "https://b.example", "DEV2", "token-2")
    assert await sessions.load("@bot:example.org", "https://a.example") is None
    again = await sessions.load("@bot:example.org", "https://b.example")
    assert again is not None
    assert (again.device_id, again.access_token) == ("DEV2", "token-2")
    assert again.created_at == first.created_at


async def test_a_bassin_change_set_again_is_one_row_with_the_last_decision(
    database: Database,
) -> None:
    changes = BassinChangeRepository(database)
    await changes.set("dinant", "Dinant", "added", "@mod:example.org")
    await changes.set("dinant", "Dinant-Philippeville", "archived", "@admin:example.org")
    rows = await changes.all()
    assert [(r.slug, r.name, r.status, r.changed_by) for r in rows] == [
        ("dinant", "Dinant-Philippeville", "archived", "@admin:example.org")
    ]
