from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases import services
from mukti.cases.models import Case
from mukti.core.fuzzydate import parse_when
from mukti.reports.exports import FORMULA_STARTS, neutralise


def rows_of(response: Any) -> list[list[Any]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Cache-Control"] == "no-store"
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@given(st.text())
def test_no_text_cell_can_start_a_formula(text: str) -> None:
    value = neutralise(text)
    assert not value.startswith(FORMULA_STARTS)
    assert value in (text, "'" + text)


@pytest.mark.django_db
def test_the_case_list_exports_as_filtered_with_pseudonyms_only(
    client_as: Any, case: Case, cast: Any
) -> None:
    services.case_open(actor=cast["caseworker"], title="Unrelated labour case")
    url = reverse("reports:export-cases")
    for fmt in ("csv", "xlsx"):
        rows = rows_of(client_as("caseworker").get(url, {"q": "kusum", "format": fmt}))
        assert rows[0][:2] == ["Reference", "Title"] and len(rows) == 2
        assert rows[1][0] == case.reference and rows[1][-1] == "Kusum"
        assert "Rokeya" not in str(rows)
    records = AuditRecord.objects.filter(action=AuditAction.EXPORT, object_id="cases")
    assert [(r.changes["format"], r.changes["rows"], r.changes["filters"]) for r in records] == [
        ("xlsx", 1, {"query": "kusum", "sort": "opened"}),
        ("csv", 1, {"query": "kusum", "sort": "opened"}),
    ]
    assert records[0].actor_label == "meera"
    # Another caseworker's export holds only her own cases.
    rows = rows_of(client_as("other_caseworker").get(url))
    assert case.reference not in str(rows)


@pytest.mark.django_db
def test_a_formula_in_a_pseudonym_or_title_is_neutralised(client_as: Any, cast: Any) -> None:
    hostile = services.case_open(actor=cast["caseworker"], title='=HYPERLINK("http://x","y")')
    services.survivor_add(actor=cast["caseworker"], case=hostile, pseudonym="@SUM(1+1)")
    url = reverse("reports:export-cases")
    for fmt in ("csv", "xlsx"):
        rows = rows_of(client_as("caseworker").get(url, {"format": fmt}))
        assert rows[1][1] == '\'=HYPERLINK("http://x","y")' and rows[1][-1] == "'@SUM(1+1)"
    sheet = load_workbook(
        io.BytesIO(client_as("caseworker").get(url, {"format": "xlsx"}).content)
    ).worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.django_db
def test_each_role_downloads_only_what_it_may(client_as: Any, case: Case) -> None:
    case_lists = ("export-cases", "export-window", "export-due-soon")
    figures = ("export-responsiveness", "export-lateness")
    allowed = {
        "caseworker": case_lists,
        "supervisor": case_lists + figures,
        "data_officer": figures,
        "legal_officer": (),
        "aftercare_officer": (),
        "administrator": (),
    }
    for role, names in allowed.items():
        client = client_as(role)
        for name in case_lists + figures:
            status = client.get(reverse(f"reports:{name}")).status_code
            assert status == (200 if name in names else 403), (role, name)


@pytest.mark.django_db
def test_located_not_rescued_due_soon_responsiveness_and_lateness_export(
    client_as: Any, case: Case, cast: Any, places: Any, rescue_records: Any, justice_records: Any
) -> None:
    other = services.case_open(actor=cast["caseworker"], title="Girl seen at a hotel")
    moni = services.survivor_add(actor=cast["caseworker"], case=other, pseudonym="Moni")
    services.sighting_record(
        actor=cast["caseworker"], case=other, survivor=moni, when=parse_when("20 Apr 2024"),
        place=places["outpost_area"], source="informant", confidence="confirmed",
    )  # fmt: skip
    supervisor = client_as("supervisor")
    window = rows_of(supervisor.get(reverse("reports:export-window"), {"format": "xlsx"}))
    assert window[0][1] == "Survivor (pseudonym)" and [r[1] for r in window[1:]] == ["Moni"]
    due = rows_of(supervisor.get(reverse("reports:export-due-soon")))
    assert due[0] == ["State", "Clock", "Basis", "Case", "Survivor (pseudonym)", "Due"]
    period = {"start": "2024-01-01", "end": "2024-12-31", "format": "xlsx"}
    offices = rows_of(supervisor.get(reverse("reports:export-responsiveness"), period))
    assert offices[1][:5] == ["Office of the SP, Basirhat", 1, 1, 1, 1]
    late = rows_of(client_as("data_officer").get(reverse("reports:export-lateness"), period))
    assert late[0][:3] == ["Clock", "Team", "Clocks"] and len(late) > 1
    record = AuditRecord.objects.filter(object_id="lateness").get()
    assert record.changes["filters"] == {"start": "2024-01-01", "end": "2024-12-31"}
    assert record.changes["rows"] == len(late) - 1 and record.actor_label == "imran"


@pytest.mark.django_db
def test_the_case_export_costs_a_fixed_number_of_queries(
    client_as: Any, case: Case, cast: Any
) -> None:
    client = client_as("caseworker")

    url = reverse("reports:export-cases")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"format": "xlsx"}).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(20):
        extra = services.case_open(actor=cast["caseworker"], title=f"Extra {i}")
        services.survivor_add(actor=cast["caseworker"], case=extra, pseudonym=f"Extra {i}")
    assert count() == small
