"""Reading a whole table page by page, for exports and reindexing.

Keyset pagination (``id > last``) rather than ``OFFSET``: each page is an index range scan, so
the thousandth page costs what the first does, and rows added meanwhile do not shift pages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.search import Document, SearchIndex

PAGE = 500


class _Numbered(Protocol):
    @property
    def id(self) -> int: ...


Row = TypeVar("Row", bound=_Numbered)
Item = TypeVar("Item")


async def keyset_pages(
    session: AsyncSession, model: type[Row], *where: sa.ColumnElement[bool], size: int = PAGE
) -> AsyncIterator[list[Row]]:
    """The rows of ``model`` matching ``where``, by ascending id, ``size`` at a time."""
    key = sa.inspect(model).primary_key[0]
    last = 0
    while True:
        rows = await session.scalars(
            sa.select(model).where(key > last, *where).order_by(key).limit(size)
        )
        page = list(rows)
        if not page:
            return
        yield page
        last = page[-1].id


async def reindex(
    database: Database,
    search_index: SearchIndex,
    pages: Callable[[AsyncSession], AsyncIterator[list[Item]]],
    document: Callable[[Item], Document],
) -> int:
    """Index again every row ``pages`` reads (after a change of the analyser), in one
    transaction so a search never sees half an index; the count reindexed."""
    total = 0
    async with database.transaction() as session:
        async for page in pages(session):
            await search_index.index_many([document(row) for row in page], session=session)
            total += len(page)
    return total
