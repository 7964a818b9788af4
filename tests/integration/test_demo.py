"""``tisserand demo`` — what the README's first command runs with no homeserver configured."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import pytest
from nio import AsyncClient, LoginResponse

from tests.support.matrix_user import MatrixUser

pytestmark = pytest.mark.integration


async def test_demo_starts_a_homeserver_and_a_bot_one_can_talk_to(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TISSERAND_")}
    env["TISSERAND_DATA_DIR"] = str(tmp_path)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "demo",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output: list[str] = []
    try:
        async with asyncio.timeout(120):
            assert process.stdout is not None
            while not any("Stop with Ctrl-C" in row for row in output):
                row = (await process.stdout.readline()).decode()
                assert row, "the demo stopped:\n" + "".join(output)
                output.append(row)
        text = "".join(output)
        url = re.search(r"homeserver : (\S+)", text).group(1)  # type: ignore[union-attr]
        login = re.search(r"log in with: (\S+) / password (\S+)", text)
        second = re.search(r"second account: (\S+) / password (\S+)", text)
        bot_id = re.search(r"direct chat with (\S+)", text).group(1)  # type: ignore[union-attr]
        assert login is not None and second is not None
        assert "A first scenario" in text

        colleague = AsyncClient(url, second.group(1))
        assert isinstance(await colleague.login(second.group(2)), LoginResponse)
        await colleague.close()

        client = AsyncClient(url, login.group(1))
        assert isinstance(await client.login(login.group(2)), LoginResponse)
        user = MatrixUser(None, login.group(1), client)  # type: ignore[arg-type]
        await user.start()
        try:
            dm = await user.create_dm(bot_id)
            reply = await user.ask(dm, "commandes")
            assert "inscription" in reply.body
            joined = await user.ask(dm, "inscription namur travailleurs-sociaux")
            assert "Namur" in joined.body
        finally:
            await user.close()
    finally:
        process.send_signal(signal.SIGINT)
        async with asyncio.timeout(60):
            assert process.stdout is not None
            rest = (await process.stdout.read()).decode()
            await process.wait()
    # Ctrl-C is a normal way to stop the demo: no traceback, no unretrieved task error.
    assert process.returncode == 0, rest
    assert "Traceback" not in rest and "never retrieved" not in rest, rest
    # The INFO log says what Tisserand does, not its libraries' internals: no line per
    # migration plugin and revision, no scheduler bookkeeping, no empty back-fill at each DM.
    log = "".join(output) + rest
    for noise in ("Adding job tentatively", "alembic.runtime", "apscheduler", "back-filled 0"):
        assert noise not in log, noise
    assert (tmp_path / "demo-synapse" / "homeserver.yaml").exists()
