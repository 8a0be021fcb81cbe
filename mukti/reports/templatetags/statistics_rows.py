"""The statistics table's rows, rendered in Python (as the responsiveness report's and Due
soon's are).

A year by district is a row per district and twenty-odd columns: some 600 cells, each a
variable lookup, a filter and an escape in the template engine, half of the page's CPU (issue
24). The markup is the template loop's, to the character
(``reports/tests/test_statistics_rows.py`` renders both), but for the digits.

A cell is the text the exports write ("120", "< 11", "3.5", "—"): on the page a figure is in
the reader's digits (``১২০``, ``৩.৫`` on a Bengali page), as every count the pages show; the
marks "< 11" and "—" are as the text above the table explains them; the CSV and XLSX exports
keep 0-9, for the systems they are read into (docs/translation.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe

from mukti.core.l10n import figure
from mukti.core.markup import esc
from mukti.reports.statistics import Row

register = template.Library()


@register.simple_tag
def statistics_row(row: Row, css: str = "") -> SafeString:
    cells = "".join(
        f'<td class="text-end">{esc(figure(value))}</td>' for value in row.cells.values()
    )
    tr = f'<tr class="{esc(css)}">' if css else "<tr>"
    html = f'{tr}<th scope="row">{esc(row.name)}</th>{cells}</tr>'
    return mark_safe(html)  # noqa: S308 -- every part escaped by esc


@register.simple_tag
def statistics_rows(rows: Iterable[Row]) -> SafeString:
    return mark_safe("".join(map(statistics_row, rows)))  # noqa: S308 -- escaped by esc
