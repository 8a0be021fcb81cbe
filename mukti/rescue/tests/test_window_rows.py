"""The rows of *Located, not rescued*, written in Python (``rescue/templatetags/
window_rows.py``), are the template loop's to the character (issue 24): every colour of a row,
a minor, no authority asked, a deferral passed or to come, failed attempts, names that need
escaping, in three languages and another time zone."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template import Context, Template
from django.utils import timezone, translation

from mukti.cases.models import Case, CaseSurvivor, Survivor
from mukti.rescue.selectors import WindowRow

# The loop as rescue/window.html had it before the rows were written in Python.
LOOP = """{% load i18n %}{% for row in rows %}
  <tr class="{% if row.failed_attempts or row.overdue_deferral %}table-danger{% elif row.hours > 6 %}table-warning{% endif %}" data-testid="window-row">
    <td class="text-nowrap fw-semibold" data-label="{% translate "Waiting" %}">{% blocktranslate with h=row.hours|floatformat:0|figure %}{{ h }} h{% endblocktranslate %}</td>
    <td data-label="{% translate "Survivor" %}">{{ row.link.survivor.pseudonym }}{% if row.link.survivor.is_minor %} <span class="badge text-bg-warning">{% translate "minor" %}</span>{% endif %}</td>
    <td data-label="{% translate "Case" %}"><a href="{{ row.link.case.get_absolute_url }}#rescue">{{ row.link.case.reference }}</a></td>
    <td data-label="{% translate "Last engagement" %}">{% if row.last_office %}{{ row.last_office }}: {{ row.last_answer }}{% else %}<span class="text-danger">{% translate "No authority contacted" %}</span>{% endif %}</td>
    <td data-label="{% translate "Next step with" %}">{{ row.next_step|default:"—" }}</td>
    <td class="small" data-label="{% translate "Warnings" %}">{% if row.deferred_until %}{% translate "deferred until" %} {{ row.deferred_until|date:"j M Y, H:i" }}{% if row.overdue_deferral %} <strong>({% translate "passed" %})</strong>{% endif %}{% endif %}
      {% if row.failed_attempts %}{% blocktranslate count n=row.failed_attempts asvar failed %}{{ n }} failed attempt{% plural %}{{ n }} failed attempts{% endblocktranslate %}{{ failed|digits }}{% endif %}</td>
  </tr>
  {% empty %}<tr><td colspan="6" class="text-body-secondary">{% translate "Nobody is waiting: every located survivor of your cases is out." %}</td></tr>
  {% endfor %}"""  # noqa: E501

NOW = dt.datetime(2025, 9, 3, 9, 30, tzinfo=dt.UTC)


def _row(
    name: str, reference: str, hours: float, *, adult_on: dt.date | None = None,
    office: str | None = "SP Basirhat", answer: str | None = "Pending", step: str = "",
    deferred: dt.datetime | None = None, failed: int = 0,
) -> WindowRow:  # fmt: skip
    link = CaseSurvivor(
        case=Case(reference=reference), survivor=Survivor(pseudonym=name, adult_on=adult_on)
    )
    return WindowRow(link, hours, answer if office else None, office, step, deferred, failed)


ROWS = [
    _row("Kusum", "WB-2025-0001", 0.4),
    _row("Tara", "WB-2025-0002", 6.0, adult_on=dt.date(2030, 1, 1), step="SP Basirhat"),
    _row("Mina", "WB-2025-0003", 6.5, office=None),
    _row(
        'Rani "R" & <Co>',
        "WB-2025-0004",
        100.5,
        office="OC <Rajbari> & Co",
        answer="Agreed",
        step="OC <Rajbari>",
        deferred=NOW + dt.timedelta(days=2),
    ),
    _row("Asha", "WB-2025-0005", 2.5, deferred=NOW - dt.timedelta(hours=3), failed=1),
    _row("Bina", "WB-2025-0006", 1_234.49, failed=3, adult_on=dt.date(2001, 5, 5)),
    _row("চম্পা", "WB 2025 7", 48.5, office="বসিরহাট থানা", answer="Referred", step="DCPU"),
]


@pytest.mark.parametrize("language", ["en-gb", "bn", "hi"])
@pytest.mark.parametrize("zone", ["Asia/Kolkata", "America/New_York"])
@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], []], ids=["many", "one", "none"])
def test_the_rows_are_the_loops_to_the_character(
    language: str, zone: str, rows: list[WindowRow]
) -> None:
    with (
        time_machine.travel(NOW, tick=False),
        translation.override(language),
        timezone.override(zone),
    ):
        before = Template(LOOP).render(Context({"rows": rows}))
        after = Template("{% load window_rows %}{% window_rows rows %}").render(
            Context({"rows": rows})
        )
    assert after == before


def test_a_bengali_row_shows_its_hours_and_failed_attempts_in_bengali_digits() -> None:
    """They read "1234 ঘণ্টা" and "3 বার ..." beside dates in Bengali digits."""
    with time_machine.travel(NOW, tick=False), translation.override("bn"):
        html = Template("{% load window_rows %}{% window_rows rows %}").render(
            Context({"rows": [ROWS[5]]})
        )
    waiting = html.split('data-label="')[1]
    assert "১২৩৪" in waiting and "1234" not in html
    assert "৩" in html.split('class="small"')[1]
