"""A crash right after a focus session is confirmed (issue 11): the real bot process is killed
with SIGKILL as soon as the organiser sees « confirmée », then started again on the same data
directory. The replayed confirmation must neither create a second session nor double its
reminders, and the organiser must get exactly one answer to the command."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.homeserver.local_synapse import LocalSynapse
from storage.database import Database, sqlite_url
from storage.models import FocusAnnouncement, FocusSession, Timer
from tests.support import MatrixUser
from tests.support.bot_process import BotProcess, token_user

pytestmark = pytest.mark.integration

TRIALS = 5  # 3 by command, 2 by reaction
PLAN = "!focus planifier après-demain 10h | Logement | b1"


def replies_to(user: MatrixUser, bot_id: str, event_id: str) -> list[str]:
    return [e.body for e in user.messages() if e.sender == bot_id and e.in_reply_to == event_id]


async def stored_counts(bot: BotProcess) -> tuple[int, Counter[int], int]:
    """(sessions, reminder timers per session, announcements) read from the bot's database."""
    database = Database(sqlite_url((bot.directory / "data" / "tisserand.db").resolve()))
    try:
        async with database.sessions() as session:
            sessions = await session.scalar(select(func.count()).select_from(FocusSession))
            keys = await session.scalars(
                select(Timer.key).where(Timer.kind == "focus.reminder", Timer.state == "pending")
            )
            per_session = Counter(int(key.split(":")[1]) for key in keys)
            announcements = await session.scalar(
                select(func.count()).select_from(FocusAnnouncement)
            )
        return int(sessions or 0), per_session, int(announcements or 0)
    finally:
        await database.close()


async def test_sigkill_after_confirmation_neither_doubles_the_session_nor_its_reminders(
    synapse: LocalSynapse, tmp_path: Path
) -> None:
    bot = BotProcess(synapse, tmp_path / "bot")
    await bot.start(ready="first start")
    organiser = await token_user(synapse, f"focuscrash{bot.localpart}")
    try:
        dm = await organiser.create_dm(bot.user_id, timeout=30)
        extra_answers: list[str] = []
        for trial in range(TRIALS):
            echo = await organiser.ask(dm, PLAN)
            assert "Session focus à confirmer" in echo.body
            mark = organiser.mark()
            # Odd trials confirm with ✅ on the echo (answered under the echo), even ones with
            # the command (answered under the command).
            if trial % 2:
                await organiser.react(dm, echo.event_id, "✅")
                confirm = echo.event_id
            else:
                confirm = await organiser.send(dm, "!focus confirmer")
            await organiser.wait_for(
                lambda e, c=confirm: e.in_reply_to == c and "confirmée" in e.body,
                after=mark,
                what=f"the confirmation of trial {trial}",
            )
            await bot.kill()
            await bot.start(ready="provisioning:")
            # Events are handled in order: once this probe is answered, the replay is done.
            await organiser.ask(dm, "!focus liste", timeout=60)
            extra_answers += replies_to(organiser, bot.user_id, confirm)[1:]

        sessions, reminders, announcements = await stored_counts(bot)
        assert sessions == TRIALS, f"{sessions} sessions for {TRIALS} confirmations"
        assert sorted(reminders.values()) == [2] * TRIALS, f"reminders per session: {reminders}"
        assert announcements == TRIALS * 3  # b1 has three groupe rooms
        assert not extra_answers, f"extra answers to the confirmations: {extra_answers}"
        assert "Traceback" not in bot.log_text()
        replayed = bot.log_text().count("handled again: its stored result is used")
        print(f"{replayed} of {TRIALS} confirmations were handled again after the SIGKILL")
    finally:
        await organiser.close()
        await bot.stop()
