"""A help request's raw text stays in the requester's DM, and leaves it too (issue 12).

The bot runs as a deployment runs it (a separate process, logging at DEBUG); a requester types
situations with made-up personal items through every path (``!aide``, ``!modifier``, the guided
``!aide``, ``!repondre``), one of them while the database refuses the journal's insert. Then, while
the bot still runs, the items are looked for in the database files (SQLite file, ``-wal`` and
``-shm``, no checkpoint) or in every PostgreSQL page (dead row versions included, no VACUUM), in
the bot's log, in every room but the DM, and in the DM as the homeserver serves it now.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.homeserver.local_synapse import LocalSynapse
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot_process import BotProcess, small_layout_data
from tests.support.databases import BACKENDS, POSTGRES_URL_VARIABLE, PostgresServer, unique_name
from tests.support.leaks import (
    fetch_event,
    found,
    postgres_pages,
    postgres_wal_position,
    postgres_wal_since,
    room_history,
    sqlite_files,
)
from tests.support.matrix_user import Event

pytestmark = pytest.mark.integration

SITUATIONS = {
    "aide": "Mme Ysaline Quertinmont, tél 0471 93 58 27, ysaline.quertinmont@example.org, "
    "cherche un logement à Namur, le loyer est trop cher.",
    "modifier": "M. Gaspard Vanderwielen, tél 0495 27 61 84, gaspard.vdw@example.net, "
    "cherche un logement, le loyer est trop cher.",
    "guided": "Mme Honorine Delvigne, 0472 64 19 35, honorine.delvigne@example.com, "
    "cherche un logement, le loyer est trop cher.",
    "repondre": "Précision : son fils Anatole Delvigne, 0468 31 77 02, va à l'école.",
}
PERSONAL = [
    "Ysaline",
    "Quertinmont",
    "0471 93 58 27",
    "ysaline.quertinmont@example.org",
    "Gaspard",
    "Vanderwielen",
    "0495 27 61 84",
    "gaspard.vdw@example.net",
    "Honorine",
    "Delvigne",
    "0472 64 19 35",
    "honorine.delvigne@example.com",
    "Anatole",
    "0468 31 77 02",
]
FORCED = "forced failure by the test"


@pytest_asyncio.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, postgres_template: tuple[PostgresServer, str] | None
) -> AsyncIterator[str | None]:
    """None (the bot's SQLite default) or a fresh PostgreSQL database's URL."""
    if request.param == "sqlite":
        yield None
        return
    if postgres_template is None:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_URL_VARIABLE}")
    server, template = postgres_template
    name = unique_name("tisserand_privacy")
    url = await server.create(name, template)
    try:
        yield url
    finally:
        await server.drop(name)


class JournalSabotage:
    """Makes the journal's insert fail while armed: a trigger the test adds to the database.

    On SQLite the test's connection never checkpoints (``wal_autocheckpoint=0``) and stays open
    until the files have been read, so that it cannot fold the ``-wal`` file into the database.
    """

    def __init__(self, sqlite_path: Path | None, url: str | None) -> None:
        self.sqlite_path, self.url = sqlite_path, url
        self.conn: sqlite3.Connection | None = None

    async def install(self) -> None:
        if self.url is None:
            assert self.sqlite_path is not None
            self.conn = sqlite3.connect(self.sqlite_path, timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA wal_autocheckpoint=0")
            self.conn.execute("CREATE TABLE test_armed (armed INTEGER)")
            self.conn.execute(
                "CREATE TRIGGER test_sabotage BEFORE INSERT ON received_event "
                "WHEN EXISTS (SELECT 1 FROM test_armed) "
                f"BEGIN SELECT RAISE(ABORT, '{FORCED}'); END"
            )
            return
        await self._postgres(
            "CREATE TABLE test_armed (armed INTEGER)",
            "CREATE FUNCTION test_sabotage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF EXISTS (SELECT 1 FROM test_armed) THEN RAISE EXCEPTION '{FORCED}'; END IF; "
            "RETURN NEW; END $$",
            "CREATE TRIGGER test_sabotage BEFORE INSERT ON received_event "
            "FOR EACH ROW EXECUTE FUNCTION test_sabotage()",
        )

    async def arm(self, armed: bool) -> None:
        statement = "INSERT INTO test_armed VALUES (1)" if armed else "DELETE FROM test_armed"
        if self.conn is not None:
            self.conn.execute(statement)
        else:
            await self._postgres(statement)

    async def _postgres(self, *statements: str) -> None:
        assert self.url is not None
        engine = create_async_engine(self.url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                for statement in statements:
                    await conn.execute(text(statement))
        finally:
            await engine.dispose()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


async def join_invited_rooms(user: MatrixUser, reply: Event) -> list[str]:
    """Join the rooms the registration reply names (its groupe room) and every pending invite."""
    found = re.findall(r"#[\w.=-]+:[\w.:-]+", f"{reply.body} {reply.formatted_body}")
    aliases = {alias.rstrip(".:") for alias in found}  # a sentence may end right after one
    rooms = [await user.join(alias) for alias in sorted(aliases)]
    return rooms + await user.accept_invites()


async def reply_surviving_restarts(
    bot: BotProcess, user: MatrixUser, predicate: Callable[[Event], bool], within: float = 90
) -> Event:
    """Wait for a message; if the bot process died meanwhile (a database error it did not
    survive), start it again on the same data directory, as a supervisor would."""
    deadline = time.monotonic() + within
    while True:
        try:
            return await user.wait_for(predicate, 1, what="the bot's reply")
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        if bot.process is None or bot.process.returncode is not None:
            await bot.start(ready="provisioning:")


def redaction_of(event_id: str) -> Callable[[Event], bool]:
    return lambda e: (
        e.type == "m.room.redaction"
        and (e.source.get("redacts", e.content.get("redacts")) == event_id)
    )


async def test_raw_help_request_text_is_nowhere_but_briefly_in_the_dm(
    synapse: LocalSynapse,
    matrix_user: MatrixUserFactory,
    tmp_path: Path,
    database_url: str | None,
):
    layout = small_layout_data(f"priv{time.monotonic_ns() % 10**8}-")
    env = {"TISSERAND_LOG_LEVEL": "DEBUG"}
    if database_url is not None:
        env["TISSERAND_DATABASE_URL"] = database_url
    bot = BotProcess(synapse, tmp_path / "bot", layout=layout, extra_env=env)
    sqlite_path = tmp_path / "bot" / "data" / "tisserand.db"
    sabotage = JournalSabotage(sqlite_path if database_url is None else None, database_url)
    wal_start = None if database_url is None else await postgres_wal_position(database_url)
    await bot.start(ready="first start")
    try:
        alice, bob = await matrix_user("privalice"), await matrix_user("privbob")
        dm = await alice.create_dm(bot.user_id, timeout=30)
        bob_dm = await bob.create_dm(bot.user_id, timeout=30)
        for user, room in ((alice, dm), (bob, bob_dm)):
            done = await user.ask(room, "!inscription b1 travailleurs-sociaux")
            assert "inscrit" in done.body
            await join_invited_rooms(user, done)
        raw: dict[str, str] = {}

        # 1. ``!aide`` while the journal's insert fails: the error is logged, the request
        # handled once the database is back (by the same process or after a restart).
        await sabotage.install()
        await sabotage.arm(True)
        log_mark = len(bot.log_text())
        raw["aide"] = await alice.send(dm, f"!aide {SITUATIONS['aide']}")
        await bot.wait_for_log(FORCED, after=log_mark, within=60)
        await sabotage.arm(False)
        preview = await reply_surviving_restarts(
            bot, alice, lambda e: e.in_reply_to == raw["aide"] and "Aperçu" in e.body
        )
        assert "[TÉLÉPHONE]" in preview.body and "Quertinmont" not in preview.body

        # 2. ``!modifier``, then the guided path: the situation typed on its own.
        mark = alice.mark()
        raw["modifier"] = await alice.send(dm, f"!modifier {SITUATIONS['modifier']}")
        await alice.wait_for(
            lambda e: e.in_reply_to == raw["modifier"] and "Aperçu" in e.body, after=mark
        )
        assert "annulé" in (await alice.ask(dm, "!annuler")).body
        await alice.ask(dm, "!aide")
        mark = alice.mark()
        raw["guided"] = await alice.send(dm, SITUATIONS["guided"])
        await alice.wait_for(
            lambda e: e.in_reply_to == raw["guided"] and "Aperçu" in e.body, after=mark
        )

        # 3. Sent; a follow-up reaches the thread.
        sent = await alice.ask(dm, "!envoyer")
        assert "Demande #1" in sent.body
        post = await bob.wait_for(
            lambda e: e.room_id != bob_dm and "Demande #1" in e.body and e.thread_root is None,
            what="the post in the groupe room",
        )
        mark = alice.mark()
        raw["repondre"] = await alice.send(dm, f"!repondre 1 {SITUATIONS['repondre']}")
        await alice.wait_for(lambda e: e.in_reply_to == raw["repondre"], after=mark)
        await bob.wait_for(
            lambda e: e.thread_root == post.event_id and "Précision" in e.body,
            what="the follow-up in the thread",
        )
        # One more command: the bot handles a user's commands in order, so every earlier one
        # (and its redaction) is finished when this one is answered.
        await alice.ask(dm, "!demandes")

        leaks = await _leaks(bot, alice, bob, dm, raw, sqlite_path, database_url, wal_start)
        assert not leaks, "personal items found:\n" + "\n".join(leaks)
    finally:
        sabotage.close()
        await bot.stop()


async def _leaks(
    bot: BotProcess,
    alice: MatrixUser,
    bob: MatrixUser,
    dm: str,
    raw: dict[str, str],
    sqlite_path: Path,
    database_url: str | None,
    wal_start: str | None,
) -> list[str]:
    leaks = []
    assert bot.process is not None and bot.process.returncode is None  # still running
    if database_url is None:
        for name, blob in sqlite_files(sqlite_path).items():
            leaks += [f"{name}: {hit}" for hit in found(blob, PERSONAL)]
    else:
        for name, blob in (await postgres_pages(database_url)).items():
            leaks += [f"PostgreSQL {name}: {hit}" for hit in found(blob, PERSONAL)]
        assert wal_start is not None
        wal = await postgres_wal_since(database_url, wal_start)
        if wal is not None:  # the server's files are on this machine
            leaks += [f"PostgreSQL WAL: {hit}" for hit in found(wal, PERSONAL)]
    log = bot.log_text()
    assert FORCED in log and "DEBUG" in log
    leaks += [f"bot log: {hit}" for hit in found(log, PERSONAL)]
    for user in (alice, bob):
        for event in user.events:
            if event.room_id != dm:
                hits = found(json.dumps(event.source), PERSONAL)
                leaks += [f"{user.user_id} in {event.room_id}: {hit}" for hit in hits]
    for event in await room_history(alice, dm):
        hits = found(json.dumps(event), PERSONAL)
        leaks += [f"DM {event.get('event_id')} ({event.get('sender')}): {hit}" for hit in hits]
    for path, event_id in raw.items():
        served = await fetch_event(alice, dm, event_id)
        if served.get("content"):
            leaks.append(f"DM: the raw {path} message {event_id} is not redacted")
    return leaks


async def test_a_bot_without_the_power_to_redact_says_how_to_delete(
    bot_factory, matrix_user: MatrixUserFactory
):
    """A DM where the bot may not redact (created as a plain private chat): it says so."""
    bot = await bot_factory()
    alice = await matrix_user("noredact")
    dm = await alice.create_room(invite=[bot.user_id], is_direct=True)
    await alice._mark_direct(bot.user_id, dm)
    await alice.wait_for(
        lambda e: e.room_id == dm and e.membership == "join" and e.state_key == bot.user_id,
        what="the bot in the DM",
    )
    await alice.ask(dm, "!inscription nord travailleurs-sociaux")
    mark = alice.mark()
    event_id = await alice.send(dm, "!aide Mme Fatima Benali cherche un logement.")
    notice = await alice.wait_for(
        lambda e: e.sender == bot.user_id and "effacer" in e.body, after=mark, what="the notice"
    )
    assert "Supprimer" in notice.body
    served = await fetch_event(alice, dm, event_id)
    assert served.get("content", {}).get("body")  # still there: the bot could not redact it


@pytest_asyncio.fixture
async def postgres_database_url(
    postgres_template: tuple[PostgresServer, str] | None,
) -> AsyncIterator[str]:
    if postgres_template is None:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_URL_VARIABLE}")
    server, template = postgres_template
    name = unique_name("tisserand_crash")
    url = await server.create(name, template)
    try:
        yield url
    finally:
        await server.drop(name)


async def test_a_request_pending_at_a_crash_is_fetched_again_and_redacted(
    synapse: LocalSynapse,
    matrix_user: MatrixUserFactory,
    tmp_path: Path,
    postgres_database_url: str,
):
    """SIGKILL while ``!aide`` is journaled but not handled (its handler waits on a table the
    test locks): after the restart the journal, which holds no content, is enough to answer.

    PostgreSQL only: its row locks let the journal write while the handler waits. The same
    replay on SQLite is tested in-process in test_journal_replay.py."""
    url = postgres_database_url
    layout = small_layout_data(f"crash{time.monotonic_ns() % 10**8}-")
    bot = BotProcess(
        synapse, tmp_path / "bot", layout=layout, extra_env={"TISSERAND_DATABASE_URL": url}
    )
    await bot.start(ready="first start")
    engine = create_async_engine(url)
    try:
        alice = await matrix_user("crashalice")
        dm = await alice.create_dm(bot.user_id, timeout=30)
        assert "inscrit" in (await alice.ask(dm, "!inscription b1 travailleurs-sociaux")).body
        async with engine.connect() as locker:
            await locker.execute(text("LOCK TABLE member IN ACCESS EXCLUSIVE MODE"))
            event_id = await alice.send(dm, f"!aide {SITUATIONS['aide']}")
            async with engine.connect() as reader:
                deadline = time.monotonic() + 30
                query = text("SELECT status FROM received_event WHERE event_id = :id")
                while await reader.scalar(query, {"id": event_id}) != "pending":
                    assert time.monotonic() < deadline, "the event was never journaled"
                    await reader.rollback()
                    await asyncio.sleep(0.1)
            await bot.kill()
            await locker.rollback()
        assert not [e for e in alice.events if e.in_reply_to == event_id]  # not answered yet

        await bot.start(ready="provisioning:")
        preview = await alice.wait_for(
            lambda e: e.in_reply_to == event_id and "Aperçu" in e.body, 60, what="the preview"
        )
        assert "[PERSONNE]" in preview.body and "Quertinmont" not in preview.body
        await alice.wait_for(redaction_of(event_id), what="the redaction of the raw message")
        assert not (await fetch_event(alice, dm, event_id)).get("content")
        await bot.wait_for_log("pending events fetched again")
    finally:
        await engine.dispose()
        await bot.stop()
