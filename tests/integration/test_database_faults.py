"""The database goes away under the bot: a SQLite file locked by another process, a PostgreSQL
server restarted. The process must stay up and answer every command exactly once afterwards."""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.homeserver.local_synapse import LocalSynapse
from tests.support import MatrixUser, MatrixUserFactory, postgres_cluster
from tests.support.bot_process import BotProcess

pytestmark = pytest.mark.integration

COMMAND = "!commandes inscription"
LOCK_SECONDS = 45

# Another process takes the write lock on the bot's database and keeps it.
LOCKER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
print("released", flush=True)
"""


def answers(user: MatrixUser, bot_id: str, sent: set[str]) -> Counter[str]:
    return Counter(
        e.in_reply_to for e in user.messages() if e.sender == bot_id and e.in_reply_to in sent
    )


async def wait_answered(users: dict[MatrixUser, set[str]], bot: BotProcess, within: float) -> float:
    began = time.monotonic()
    while True:
        missing = sum(len(sent - set(answers(u, bot.user_id, sent))) for u, sent in users.items())
        if missing == 0:
            return time.monotonic() - began
        assert bot.process is not None and bot.process.returncode is None, (
            f"the bot exited ({bot.process and bot.process.returncode}) with {missing} commands "
            f"unanswered:\n{bot.log_text()[-3000:]}"
        )
        if time.monotonic() - began > within:
            raise AssertionError(f"{missing} commands never answered:\n{bot.log_text()[-3000:]}")
        await asyncio.sleep(0.25)


def assert_exactly_once(users: dict[MatrixUser, set[str]], bot_id: str) -> None:
    for user, sent in users.items():
        counts = answers(user, bot_id, sent)
        assert set(counts) == sent
        assert all(n == 1 for n in counts.values()), f"answered more than once: {counts}"
        texts = [e.body for e in user.messages() if e.sender == bot_id and e.in_reply_to in sent]
        assert not [t for t in texts if "référence" in t], f"internal errors: {texts}"


async def send_rounds(
    users: dict[MatrixUser, set[str]], dms: dict[MatrixUser, str], rounds: int, gap: float
) -> None:
    for number in range(rounds):
        for user in users:
            users[user].add(await user.send(dms[user], f"{COMMAND} {number}"))
        await asyncio.sleep(gap)


async def test_a_locked_sqlite_file_does_not_kill_the_bot(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory, tmp_path: Path
):
    bot = BotProcess(synapse, tmp_path / "bot")
    await bot.start(ready="first start")
    locker: asyncio.subprocess.Process | None = None
    try:
        people = [await matrix_user(f"lock{i}-") for i in range(3)]
        dms = {u: await u.create_dm(bot.user_id, timeout=30) for u in people}
        await people[0].ask(dms[people[0]], COMMAND, timeout=30)

        locker = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            LOCKER,
            str(bot.directory / "data" / "tisserand.db"),
            str(LOCK_SECONDS),
            stdout=asyncio.subprocess.PIPE,
        )
        assert locker.stdout is not None
        assert (await locker.stdout.readline()).strip() == b"locked"
        locked_at = time.monotonic()
        sent: dict[MatrixUser, set[str]] = {u: set() for u in people}
        # 4 rounds × 3 people during the lock, 10 s apart.
        await send_rounds(sent, dms, rounds=4, gap=10)
        assert (await locker.stdout.readline()).strip() == b"released"
        await locker.wait()
        released_after = time.monotonic() - locked_at
        after: dict[MatrixUser, set[str]] = {u: set() for u in people}
        await send_rounds(after, dms, rounds=1, gap=0)

        recovery = await wait_answered(sent, bot, within=90)
        await wait_answered(after, bot, within=30)
        await asyncio.sleep(2)  # time for a duplicate to show up
        assert_exactly_once(sent, bot.user_id)
        assert_exactly_once(after, bot.user_id)
        assert bot.process is not None and bot.process.returncode is None
        log = bot.log_text()
        assert "health: degraded" in log and "health: recovered" in log
        assert COMMAND not in log and "Traceback" not in log  # no message text, no stack dump
        print(f"lock held {released_after:.1f} s; all 12 answered {recovery:.1f} s after release")
    finally:
        if locker is not None and locker.returncode is None:
            locker.kill()
            await locker.wait()
        await bot.stop()


@pytest.mark.skipif(not postgres_cluster.available(), reason="no PostgreSQL binaries")
async def test_a_postgres_restart_does_not_kill_the_bot(
    synapse: LocalSynapse, matrix_user: MatrixUserFactory, tmp_path: Path
):
    server = postgres_cluster.PostgresCluster()
    await server.start()
    bot = BotProcess(synapse, tmp_path / "bot", extra_env={"TISSERAND_DATABASE_URL": server.url})
    try:
        await bot.start(ready="first start")
        people = [await matrix_user(f"pgrestart{i}-") for i in range(3)]
        dms = {u: await u.create_dm(bot.user_id, timeout=30) for u in people}
        await people[0].ask(dms[people[0]], COMMAND, timeout=30)

        sent: dict[MatrixUser, set[str]] = {u: set() for u in people}
        sender = asyncio.create_task(send_rounds(sent, dms, rounds=15, gap=1))
        await asyncio.sleep(3)
        # Commands keep arriving while the server is down, then while it recovers.
        await server.stop()
        await asyncio.sleep(3)
        await server.start_in_recovery()
        await asyncio.sleep(5)
        await server.promote()
        during = {u: set(ids) for u, ids in sent.items()}
        recovery = await wait_answered(during, bot, within=90)
        await sender
        after: dict[MatrixUser, set[str]] = {u: set() for u in people}
        await send_rounds(after, dms, rounds=1, gap=0)

        await wait_answered(sent, bot, within=90)
        await wait_answered(after, bot, within=30)
        await asyncio.sleep(2)
        assert_exactly_once(sent, bot.user_id)
        assert_exactly_once(after, bot.user_id)
        assert bot.process is not None and bot.process.returncode is None
        log = bot.log_text()
        assert "health: degraded" in log and "health: recovered" in log
        assert COMMAND not in log and "Traceback" not in log  # no message text, no stack dump
        waiting = sum(map(len, during.values()))
        print(
            f"45 commands around a PostgreSQL restart; the {waiting} sent before it was back "
            f"answered {recovery:.1f} s after"
        )
    finally:
        await bot.stop()
        await server.remove()
