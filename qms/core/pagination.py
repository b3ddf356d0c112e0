"""Pagination whose count stops early: registers of tens of thousands of rows.

``db.paginate`` counts every matching row (``SELECT count(*)`` over the whole filtered
register) on every page view: at national scale that count, not the page of 25 rows, is what
the page costs. ``paginate`` counts at most ``count_cap`` rows (or enough to reach a few pages
past the requested one) plus one. When there are more, ``total`` is a lower bound,
``capped`` is True and the page says "more than 1 000"; ``pages``, ``has_next`` and
``iter_pages`` work from what was counted, so Next is always there while more rows exist.
"""

from __future__ import annotations

import typing as t
from math import ceil

import sqlalchemy as sa
import sqlalchemy.orm as sa_orm
from flask_sqlalchemy.pagination import SelectPagination

from qms.extensions import db

COUNT_CAP = 1000
# Pages counted past the requested one, so Next and a few page numbers stay available.
PAGES_AHEAD = 5


class CappedPagination(SelectPagination):
    """A ``SelectPagination`` whose count reads at most ``count_limit + 1`` rows."""

    capped: bool = False

    @property
    def count_limit(self) -> int:
        """How many rows the count reads (one more tells whether there are more)."""
        cap = self._query_args.get("count_cap") or COUNT_CAP
        return max(cap, (self.page + PAGES_AHEAD) * self.per_page)

    def _query_count(self) -> int:
        limit = self.count_limit
        select = self._query_args["select"]
        rows = _countable(select).order_by(None).limit(limit + 1).subquery()
        found = self._query_args["session"].execute(
            sa.select(sa.func.count()).select_from(rows)).scalar() or 0
        self.capped = found > limit
        return limit if self.capped else found

    @property
    def pages(self) -> int:
        """Capped: up to the page of the row past the count, which is known to exist."""
        if self.capped and self.total:
            return ceil((self.total + 1) / self.per_page)
        return super().pages

    def prev(self, *, error_out: bool = False) -> CappedPagination:
        other = super().prev(error_out=error_out)
        other.capped = self.capped
        return other

    def next(self, *, error_out: bool = False) -> CappedPagination:
        other = super().next(error_out=error_out)
        other.capped = self.capped
        return other


def _countable(select: sa.Select) -> sa.Select:
    """The statement with its columns replaced by a constant (the rows are counted, their
    columns never read) unless DISTINCT or GROUP BY make the columns part of the result."""
    select = select.options(sa_orm.lazyload("*"))
    if select._distinct or select._group_by_clauses:
        return select
    return select.with_only_columns(sa.literal_column("1"), maintain_column_froms=True)


def paginate(stmt: sa.Select, *, page: int, per_page: int, count_cap: int | None = None,
             pagination: type[CappedPagination] = CappedPagination,
             **query_args: t.Any) -> CappedPagination:
    """One page of ``stmt`` (ordered by the caller), its count capped at ``count_cap``
    (default ``COUNT_CAP``): see the module.

    ``pagination`` is a subclass that loads its items its own way (its ``_query_items``);
    ``query_args`` reach it as ``self._query_args``."""
    return pagination(select=stmt, session=db.session, page=page, per_page=per_page,
                      max_per_page=None, error_out=False, count_cap=count_cap, **query_args)
