"""Pure parts of ``!focus`` and of the weekly digest: splitting, targets, themes, slots."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.framework.catalogue import catalogue
from bot.framework.context import example_params
from bot.framework.errors import UserInputError
from bot.services.digest import (
    AnswerFigures,
    BassinDigest,
    UpcomingSession,
    next_digest_time,
    render_digest,
    week_label,
)
from bot.services.focus.planning import (
    PlanText,
    normalise_guests,
    reminders_ahead,
    reminders_key,
    resolve_target,
    split_plan,
    theme_slug,
)
from config import LAYOUTS_DIR
from config.layout import load_layout
from tests.support.bot import small_layout

BRUSSELS = ZoneInfo("Europe/Brussels")
LAYOUT = small_layout("t-")


def test_split_plan_with_every_part() -> None:
    plan = split_plan("jeudi prochain 14h | Mobilité et permis | nord | CPAS,MIRE ; Forem")
    assert plan == PlanText("jeudi prochain 14h", "Mobilité et permis", "nord", "CPAS, MIRE, Forem")


def test_split_plan_optional_parts() -> None:
    assert split_plan("demain 10h | Logement") == PlanText("demain 10h", "Logement", None, "")
    assert split_plan("demain 10h | Logement |  | CPAS").target is None
    assert split_plan("demain 10h | Logement |  | CPAS").guests == "CPAS"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("demain 10h", "focus.error.missing_theme"),
        ("demain 10h |  ", "focus.error.missing_theme"),
        (" | Logement", "focus.error.missing_when"),
        ("a | b | c | d | e", "focus.error.too_many_parts"),
    ],
)
def test_split_plan_errors(text: str, key: str) -> None:
    with pytest.raises(UserInputError) as caught:
        split_plan(text)
    assert caught.value.key == key


def test_normalise_guests() -> None:
    assert normalise_guests(" CPAS ,, MIRE;Forem ") == "CPAS, MIRE, Forem"
    assert normalise_guests("") == ""


def test_target_bassin_covers_its_groupe_rooms() -> None:
    target = resolve_target(LAYOUT, "Nord")
    assert target.label == "nord" and target.bassins == ("nord",)
    assert target.room_keys == (
        "room:nord:travailleurs-sociaux",
        "room:nord:responsables",
        "room:nord:encadrants",
    )


def test_target_groupe_covers_every_bassin() -> None:
    target = resolve_target(LAYOUT, "ts")
    assert target.label == "travailleurs-sociaux"
    assert target.bassins == ("nord", "sud")
    assert target.room_keys == ("room:nord:travailleurs-sociaux", "room:sud:travailleurs-sociaux")


def test_target_bassin_and_groupe() -> None:
    target = resolve_target(LAYOUT, "sud/encadrants")
    assert (target.label, target.room_keys) == ("sud/encadrants", ("room:sud:encadrants",))


def test_target_everyone() -> None:
    target = resolve_target(LAYOUT, "Tous")
    assert target.label == "tous" and len(target.room_keys) == 6


@pytest.mark.parametrize("text", ["atlantide", "nord/atlantide", "atlantide/ts"])
def test_unknown_target_lists_the_valid_ones(text: str) -> None:
    with pytest.raises(UserInputError) as caught:
        resolve_target(LAYOUT, text)
    assert caught.value.key == "focus.error.unknown_target"
    assert caught.value.params["bassins"] == "nord, sud"


def test_theme_slug_from_a_free_title() -> None:
    assert theme_slug(LAYOUT, "Mobilité et permis") == "mobilite"
    assert theme_slug(LAYOUT, "logement") == "logement"
    assert theme_slug(LAYOUT, "Le bail glissant") == "logement"
    assert theme_slug(LAYOUT, "Numérique") is None


def test_next_digest_time_is_the_next_local_slot() -> None:
    monday_9 = time(9, 0)
    # Wednesday 2 December 2026, 12:00 in Brussels → Monday 7 December, 9:00.
    after = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
    due = next_digest_time(after, "lundi", monday_9, BRUSSELS)
    assert due.astimezone(BRUSSELS) == datetime(2026, 12, 7, 9, 0, tzinfo=BRUSSELS)
    # Exactly at the slot: the next one, a week later.
    again = next_digest_time(due, "lundi", monday_9, BRUSSELS)
    assert again - due == timedelta(days=7)
    # Across the spring change the local hour stays 9:00.
    spring = next_digest_time(datetime(2027, 3, 24, tzinfo=UTC), "lundi", monday_9, BRUSSELS)
    assert spring.astimezone(BRUSSELS).hour == 9


def test_week_label_is_the_local_iso_week() -> None:
    assert week_label(datetime(2026, 12, 6, 23, 30, tzinfo=UTC), BRUSSELS) == "2026-W50"
    assert week_label(datetime(2026, 12, 6, 22, 30, tzinfo=UTC), BRUSSELS) == "2026-W49"


def test_empty_digest_is_skipped_and_figures_are_rendered() -> None:
    assert BassinDigest("nord", "Bassin Nord").empty
    assert BassinDigest("nord", "Bassin Nord", resolved=0, still_open=0, faq=0).empty
    digest = BassinDigest(
        "nord",
        "Bassin Nord",
        resolved=2,
        still_open=1,
        faq=3,
        answers=AnswerFigures(4, 3, timedelta(hours=5)),
        sessions=[UpcomingSession(7, "Mobilité", "jeudi 3 décembre 2026 à 14 h 00")],
    )
    assert not digest.empty
    message = render_digest(digest, catalogue("fr"), week="2026-W49", prefix="!")
    body = message.body  # plain text; the HTML keeps the figures in bold
    assert "2 résolues" in body and "1 encore ouverte" in body and "ouvertes" not in body
    assert "FAQ : 3" in body and "75 %" in body and "5 h" in body
    assert "<strong>2</strong> résolues" in message.html and "<strong>3</strong>" in message.html
    assert "#7 Mobilité, jeudi 3 décembre 2026 à 14 h 00" in body
    assert "fiches" not in body  # a figure nobody can give is left out, not shown as 0


@pytest.mark.parametrize("layout_file", ["wallonie.yaml", "hauts-de-france.yaml"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_planning_example_names_a_bassin_of_the_layout(layout_file: str, language: str) -> None:
    layout = load_layout(LAYOUTS_DIR / layout_file)
    example = catalogue(language).text(
        "focus.help.planifier.example", **example_params("!", layout)
    )
    target = split_plan(example.removeprefix("!focus planifier ")).target
    assert target is not None
    assert resolve_target(layout, target).bassins == (target,)  # raises if unknown


def test_reminders_are_promised_only_when_there_is_time_for_them() -> None:
    start = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    ahead = [r.which for r in reminders_ahead(start, start - timedelta(days=2))]
    assert ahead == ["veille", "heure"] and reminders_key(ahead) == "focus.reminders.both"
    ahead = [r.which for r in reminders_ahead(start, start - timedelta(hours=5))]
    assert ahead == ["heure"] and reminders_key(ahead) == "focus.reminders.heure"
    ahead = [r.which for r in reminders_ahead(start, start - timedelta(minutes=30))]
    assert ahead == [] and reminders_key(ahead) == "focus.reminders.none"
    assert "la veille" not in catalogue("fr").text("focus.reminders.heure")
