"""SIGKILL right after the reply of a writing command, then restart: nothing doubled (issue 11).

The real bot process is killed as soon as the user sees the reply to the last step of
``!faq ajouter`` (the entry is archived) or of ``!inscription`` (the member is registered),
then started again on the same data directory. Whatever the journal replays, each workflow's
rows exist exactly once. The next command's reply proves the replayed events were handled
(one sender's events are handled in order).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.homeserver.local_synapse import LocalSynapse
from storage.database import Database, sqlite_url
from storage.models import AuditEntry, Conversation, FaqEntry, Member
from tests.support import MatrixUser, MatrixUserFactory
from tests.support.bot_process import BotProcess

pytestmark = pytest.mark.integration

TRIALS = 5


async def count(bot: BotProcess, query: object) -> int:
    database = Database(sqlite_url((bot.directory / "data" / "tisserand.db").resolve()))
    try:
        async with database.sessions() as session:
            return int(await session.scalar(query) or 0)  # type: ignore[call-overload]
    finally:
        await database.close()


async def crash_and_restart(bot: BotProcess, user: MatrixUser, dm: str) -> None:
    await bot.kill()
    await bot.start(ready="provisioning:")
    # Handled after every replayed event of this sender: they were processed by now.
    reply = await user.ask(dm, "!commandes", timeout=60)
    assert reply.sender == bot.user_id


async def test_sigkill_after_faq_add_reply_creates_each_entry_once(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory, tmp_path: Path
):
    moderator = await matrix_user("crashfaq")
    admins = json.dumps([moderator.user_id])
    bot = BotProcess(synapse, tmp_path / "bot", extra_env={"TISSERAND_ADMINS": admins})
    await bot.start(ready="provisioning:")
    try:
        dm = await moderator.create_dm(bot.user_id, timeout=30)
        doubled = []
        for trial in range(TRIALS):
            question = f"Comment obtenir une aide au loyer, essai {trial} ?"
            await moderator.ask(dm, "!faq ajouter", timeout=30)
            await moderator.ask(dm, question, timeout=30)
            await moderator.ask(dm, "Demander à la caisse d'allocations.", timeout=30)
            added = await moderator.ask(dm, "auto", timeout=30)
            assert "#" in added.body, added.body
            await crash_and_restart(bot, moderator, dm)
            entries = await count(
                bot, select(func.count()).select_from(FaqEntry).where(FaqEntry.question == question)
            )
            if entries != 1:
                doubled.append((trial, entries))
        audit = await count(
            bot, select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "faq_add")
        )
        print(f"faq add: {len(doubled)} of {TRIALS} trials with a duplicated entry ({doubled})")
        assert doubled == []
        assert audit == TRIALS
        assert "Traceback" not in bot.log_text()
    finally:
        await bot.stop()


async def test_sigkill_after_last_inscription_answer_registers_once(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory, tmp_path: Path
):
    bot = BotProcess(synapse, tmp_path / "bot")
    await bot.start(ready="provisioning:")
    try:
        problems = []
        for trial in range(TRIALS):
            user = await matrix_user(f"crashinscr{trial}x")
            dm = await user.create_dm(bot.user_id, timeout=30)
            await user.ask(dm, "!inscription", timeout=30)
            await user.ask(dm, "b1", timeout=30)
            await user.ask(dm, "responsables", timeout=30)
            done = await user.ask(dm, f"Chantier d'insertion {trial}", timeout=30)
            assert "C'est fait" in done.body, done.body
            await crash_and_restart(bot, user, dm)
            members = await count(
                bot, select(func.count()).select_from(Member).where(Member.user_id == user.user_id)
            )
            open_forms = await count(
                bot,
                select(func.count())
                .select_from(Conversation)
                .where(
                    Conversation.user_id == user.user_id,
                    Conversation.kind == "inscription",
                    Conversation.active.is_(True),
                ),
            )
            replies = [
                e
                for e in user.messages(dm)
                if e.sender == bot.user_id and "Chantier" in e.body and e.in_reply_to
            ]
            if members != 1 or open_forms or len(replies) != 1:
                problems.append((trial, members, open_forms, len(replies)))
        print(f"inscription: {len(problems)} of {TRIALS} trials with a duplicate ({problems})")
        assert problems == []
        assert "Traceback" not in bot.log_text()
    finally:
        await bot.stop()
