"""Lists as CSV and XLSX: pseudonyms only, and no cell a spreadsheet could run as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from openpyxl import Workbook

# A cell starting with one of these is read by Excel, LibreOffice or Google Sheets as a formula
# (or, after a tab or carriage return, may be): "=HYPERLINK(...)" in a pseudonym or a note
# would run on the reader's machine (OWASP, CSV injection). Such text gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value: Any) -> Any:
    """A cell value safe to open: numbers stay numbers, text never starts a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass
class Table:
    name: str  # the file's stem and the audit record's object id
    headers: list[str]
    rows: Iterable[list[Any]]
    filters: dict[str, Any] = field(default_factory=dict)
    count: int = 0

    def cells(self) -> Iterator[list[Any]]:
        for row in self.rows:
            self.count += 1
            yield [neutralise(value) for value in row]


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(h) for h in table.headers])
    writer.writerows(table.cells())
    # With a byte-order mark, Excel reads the file as UTF-8 (pseudonyms in Bengali).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.name[:31])
    sheet.append([neutralise(h) for h in table.headers])
    for row in table.cells():
        # Text is written as text (data_type "s"), never parsed: openpyxl would otherwise store a
        # string starting with "=" as a formula.
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(table: Table, fmt: str) -> bytes:
    return to_xlsx(table) if fmt == "xlsx" else to_csv(table)
