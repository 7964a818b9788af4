"""Overlapping finds: the higher score wins, then the longer span."""

from __future__ import annotations

from collections.abc import Iterable

from bot.text.anonymiser.model import Entity


def resolve_overlaps(candidates: Iterable[Entity]) -> list[Entity]:
    """Non-overlapping entities in text order, chosen greedily by score then length."""
    ranked = sorted(candidates, key=lambda e: (-e.score, -e.length, e.start))
    chosen: list[Entity] = []
    for entity in ranked:
        if entity.length > 0 and not any(entity.overlaps(kept) for kept in chosen):
            chosen.append(entity)
    return sorted(chosen, key=lambda e: e.start)
