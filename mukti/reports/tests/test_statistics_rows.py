"""The statistics table's rows, written in Python (``reports/templatetags/statistics_rows.py``),
are the template loop's to the character (issue 24)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from mukti.reports.statistics import Row

# The loops as reports/statistics.html had them before the rows were written in Python.
ROWS_LOOP = (
    '{% for row in rows %}<tr><th scope="row">{{ row.name }}</th>'
    '{% for value in row.cells.values %}<td class="text-end">{{ value|count }}</td>{% endfor %}'
    "</tr>{% endfor %}"
)
TOTAL = (
    '<tr class="table-light fw-semibold"><th scope="row">{{ total.name }}</th>'
    '{% for value in total.cells.values %}<td class="text-end">{{ value|count }}</td>{% endfor %}'
    "</tr>"
)

ROWS = [
    Row("North 24 Parganas", {"located": "120", "rescued": "< 11", "median": "3.5"}),
    Row('Dist "A" & <B>', {"located": "< 11", "rescued": "0", "median": ""}),
    Row("কলকাতা", {"located": "12", "rescued": "1234", "median": "—"}),
    Row("No cells", {}),
]


@pytest.mark.parametrize("language", ["en-gb", "bn", "hi"])
@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], []], ids=["many", "one", "none"])
def test_the_rows_are_the_loops_to_the_character(language: str, rows: list[Row]) -> None:
    with translation.override(language):
        before = Template(ROWS_LOOP + TOTAL).render(Context({"rows": rows, "total": ROWS[0]}))
        after = Template(
            "{% load statistics_rows %}{% statistics_rows rows %}"
            '{% statistics_row total "table-light fw-semibold" %}'
        ).render(Context({"rows": rows, "total": ROWS[0]}))
    assert after == before
