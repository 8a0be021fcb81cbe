"""The responsiveness report's rows, written in Python (``rescue/templatetags/
responsiveness_rows.py``), are the template loop's to the character (issue 24): a year of a
large organisation lists hundreds of offices, and the loop cost more CPU than the report's SQL.
"""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from mukti.rescue.selectors import Responsiveness

# The loop as rescue/responsiveness.html had it before the rows were written in Python, with
# every figure through ``figure`` since 5 Dec 2026 (a Bengali row had its wait in Bengali digits
# and its counts and percentages in 0-9).
LOOP = (
    "{% for r in rows %}\n"
    '  <tr><td>{{ r.name }}</td><td class="text-end">{{ r.engagements|figure }}</td>'
    '<td class="text-end">{% widthratio r.answered r.engagements 100 as a %}{{ a|figure }}%</td>'
    '<td class="text-end">{% if r.median_minutes is not None %}{{ r.median_minutes|minutes }}'
    "{% else %}—{% endif %}</td>"
    '<td class="text-end">{% widthratio r.referred r.engagements 100 as p %}{{ p|figure }}%</td>'
    '<td class="text-end">{{ r.rescues_after|figure }}</td></tr>\n'
    '  {% empty %}<tr><td colspan="6" class="text-body-secondary">'
    '{% translate "No engagement in this period." %}</td></tr>\n'
    "  {% endfor %}"
)

ROWS = [
    Responsiveness("Basirhat PS", 193, 137, 26, 2, 292.0),
    Responsiveness("Kolkata Police", 1_234, 1_001, 120, 1_050, 10_000.0),  # thousands
    Responsiveness('Officer "Das" & <Sons>', 8, 1, 1, 0, None),  # 12.5 %: rounded to even
    Responsiveness("SP Office, North 24 Parganas", 3, 2, 1, 1, 59.5),  # 66.7 %, 60 min
    Responsiveness("AHTU Kolkata", 7, 7, 0, 7, 0.0),
    Responsiveness("CWC Barasat", 40, 3, 5, 0, 1_500.25),  # hours and minutes
    Responsiveness("DCPU", 1, 0, 0, 0, 2_880.0),  # days
    Responsiveness("Nobody asked", 0, 0, 0, 0, None),  # no request: 0 %, as widthratio
    Responsiveness("", 2, 1, 1, 0, 120.0),  # an office no longer in the directory
    Responsiveness("বসিরহাট থানা", 5, 5, 5, 5, 61.0),
]


@pytest.mark.parametrize("language", ["en-gb", "bn", "hi"])
@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], []], ids=["many", "one", "none"])
def test_the_rows_are_the_loops_to_the_character(language: str, rows: list[Responsiveness]) -> None:
    with translation.override(language):
        before = Template("{% load i18n %}" + LOOP).render(Context({"rows": rows}))
        after = Template("{% load responsiveness_rows %}{% responsiveness_rows rows %}").render(
            Context({"rows": rows})
        )
    assert after == before


def test_a_bengali_row_has_every_figure_in_bengali_digits() -> None:
    with translation.override("bn"):
        html = Template("{% load responsiveness_rows %}{% responsiveness_rows rows %}").render(
            Context({"rows": ROWS[:1]})
        )
    assert ">১৯৩<" in html and ">৭১%<" in html and ">১৩%<" in html and ">২<" in html
    assert not any(digit in html for digit in "0123456789"), html
