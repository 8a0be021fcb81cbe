from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases.models import Case
from mukti.core.fuzzydate import parse_when
from mukti.reports.statistics import (
    COLUMNS,
    COUNTS,
    DERIVED,
    SUPPRESSED,
    UNKNOWN,
    K,
    Period,
    build,
    suppress,
)

COUNT_KEYS = [key for key, _label in COUNTS]
DERIVED_BASE = {key: base for key, _label, base in DERIVED}

districts = st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=6, unique=True)


@st.composite
def raw_figures(draw: Any) -> tuple[dict, dict, dict]:
    keys = draw(districts) + draw(st.sampled_from([[], [UNKNOWN]]))
    small = st.integers(min_value=0, max_value=30)
    counts = {key: {d: draw(small) for d in keys} for key in [*COUNT_KEYS, "timed"]}
    derived = {
        key: {d: draw(st.floats(min_value=0, max_value=1e6)) for d in keys if counts[base][d]}
        for key, base in DERIVED_BASE.items()
    }
    derived["median_hours_total"] = {0: 5.0}
    return counts, derived, {d: f"District {d}" for d in keys if d != UNKNOWN}


@settings(max_examples=300, deadline=None)
@given(raw_figures())
def test_no_cell_under_11_is_ever_shown_nor_can_be_worked_out(figures: tuple) -> None:
    counts, derived, names = figures
    stats = build(counts, derived, names, Period(2024))
    for key in COUNT_KEYS:
        shown = {}
        for row in stats.rows:
            cell = row.cells[key]
            if cell != SUPPRESSED:
                assert int(cell) >= K, (key, row.name, cell)
                shown[row.name] = int(cell)
        total = stats.total.cells[key]
        if total != SUPPRESSED:
            assert int(total) >= K
            if not stats.empty:
                # What the suppressed cells add up to is either nothing or a group of K or more.
                hidden_sum = int(total) - sum(shown.values())
                assert hidden_sum == 0 or hidden_sum >= K, (key, total, shown)
    for key, base in DERIVED_BASE.items():
        for row in [*stats.rows, stats.total]:
            if key != "median_hours" and row.cells[base] == SUPPRESSED:
                assert row.cells[key] in (SUPPRESSED, "—")


@given(st.dictionaries(st.integers(), st.integers(min_value=0, max_value=50), max_size=8))
def test_suppression_hides_every_small_cell_and_enough_others(values: dict) -> None:
    hidden = suppress(values)
    assert all(key in hidden for key, n in values.items() if n < K)
    if hidden:
        assert sum(values[k] for k in hidden) >= K or hidden == set(values)


def test_the_periods_run_from_the_first_day_to_the_next_period() -> None:
    import datetime as dt

    assert (Period(2024, 2).start, Period(2024, 2).end) == (
        dt.date(2024, 4, 1),
        dt.date(2024, 7, 1),
    )
    assert (Period(2024, 4).end, Period(2024).end) == (dt.date(2025, 1, 1), dt.date(2025, 1, 1))
    assert [key for key, _ in COLUMNS][:2] == ["located", "rescued"]


def rescue_twelve(case: Case, cast: Any, offices: Any) -> None:
    """A second raid on 22 May 2024 brings out twelve women."""
    import datetime as dt

    from django.utils import timezone

    from mukti.rescue import services

    operation = services.operation_plan(
        actor=cast["caseworker"], case=case, target_place=offices["outpost"].jurisdiction,
        lead_office=offices["outpost"], survivors_sought=[],
        planned_for=timezone.make_aware(dt.datetime(2024, 5, 22, 20, 0)),
    )  # fmt: skip
    services.attempt_record(
        actor=cast["caseworker"], operation=operation, when=parse_when("22 May 2024 22:00"),
        outcome="rescued", people_brought_out=12,
        others_out=[f"woman number {n}" for n in range(12)],
    )  # fmt: skip


