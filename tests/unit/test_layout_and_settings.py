"""The layout file and the settings: shipped examples valid, every error naming its field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.services.provisioning import desired_rooms
from config.layout import LayoutError, load_layout, parse_layout
from config.settings import DEFAULT_LAYOUT, LAYOUTS_DIR, Settings
from storage.database import Database

REPOSITORY = Path(__file__).resolve().parents[2]


def minimal(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "network": {"slug": "reseau", "name": "Réseau"},
        "groupes": [{"slug": "travailleurs-sociaux", "short": "ts", "name": "TS"}],
        "bassins": [
            {"slug": "nord", "name": "Nord", "neighbours": ["sud"]},
            {"slug": "sud", "name": "Sud"},
        ],
    }
    data.update(changes)
    return data


def test_the_walloon_example_has_nine_bassins_three_groupes_and_42_rooms() -> None:
    layout = load_layout(DEFAULT_LAYOUT)
    assert len(layout.bassins) == 9 and len(layout.groupes) == 3
    targets = desired_rooms(layout)
    kinds = [t.kind for t in targets]
    assert kinds.count("root") == 1 and kinds.count("bassin") == 9 and kinds.count("groupe") == 27
    assert len(targets) == 42
    assert {t.alias for t in targets if t.kind == "groupe"} >= {"ts-namur", "enc-liege"}
    assert layout.find_bassin("Liège") is layout.bassin("liege")


def test_every_shipped_layout_is_valid() -> None:
    files = sorted(LAYOUTS_DIR.glob("*.yaml"))
    assert len(files) >= 2
    for path in files:
        assert load_layout(path).bassins


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"network": {"slug": "Mon Réseau", "name": "x"}}, "network.slug", "not a slug"),
        (
            {"bassins": [{"slug": "nord", "name": "Nord", "neighbours": ["atlantide"]}]},
            "bassins[0].neighbours",
            "atlantide",
        ),
        (
            {
                "groupes": [
                    {"slug": "a", "short": "x", "name": "A"},
                    {"slug": "a", "short": "y", "name": "B"},
                ]
            },
            "groupes",
            "declared twice",
        ),
        (
            {"policy": {"escalation_delays_hours": [48, 24, 72]}},
            "policy.escalation_delays_hours",
            "increasing",
        ),
        ({"policy": {"quiet_days": ["funday"]}}, "policy.quiet_days", "funday"),
        ({"policy": {"timezone": "Mars/Olympus"}}, "policy.timezone", "Mars/Olympus"),
        ({"colour": "blue"}, "colour", "Extra inputs"),
    ],
)
def test_errors_name_the_field(changes: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(LayoutError) as caught:
        parse_layout(minimal(**changes))
    assert any(p.startswith(field) and words in p for p in caught.value.problems), (
        caught.value.problems
    )


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match="cannot read"):
        load_layout(tmp_path / "absent.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("network: [unclosed", encoding="utf-8")
    with pytest.raises(LayoutError, match="not valid YAML"):
        load_layout(broken)


def test_settings_validate_and_hide_secrets() -> None:
    settings = Settings(
        _env_file=None, homeserver_url="http://hs", user_id="@bot:example.org", password="s3cret"
    )
    assert settings.server_name == "example.org" and settings.has_homeserver()
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.model_dump())
    assert settings.effective_database_url.startswith("sqlite+aiosqlite:///")
    with pytest.raises(ValidationError, match="timezone"):
        Settings(_env_file=None, timezone="Mars/Olympus")
    with pytest.raises(ValidationError, match="user_id"):
        Settings(_env_file=None, user_id="bot")


def test_the_database_password_never_shows() -> None:
    url = "postgresql+asyncpg://tisserand:hunter2@127.0.0.1:1/tisserand"
    settings = Settings(_env_file=None, database_url=url)
    assert "hunter2" not in repr(settings) and "hunter2" not in str(settings.model_dump())
    assert settings.effective_database_url == url
    assert "hunter2" not in repr(Database(url).engine)


@pytest.mark.parametrize(
    ("value", "servers"),
    [("", []), ("*", ["*"]), ("example.org, matrix.org", ["example.org", "matrix.org"])],
)
def test_allowed_servers_are_a_comma_separated_list(
    monkeypatch: pytest.MonkeyPatch, value: str, servers: list[str]
) -> None:
    monkeypatch.setenv("TISSERAND_ALLOWED_SERVERS", value)
    assert Settings(_env_file=None).allowed_servers == servers


def test_check_config_names_the_faulty_field(tmp_path: Path) -> None:
    layout = tmp_path / "layout.yaml"
    layout.write_text("network: {slug: ok, name: x}\ngroupes: []\nbassins: []\n", encoding="utf-8")
    env = {"PATH": "", "TISSERAND_LAYOUT_FILE": str(layout), "TISSERAND_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check-config"],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "groupes:" in done.stderr and "bassins:" in done.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check-config"],
        cwd=REPOSITORY,
        env={"PATH": "", "TISSERAND_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0 and "9 bassins × 3 groupes = 27 rooms" in ok.stdout
