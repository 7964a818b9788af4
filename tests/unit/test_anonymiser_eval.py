"""The anonymiser's figures on the labelled sets must stay above the product's thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.text.anonymiser.evaluation import Report, evaluate, load_cases

DATA = Path(__file__).resolve().parent.parent / "data"
SETS = ["pii_dev.jsonl", "pii_cases.jsonl", "pii_handwritten.jsonl", "pii_blind.jsonl"]


@pytest.fixture(scope="module", params=SETS)
def report(request: pytest.FixtureRequest) -> Report:
    return evaluate(load_cases(DATA / request.param))


def test_every_checksum_valid_identifier_is_removed(report: Report) -> None:
    assert report.ids_removed.hits == report.ids_removed.total, report.summary()


def test_personal_items_are_removed(report: Report) -> None:
    assert report.removed.rate >= 0.98, (report.summary(), report.leaks)


def test_context_items_are_kept(report: Report) -> None:
    assert report.kept.rate >= 0.95, (report.summary(), report.losses)


def test_generated_set_is_large_and_up_to_date() -> None:
    cases = load_cases(DATA / "pii_cases.jsonl")
    assert len(cases) >= 300
    assert sum(1 for case in cases if not case.pii) >= 30  # hard negatives
    assert sum(len(case.ids) for case in cases) >= 40


def test_handwritten_set_has_typed_items() -> None:
    cases = load_cases(DATA / "pii_handwritten.jsonl")
    assert len(cases) >= 40
    assert all(len(case.types) == len(case.pii) for case in cases)


def test_blind_set_is_large_typed_and_has_hard_negatives() -> None:
    """The set written before tuning: many voices, many communities, many context traps."""
    cases = load_cases(DATA / "pii_blind.jsonl")
    assert len(cases) >= 120
    assert all(len(case.types) == len(case.pii) for case in cases)
    assert sum(1 for case in cases if not case.pii) >= 30
    assert sum(len(case.ids) for case in cases) >= 10