@pytest.mark.django_db
def test_the_statistics_page_counts_by_district_and_hides_small_groups(
    client_as: Any, case: Case, cast: Any, places: Any, offices: Any, rescue_records: Any,
    justice_records: Any,
) -> None:  # fmt: skip
    Case.objects.filter(pk=case.pk).update(district=places["n24"])
    rescue_twelve(case, cast, offices)
    page = client_as("data_officer").get(reverse("reports:statistics"), {"year": 2024})
    assert page.status_code == 200
    table = page.text.split('data-testid="statistics"')[1].split("</table>")[0]
    assert "North 24 Parganas" in table
    rows = [r for r in table.split("<tr") if "North 24 Parganas" in r]
    cells = [c.split("</td>")[0] for c in rows[0].split('<td class="text-end">')[1:]]
    # 14 people rescued (Kusum, her sister-in-law and the twelve), 1 failed attempt, 1 FIR; no
    # location was confirmed, so no median.
    assert cells[1] == "14" and cells[5] == "&lt; 11" and cells[7] == "&lt; 11"
    assert cells[4] == "—"
    assert "Kusum" not in page.text
    q3 = client_as("supervisor").get(reverse("reports:statistics"), {"year": 2024, "quarter": 3})
    assert (
        'data-testid="statistics-empty"' in q3.text and "Nothing was recorded in Q3 2024" in q3.text
    )
    assert client_as("caseworker").get(reverse("reports:statistics")).status_code == 403
    assert client_as("administrator").get(reverse("reports:statistics")).status_code == 403


@pytest.mark.django_db
def test_a_bengali_reader_sees_bengali_digits_and_the_downloads_keep_0_to_9(
    client_as: Any, case: Case, cast: Any, places: Any, offices: Any, rescue_records: Any
) -> None:
    """docs/translation.md: figures on a page are in the reader's digits; a download is read
    into other systems and keeps 0-9."""
    Case.objects.filter(pk=case.pk).update(district=places["n24"])
    rescue_twelve(case, cast, offices)
    officer = cast["data_officer"]
    type(officer).objects.filter(pk=officer.pk).update(language="bn")
    client = client_as("data_officer")
    page = client.get(reverse("reports:statistics"), {"year": 2024})
    table = page.text.split('data-testid="statistics"')[1].split("</table>")[0]
    row = next(r for r in table.split("<tr") if "North 24 Parganas" in r)
    cells = [c.split("</td>")[0] for c in row.split('<td class="text-end">')[1:]]
    # The marks stay as the text above the table explains them ("any figure under 11 is shown
    # as “< 11”").
    assert cells[1] == "১৪" and cells[5] == "&lt; 11" and cells[4] == "—"
    url = reverse("reports:statistics-download")
    text = client.get(url, {"year": 2024, "format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[-1][2] == "14"
    assert not any(ch in "০১২৩৪৫৬৭৮৯" for ch in text)


@pytest.mark.django_db
def test_the_statistics_download_as_csv_xlsx_and_pdf_and_are_audited(
    client_as: Any, case: Case, cast: Any, places: Any, offices: Any, rescue_records: Any
) -> None:
    rescue_twelve(case, cast, offices)
    client = client_as("data_officer")
    url = reverse("reports:statistics-download")
    text = client.get(url, {"year": 2024, "format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["District", "People located", "People rescued"]
    assert rows[-1][0] == "All districts" and rows[-1][2] == "14"
    book = load_workbook(io.BytesIO(client.get(url, {"year": 2024, "format": "xlsx"}).content))
    assert [c.value for c in book.worksheets[0][1]][:2] == ["District", "People located"]
    body = client.get(url, {"year": 2024, "quarter": 2, "format": "pdf"}).content
    if os.environ.get("MUKTI_KEEP_PDF"):  # to look at it: pdftoppm -png $MUKTI_KEEP_PDF page
        Path(os.environ["MUKTI_KEEP_PDF"]).write_bytes(body)
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(body)).pages)
    assert "Statistics: Q2 2024" in pdf and "CONFIDENTIAL" in pdf and "< 11" in pdf
    records = AuditRecord.objects.filter(action=AuditAction.EXPORT, object_id__startswith="stat")
    assert sorted(r.changes["format"] for r in records) == ["csv", "pdf", "xlsx"]
    assert client_as("caseworker").get(url, {"year": 2024}).status_code == 403


@pytest.mark.django_db
def test_the_statistics_page_costs_a_fixed_number_of_queries(
    client_as: Any, case: Case, cast: Any, offices: Any, rescue_records: Any
) -> None:
    client = client_as("supervisor")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("reports:statistics"), {"year": 2024}).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    rescue_twelve(case, cast, offices)
    assert count() == small
