"""Scoring of the anonymiser on labelled cases, as described in shared/eval/README.md.

A ``pii`` item counts as removed when it no longer appears in the output as a whole word
(case-insensitive) and no fragment of it is left beside a placeholder (« 1729799[NUMÉRO] »,
« [EMPLOYEUR] du Nord », « Jean-[PERSONNE] » are leaks: a reader still holds part of the item).
One separate word before the placeholder is allowed when it is a common French word or a title
(« Boulangerie [EMPLOYEUR] », « Mme [PERSONNE] »): the sector or the civility stays by design.
``strict=False`` gives the older, whole-word-only figure. A ``keep`` item counts as kept when it
still appears as a whole word. Both are looked for in the
output as a reader sees it (normalised: an invisible character inside a name does not hide it).
Cases may also list ``ids`` (checksum-valid identifiers, reported apart), ``types`` (the entity
type of each ``pii`` item, for per-type figures) and ``class`` (the kind of difficulty the case
tests, for per-class figures).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.text.anonymiser.anonymiser import Anonymiser
from bot.text.anonymiser.lexicons import default_lexicons
from bot.text.anonymiser.model import PLACEHOLDERS
from bot.text.anonymiser.text import fold_key, normalise

_PLACEHOLDER = re.compile(
    "|".join(re.escape(tag) for tag in sorted(set(PLACEHOLDERS.values()))), re.IGNORECASE
)


@dataclass(frozen=True)
class Case:
    text: str
    pii: list[str]
    keep: list[str]
    ids: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    kind: str = ""


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 1.0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.hits += hit

    def __str__(self) -> str:
        return f"{self.hits}/{self.total} ({self.rate:.1%})"


@dataclass
class Report:
    removed: Tally = field(default_factory=Tally)
    kept: Tally = field(default_factory=Tally)
    ids_removed: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=dict)
    removed_by_class: dict[str, Tally] = field(default_factory=dict)
    kept_by_class: dict[str, Tally] = field(default_factory=dict)
    leaks: list[tuple[str, str]] = field(default_factory=list)
    losses: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"pii removed: {self.removed}",
            f"keep kept:   {self.kept}",
            f"ids removed: {self.ids_removed}",
        ]
        lines += [f"  {name:<20} {tally}" for name, tally in sorted(self.by_type.items())]
        for name in sorted(self.removed_by_class.keys() | self.kept_by_class.keys()):
            removed = self.removed_by_class.get(name, Tally())
            kept = self.kept_by_class.get(name, Tally())
            lines.append(f"  class {name:<14} removed {removed}, kept {kept}")
        return "\n".join(lines)


def appears(item: str, text: str) -> bool:
    """Whether ``item`` is in ``text`` as a whole word, ignoring case and invisible characters."""
    pattern = rf"(?<!\w){re.escape(normalise(item))}(?!\w)"
    return re.search(pattern, normalise(text), re.IGNORECASE) is not None


def fragment_left(item: str, text: str) -> str | None:
    """The part of ``item`` left glued or next to a placeholder in ``text``, if any.

    A prefix of the item ending right at a placeholder, or a suffix starting right after one,
    each at a word boundary on its outer side, while the placeholder stands for the rest.
    """
    item, text = normalise(item).casefold(), normalise(text).casefold()
    for found in _PLACEHOLDER.finditer(text):
        start, end = found.span()
        for size in range(len(item) - 1, 0, -1):
            head = item[:size]
            if (
                text[:start].endswith(head)
                and _outer_edge(text, start - size - 1)
                and _meaningful(head)
                and not _allowed_head(head)
            ):
                return head
            tail = item[len(item) - size :]
            if text.startswith(tail, end) and _outer_edge(text, end + size) and _meaningful(tail):
                return tail
    return None


def _outer_edge(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not text[index].isalnum()


def _meaningful(fragment: str) -> bool:
    return sum(char.isalnum() for char in fragment) >= 1


def _allowed_head(head: str) -> bool:
    """One separate common word or title before the placeholder: the sector or the civility."""
    word = re.sub(r"^[ld]['’]", "", head.strip())  # « L'Épicerie [EMPLOYEUR] »: its article
    if head == head.strip() or " " in word:
        return False
    lexicons = default_lexicons()
    key = fold_key(word.rstrip("."))
    return (
        key in lexicons.titles or fold_key(word) in lexicons.titles or lexicons.is_french_word(key)
    )


def leaked(item: str, text: str, *, strict: bool = True) -> bool:
    """Whether a reader of ``text`` still sees ``item``, whole or (strictly) in part."""
    if appears(item, text):
        return True
    return strict and fragment_left(item, text) is not None


def load_cases(path: str | Path) -> list[Case]:
    cases: list[Case] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        cases.append(
            Case(
                text=raw["text"],
                pii=list(raw.get("pii", [])),
                keep=list(raw.get("keep", [])),
                ids=list(raw.get("ids", [])),
                types=list(raw.get("types", [])),
                kind=str(raw.get("class", "")),
            )
        )
    return cases


def evaluate(
    cases: Iterable[Case], anonymiser: Anonymiser | None = None, *, strict: bool = True
) -> Report:
    anonymiser = anonymiser or Anonymiser.default()
    report = Report()
    for case in cases:
        output = anonymiser.anonymise(case.text).text
        removed_here, kept_here = Tally(), Tally()
        if case.kind:
            removed_here = report.removed_by_class.setdefault(case.kind, Tally())
            kept_here = report.kept_by_class.setdefault(case.kind, Tally())
        for position, item in enumerate(case.pii):
            removed = not leaked(item, output, strict=strict)
            report.removed.add(removed)
            removed_here.add(removed)
            kind = case.types[position] if position < len(case.types) else "UNTYPED"
            report.by_type.setdefault(kind, Tally()).add(removed)
            if not removed:
                report.leaks.append((item, case.text))
        for item in case.ids:
            report.ids_removed.add(not leaked(item, output, strict=strict))
        for item in case.keep:
            kept = appears(item, output)
            report.kept.add(kept)
            kept_here.add(kept)
            if not kept:
                report.losses.append((item, case.text))
    return report


def main(argv: list[str] | None = None) -> int:
    """``python -m bot.text.anonymiser.evaluation FILE...``: print the figures and the misses."""
    arguments = list(argv if argv is not None else sys.argv[1:])
    strict = "--loose" not in arguments
    for path in [argument for argument in arguments if argument != "--loose"]:
        report = evaluate(load_cases(path), strict=strict)
        print(f"== {path}" + ("" if strict else " (whole-word rule only)"))
        print(report.summary())
        _print_misses(report)
    return 0


def _print_misses(report: Report) -> None:
    for item, text in report.leaks:
        print(f"LEAK {item!r}: {text}")
    for item, text in report.losses:
        print(f"LOST {item!r}: {text}")


if __name__ == "__main__":
    raise SystemExit(main())
