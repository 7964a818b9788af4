"""Reading a whole table page by page, for exports and reindexing.

Keyset pagination (``id > last``) rather than ``OFFSET``: each page is an index range scan, so
the thousandth page costs what the first does, and rows added meanwhile do not shift pages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

PAGE = 500


class _Numbered(Protocol):
    @property
    def id(self) -> int: ...


Row = TypeVar("Row", bound=_Numbered)


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
