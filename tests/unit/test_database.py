"""The database's files: readable by the bot's user only (they hold its access token)."""

from __future__ import annotations

import stat
from pathlib import Path

from sqlalchemy.exc import IntegrityError, OperationalError

from storage.database import Database, describe_error, is_unavailable, private_directory, sqlite_url


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_data_directory_and_its_files_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "old.db").write_text("", encoding="utf-8")
    (data / "old.db").chmod(0o644)
    private_directory(data)
    assert mode(data) == 0o700 and mode(data / "old.db") == 0o600

    database = Database(sqlite_url(data / "tisserand.db"))
    try:
        await database.migrate()
        files = sorted(p.name for p in data.iterdir())
        assert "tisserand.db" in files
        assert {p.name: mode(p) for p in data.iterdir()} == {name: 0o600 for name in files}
    finally:
        await database.close()


def test_errors_are_described_without_parameters() -> None:
    locked = OperationalError(
        "UPDATE t SET body=?", ("secret text",), Exception("database is locked")
    )
    assert describe_error(locked) == "Exception: database is locked"
    assert "secret" not in describe_error(locked)
    assert is_unavailable(locked) and is_unavailable(ConnectionRefusedError())
    duplicate = IntegrityError("INSERT", ("secret",), Exception("UNIQUE constraint failed"))
    assert not is_unavailable(duplicate) and not is_unavailable(ValueError())
    assert not is_unavailable(TimeoutError())
