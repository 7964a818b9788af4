"""The conditional updates help-request workflows take first, on every backend: of two
concurrent workflows on one request, one only acts."""

from __future__ import annotations

import asyncio

from storage.database import Database
from storage.repositories.requests import RequestRepository
from storage.unit_of_work import UnitOfWork


async def _request(requests: RequestRepository) -> int:
    request = await requests.create(requester="@a:x", dm_room_id="!dm:x", bassin="nord", text="q")
    return request.id


async def test_of_two_concurrent_closes_one_only_closes(database: Database) -> None:
    requests, work = RequestRepository(database), UnitOfWork(database)
    request_id = await _request(requests)

    async def close(event_id: str, state: str) -> bool:
        async with work.begin(event_id, "aide.close") as unit:
            return await requests.close(request_id, state, session=unit.session)

    won = await asyncio.gather(close("$dm", "resolved"), close("$room", "abandoned"))
    assert sorted(won) == [False, True]
    closed = await requests.get(request_id)
    assert closed is not None and closed.state == ("resolved" if won[0] else "abandoned")


async def test_concurrent_answers_are_numbered_without_gaps_or_clashes(database: Database) -> None:
    requests, work = RequestRepository(database), UnitOfWork(database)
    request_id = await _request(requests)

    async def answer(n: int) -> int | None:
        async with work.begin(f"$answer{n}", "aide.answer") as unit:
            row = await requests.add_answer(
                request_id, f"$answer{n}", "!r:x", f"@b{n}:x", "…", session=unit.session
            )
            return None if row is None else row.number

    numbers = await asyncio.gather(*(answer(n) for n in range(6)))
    assert sorted(n for n in numbers if n is not None) == [1, 2, 3, 4, 5, 6]
    assert (await requests.get(request_id)).first_answer_at is not None  # type: ignore[union-attr]


async def test_no_answer_is_recorded_on_a_closed_request(database: Database) -> None:
    requests = RequestRepository(database)
    request_id = await _request(requests)
    assert await requests.close(request_id, "abandoned")
    assert await requests.add_answer(request_id, "$late", "!r:x", "@b:x", "…") is None
    assert await requests.answers(request_id) == []


async def test_a_level_is_reached_once_and_an_answer_stops_the_timer_escalation(
    database: Database,
) -> None:
    requests, work = RequestRepository(database), UnitOfWork(database)
    request_id = await _request(requests)

    async def widen(event_id: str, level: int, *, unanswered_only: bool) -> bool:
        async with work.begin(event_id, "aide.widen") as unit:
            return await requests.widen(
                request_id, level, unanswered_only=unanswered_only, session=unit.session
            )

    both = await asyncio.gather(
        widen("$a", 1, unanswered_only=False), widen("$b", 1, unanswered_only=False)
    )
    assert sorted(both) == [False, True]
    await requests.add_answer(request_id, "$answer", "!r:x", "@b:x", "…")
    assert not await widen("timer:2", 2, unanswered_only=True)
    assert await widen("$relaunch", 2, unanswered_only=False)
    widened = await requests.get(request_id)
    assert widened is not None and widened.level == 2


async def test_a_refused_post_is_kept_apart_from_a_posted_one(database: Database) -> None:
    requests, work = RequestRepository(database), UnitOfWork(database)
    async with work.begin("$send", "aide.send") as unit:
        request, posts = await requests.create_with_posts(
            ["!a:x", "!b:x"], requester="@a:x", dm_room_id="!dm:x", text="q", session=unit.session
        )
    await requests.mark_posted(posts[0].id, "$posted")
    await requests.mark_refused(posts[0].id)  # posted already: stays posted
    await requests.mark_refused(posts[1].id)
    rows = {p.room_id: p for p in await requests.posts(request.id)}
    assert rows["!a:x"].event_id == "$posted" and rows["!a:x"].refused_at is None
    assert rows["!b:x"].event_id is None and rows["!b:x"].refused_at is not None
