"""What a search backend stores and answers, whatever the database."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from storage.search.bm25 import ColumnWeights
from storage.search.query import Query

T = TypeVar("T")

# Bound parameters per statement stay well below SQLite's and asyncpg's limits.
CHUNK = 1000


@dataclass(frozen=True, slots=True)
class Hit:
    """A matching document and its relevance (higher is better)."""

    doc_id: int
    score: float


@dataclass(frozen=True, slots=True)
class AnalysedDocument:
    """A document as the index sees it: terms of its heading, its body, and its theme tags."""

    doc_id: int
    head: Sequence[str]
    body: Sequence[str]
    tags: Sequence[str]

    @property
    def length(self) -> int:
        return len(self.head) + len(self.body) + len(self.tags)


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """A document read back from the index: its length and each term's frequency per column
    (heading, body, tags), as the in-memory ranker needs them."""

    namespace: str
    doc_id: int
    length: int
    frequencies: Mapping[str, tuple[int, int, int]]


class SearchBackend(Protocol):
    async def store(
        self, session: AsyncSession, namespace: str, documents: Sequence[AnalysedDocument]
    ) -> None:
        """Index the documents, replacing any earlier version of them."""

    async def delete(self, session: AsyncSession, namespace: str, doc_ids: Sequence[int]) -> None:
        """Forget the documents; unknown ids are ignored."""

    async def rank(
        self,
        session: AsyncSession,
        namespace: str,
        query: Query,
        columns: ColumnWeights,
        limit: int,
    ) -> list[Hit]:
        """The best ``limit`` documents by weighted BM25, best first, ties by id."""

    async def load(
        self, session: AsyncSession, keys: Sequence[tuple[str, int]] | None
    ) -> list[LoadedDocument]:
        """The indexed documents named by ``keys`` (namespace, id), or every one; documents
        no longer indexed are left out."""

    async def statistics(
        self, session: AsyncSession, terms: Sequence[str]
    ) -> tuple[int, dict[str, int]]:
        """How many documents the index holds, and how many contain each term."""


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def group_keys(keys: Sequence[tuple[str, int]]) -> dict[str, list[int]]:
    """Document ids by namespace."""
    grouped: dict[str, list[int]] = {}
    for namespace, doc_id in keys:
        grouped.setdefault(namespace, []).append(doc_id)
    return grouped
