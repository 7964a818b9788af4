"""The anonymiser's figures on every labelled set, each held at the figure it reaches.

Thresholds are per set, at the figures measured when they were last raised (a drop fails the
test; a gain should raise them). The generated sets must be exactly what their builders write,
so a change to a builder cannot leave a stale file behind.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.text.anonymiser.evaluation import Case, Report, evaluate, leaked, load_cases

DATA = Path(__file__).resolve().parent.parent / "data"
# set: (minimum share of personal items removed, minimum share of context items kept), under the
# strict rule: a fragment of an item left beside its placeholder counts as a leak (blind, dev2,
# dev3 and dev4 were 100 %, 100 %, 99.9 % and 99.8 % when only whole words counted; what is left
# is mostly a town or a region after a workplace's name, « [EMPLOYEUR] de Gosselies »).
THRESHOLDS = {
    "pii_dev.jsonl": (1.0, 1.0),
    "pii_cases.jsonl": (1.0, 1.0),
    "pii_handwritten.jsonl": (1.0, 1.0),
    # Words in no French dictionary are names where names stand: a few organisations and
    # towns in no lexicon go with them (the privacy issue allows context down to 97 %).
    "pii_blind.jsonl": (1.0, 1.0),
    "pii_classes.jsonl": (1.0, 1.0),
    "pii_classes_check.jsonl": (1.0, 0.991),
    "pii_classes_generated.jsonl": (1.0, 1.0),
    "pii_fresh.jsonl": (1.0, 0.993),
    "pii_classes2.jsonl": (1.0, 1.0),
    "pii_dev2.jsonl": (0.993, 1.0),
    # (A business's sector stays beside its placeholder, « Ferronnerie [EMPLOYEUR] »: strict
    # fragments where a writer counted the sector in the workplace, here and in dev20, dev21.)
    "pii_dev3.jsonl": (0.997, 0.997),
    "pii_dev4.jsonl": (0.995, 1.0),
    "pii_dev5.jsonl": (0.997, 1.0),
    "pii_dev6.jsonl": (0.988, 0.99),
    "pii_dev7.jsonl": (0.996, 0.998),
    "pii_dev8.jsonl": (0.998, 1.0),
    "pii_dev9.jsonl": (0.998, 0.998),
    "pii_dev10.jsonl": (0.985, 0.996),
    "pii_dev11.jsonl": (0.99, 1.0),
    "pii_dev13.jsonl": (0.993, 0.996),
    # (A sector written with its capital before the owner's name stays, « SARL Paysages
    # [EMPLOYEUR] »: a strict fragment where the writer listed the whole sign.)
    "pii_dev14.jsonl": (0.998, 0.999),
    # (« embauchée à la Maison de repos [EMPLOYEUR] »: the kind stays, a strict fragment.)
    "pii_dev15.jsonl": (0.989, 0.996),
    "pii_dev16.jsonl": (0.955, 0.998),
    "pii_dev17.jsonl": (0.993, 0.991),
    "pii_dev18.jsonl": (0.988, 0.993),
    # (« chez vandenberghe construct »: the owner goes, the trade stays, a strict fragment.)
    "pii_dev19.jsonl": (0.988, 0.997),
    # (A legal form before the name stays as context, « GAEC [EMPLOYEUR] »: a strict
    # fragment where the writer listed the whole sign.)
    "pii_dev20.jsonl": (0.988, 0.992),
    # (Legal forms stay as context, « Recyclerie [EMPLOYEUR] asbl »: strict fragments here,
    # « SPRL » kept in pii_dev23, whose writer counts it as context.)
    "pii_dev21.jsonl": (0.966, 0.993),
    "pii_dev22.jsonl": (0.996, 0.993),
    "pii_dev23.jsonl": (0.985, 0.993),
    "pii_dev24.jsonl": (0.991, 0.993),
    "pii_dev25.jsonl": (0.998, 0.997),
    "pii_dev26.jsonl": (0.991, 0.998),
    "pii_dev27.jsonl": (0.986, 0.981),
    "pii_dev28.jsonl": (0.981, 0.984),
    "pii_dev29.jsonl": (0.996, 0.997),
    "pii_dev30.jsonl": (0.993, 0.998),
    "pii_dev31.jsonl": (0.981, 0.989),
    "pii_dev32.jsonl": (0.957, 0.998),
    "pii_dev33.jsonl": (0.988, 0.996),
    "pii_dev34.jsonl": (0.972, 0.998),
    "pii_dev35.jsonl": (0.997, 1.0),
    "pii_dev36.jsonl": (0.99, 0.998),
    "pii_dev37.jsonl": (0.963, 0.999),
    "pii_dev38.jsonl": (0.984, 0.995),
    "pii_dev39.jsonl": (0.968, 0.997),
    "pii_dev40.jsonl": (0.973, 1.0),
    "pii_dev41.jsonl": (0.995, 0.998),
    # (A legal form or a trade word left beside the owner's name, « [EMPLOYEUR] bv », counts
    # as a strict leak where this writer counted it in the workplace.)
    "pii_dev42.jsonl": (0.936, 0.991),
    # (Both writers counted hearings and appointments tied to the person as personal dates,
    # which the anonymiser keeps as context, as most sets label them: 6 and 2 items.)
    "pii_dev43.jsonl": (0.987, 0.998),
    "pii_dev44.jsonl": (0.992, 1.0),
    "pii_dev45.jsonl": (0.994, 0.995),
    "pii_dev46.jsonl": (0.989, 0.996),
    "pii_dev47.jsonl": (0.951, 1.0),
    "pii_dev48.jsonl": (0.996, 0.998),
    "pii_dev49.jsonl": (0.979, 0.997),
    "pii_dev50.jsonl": (0.989, 0.999),
    "pii_dev51.jsonl": (0.993, 0.998),
    # Typed from a phone on work sites: a sign in lower case is a customer's, a user company's.
    "pii_dev52.jsonl": (0.973, 0.996),
    "pii_dev53.jsonl": (0.995, 0.991),
    # Workplaces, schools, clubs and homes named every way; a chain's branch in a town, a
    # school and a club, which its writer counted as personal, stay (see its README).
    "pii_dev54.jsonl": (0.876, 0.994),
    "pii_dev55.jsonl": (0.995, 0.994),
}
TYPED_SETS = [name for name in THRESHOLDS if name != "pii_dev.jsonl"]


@pytest.fixture(scope="module", params=sorted(THRESHOLDS))
def scored(request: pytest.FixtureRequest) -> tuple[str, Report]:
    return request.param, evaluate(load_cases(DATA / request.param))


def test_every_checksum_valid_identifier_is_removed(scored: tuple[str, Report]) -> None:
    _, report = scored
    assert report.ids_removed.hits == report.ids_removed.total, report.summary()


def test_personal_items_are_removed(scored: tuple[str, Report]) -> None:
    name, report = scored
    assert report.removed.rate >= THRESHOLDS[name][0], (report.summary(), report.leaks)


def test_context_items_are_kept(scored: tuple[str, Report]) -> None:
    name, report = scored
    assert report.kept.rate >= THRESHOLDS[name][1], (report.summary(), report.losses)


def _builder(name: str) -> ModuleType:
    """Load a builder script of tests/data (not a package) as a module."""
    sys.path.insert(0, str(DATA))
    try:
        spec = importlib.util.spec_from_file_location(name, DATA / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(DATA))


def test_generated_set_is_large_and_up_to_date() -> None:
    builder = _builder("build_pii_cases")
    expected = "".join(case.as_json() + "\n" for case in builder.build())
    assert (DATA / "pii_cases.jsonl").read_text(encoding="utf-8") == expected, (
        "pii_cases.jsonl differs from what build_pii_cases.py writes: run it"
    )
    cases = load_cases(DATA / "pii_cases.jsonl")
    assert len(cases) >= 300
    assert sum(1 for case in cases if not case.pii) >= 30  # hard negatives
    assert sum(len(case.ids) for case in cases) >= 40


def test_generated_class_set_is_large_and_up_to_date() -> None:
    builder = _builder("build_pii_classes")
    assert (DATA / "pii_classes_generated.jsonl").read_text(encoding="utf-8") == (
        builder.render(builder.build())
    ), "pii_classes_generated.jsonl differs from what build_pii_classes.py writes: run it"
    cases = load_cases(DATA / "pii_classes_generated.jsonl")
    assert len(cases) >= 200
    assert sum(1 for case in cases if not case.pii) >= 20  # chains, organisations, headings
    assert {"PERSON", "EMPLOYER", "ADDRESS"} <= {t for case in cases for t in case.types}


@pytest.mark.parametrize("name", TYPED_SETS)
def test_typed_sets_type_every_item(name: str) -> None:
    cases = load_cases(DATA / name)
    assert all(len(case.types) == len(case.pii) for case in cases), name


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


@pytest.mark.parametrize("name", ["pii_classes.jsonl", "pii_classes_check.jsonl"])
def test_class_sets_cover_every_class_of_issue_12_with_context_twins(name: str) -> None:
    """Each class of miss has cases, and cases with nothing to remove that must stay intact."""
    cases = load_cases(DATA / name)
    classes = {case.kind for case in cases}
    assert classes >= {
        "unicode",
        "casing",
        "lowercase",
        "ambiguous",
        "surname",
        "famille",
        "nickname",
        "employer",
        "estate",
        "orgs",
        "context",
    }
    negatives: dict[str, list[Case]] = {}
    for case in cases:
        if not case.pii:
            negatives.setdefault(case.kind, []).append(case)
    assert {"ambiguous", "employer", "estate", "orgs", "context"} <= negatives.keys()


@pytest.mark.parametrize(
    "name",
    [
        "pii_dev3",
        "pii_dev4",
        "pii_dev5",
        "pii_dev6",
        "pii_dev7",
        "pii_dev8",
        "pii_dev9",
        "pii_dev10",
        "pii_dev11",
        "pii_dev13",
        "pii_dev14",
        "pii_dev15",
        "pii_dev16",
        "pii_dev17",
        "pii_dev18",
        "pii_dev19",
        "pii_dev20",
        "pii_dev21",
        "pii_dev22",
        "pii_dev23",
        "pii_dev24",
        "pii_dev25",
        "pii_dev26",
        "pii_dev27",
        "pii_dev28",
        "pii_dev29",
        "pii_dev30",
        "pii_dev31",
        "pii_dev32",
        "pii_dev33",
        "pii_dev34",
        "pii_dev35",
        "pii_dev36",
        "pii_dev37",
        "pii_dev38",
        "pii_dev39",
        "pii_dev40",
        "pii_dev41",
        "pii_dev42",
        "pii_dev43",
        "pii_dev44",
        "pii_dev45",
        "pii_dev46",
        "pii_dev47",
        "pii_dev48",
        "pii_dev49",
        "pii_dev50",
        "pii_dev51",
        "pii_dev52",
        "pii_dev53",
        "pii_dev54",
        "pii_dev55",
    ],
)
def test_blind_set_is_the_file_scored_before_tuning(name: str) -> None:
    """A blind set is kept as its writer wrote it: its README records its figures before
    any tuning and the SHA-256 of the file those figures were taken on."""
    readme = (DATA / f"{name}.README.md").read_text(encoding="utf-8")
    recorded = re.findall(r"sha256 `([0-9a-f]{64})`", readme)
    digest = hashlib.sha256((DATA / f"{name}.jsonl").read_bytes()).hexdigest()
    assert recorded and recorded[-1] == digest, f"{name}.jsonl differs from the scored file"
    cases = load_cases(DATA / f"{name}.jsonl")
    assert len(cases) >= 120
    assert all(len(case.types) == len(case.pii) for case in cases)


@pytest.mark.parametrize(
    ("item", "output"),
    [
        ("17297991234", "Son NISS 1729799[NUMÉRO] pour info."),
        ("Les P'tits Loups", "un stage à la crèche [EMPLOYEUR]'tits Loups à Lens"),
        ("Crèche du Nord", "elle travaille à la [EMPLOYEUR] du Nord"),
        ("Jean-Marc", "rendez-vous avec Jean-[PERSONNE] lundi"),
        ("HXN-417", "c'est [PLAQUE]-417"),
        ("Boulangerie du Soleil", "la Boulangerie du [EMPLOYEUR] à Namur"),
    ],
)
def test_a_fragment_left_beside_a_placeholder_is_a_leak(item: str, output: str) -> None:
    """« 1729799[NUMÉRO] » still tells a reader most of the number: the strict rule counts it,
    the whole-word rule alone did not."""
    assert leaked(item, output)
    assert not leaked(item, output, strict=False)


@pytest.mark.parametrize(
    ("item", "output"),
    [
        ("Boulangerie Dupuis", "il travaille chez Boulangerie [EMPLOYEUR] à Ciney"),
        ("garage Martin SPRL", "stage au garage [EMPLOYEUR] à Wavre"),
        ("Mme D.", "c'est Mme [PERSONNE] qui appelle"),
        ("Dupont", "M. [PERSONNE] a appelé, [PERSONNE] viendra"),
        ("Marie", "[PERSONNE] a 3 enfants, Mariette aussi"),
    ],
)
def test_the_sector_or_the_civility_before_a_placeholder_is_no_leak(item: str, output: str) -> None:
    assert not leaked(item, output)
