"""SQL shapes that several features share."""

from __future__ import annotations

import operator

from sqlalchemy import Select, func, select


def distinct_values(column, *, descending: bool = False) -> Select:
    """The distinct non-null values of an indexed ``column``, sorted: a loose index scan (a
    recursive CTE, one index seek per value) instead of DISTINCT reading every row, which
    costs 50-100 ms over the million rows of a national audit trail."""
    first, beyond = (func.max, operator.lt) if descending else (func.min, operator.gt)
    order = column.desc() if descending else column
    found = select(first(column).label("value")).cte(
        f"{column.table.name}_{column.key}_values", recursive=True)
    following = (select(column).where(beyond(column, found.c.value)).order_by(order).limit(1)
                 .scalar_subquery())
    found = found.union_all(select(following).where(found.c.value.is_not(None)))
    return (select(found.c.value).where(found.c.value.is_not(None))
            .order_by(found.c.value.desc() if descending else found.c.value))
