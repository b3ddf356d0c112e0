"""Reading CSV files that people make in Excel: UTF-8 with or without BOM (or Windows-1257),
``;`` or ``,`` as delimiter, and errors that name the row and the column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l


@dataclass
class RowError:
    row: int  # line number in the file, the header being row 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.row}: {self.column}: {self.message}"


@dataclass
class ImportErrors(Exception):
    errors: list[RowError] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(str(e) for e in self.errors)


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1257"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportErrors([RowError(0, "-", str(_l("The file is not a text (CSV) file.")))])


def read_rows(
    text: str, *, required: list[str], optional: list[str]
) -> list[tuple[int, dict[str, str]]]:
    """``(row_number, {column: value})`` for every non-empty row; raises ImportErrors when the
    header lacks a required column or names an unknown one."""
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ImportErrors([RowError(1, "-", str(_l("The file is empty.")))]) from None
    errors = [
        RowError(1, name, str(_l("Required column is missing.")))
        for name in required
        if name not in header
    ]
    errors += [
        RowError(1, name, str(_l("Unknown column.")))
        for name in header
        if name and name not in required and name not in optional
    ]
    if errors:
        raise ImportErrors(errors)
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            message = str(_l("The row has more values than the header."))
            errors.append(RowError(number, "-", message))
            continue
        rows.append((number, {h: (values[i].strip() if i < len(values) else "")
                              for i, h in enumerate(header)}))
    if errors:
        raise ImportErrors(errors)
    return rows
