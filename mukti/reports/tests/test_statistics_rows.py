"""The statistics table's rows, written in Python (``reports/templatetags/statistics_rows.py``),
are the template loop's to the character (issue 24), but for the figures of a Bengali page: the
loop's ``count`` left a cell's text ("120", "3.5") in 0-9, against docs/translation.md."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from mukti.reports.statistics import Row

# The loops as reports/statistics.html had them before the rows were written in Python, with
# ``figure`` in place of ``count`` since 5 Dec 2026.
ROWS_LOOP = (
    '{% for row in rows %}<tr><th scope="row">{{ row.name }}</th>'
    '{% for value in row.cells.values %}<td class="text-end">{{ value|figure }}</td>{% endfor %}'
    "</tr>{% endfor %}"
)
TOTAL = (
    '<tr class="table-light fw-semibold"><th scope="row">{{ total.name }}</th>'
    '{% for value in total.cells.values %}<td class="text-end">{{ value|figure }}</td>{% endfor %}'
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


def test_a_bengali_page_shows_figures_in_bengali_digits_and_marks_and_names_as_they_are() -> None:
    with translation.override("bn"):
        html = Template("{% load statistics_rows %}{% statistics_rows rows %}").render(
            Context({"rows": ROWS[:3]})
        )
    assert html == (
        '<tr><th scope="row">North 24 Parganas</th><td class="text-end">১২০</td>'
        '<td class="text-end">&lt; 11</td><td class="text-end">৩.৫</td></tr>'
        '<tr><th scope="row">Dist &quot;A&quot; &amp; &lt;B&gt;</th>'
        '<td class="text-end">&lt; 11</td><td class="text-end">০</td>'
        '<td class="text-end"></td></tr>'
        '<tr><th scope="row">কলকাতা</th><td class="text-end">১২</td>'
        '<td class="text-end">১২৩৪</td><td class="text-end">—</td></tr>'
    )
