"""Opening a case, its care or justice page is noted in the audit log, once an hour per person."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mukti.audit.models import AuditAction, AuditRecord
from mukti.audit.services import verify_chain
from mukti.cases.models import Case

pytestmark = pytest.mark.django_db


def reads(case: Case) -> list[tuple[str, str]]:
    return [
        (r.actor_label, r.changes["page"])
        for r in AuditRecord.objects.filter(
            action=AuditAction.READ, object_type="cases.case", object_id=str(case.pk)
        ).order_by("seq")
    ]


def test_each_page_is_noted_once_an_hour_per_person(
    client_as: Any, case: Case, care_records: Any, justice_records: Any
) -> None:
    meera, farida = client_as("caseworker"), client_as("legal_officer")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            assert meera.get(case.get_absolute_url()).status_code == 200
        assert meera.get(reverse("care:case-care", args=[case.reference])).status_code == 200
        assert farida.get(reverse("justice:case-justice", args=[case.reference])).status_code == 200
        assert farida.get(case.get_absolute_url()).status_code == 200
    assert reads(case) == [
        ("meera", "case"), ("meera", "care"), ("farida", "justice"), ("farida", "case")
    ]  # fmt: skip
    # A new sign-in each time: an idle session would have ended.
    with time_machine.travel(start + dt.timedelta(minutes=59), tick=False):
        assert client_as("caseworker").get(case.get_absolute_url()).status_code == 200
    assert len(reads(case)) == 4
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        assert client_as("caseworker").get(case.get_absolute_url()).status_code == 200
    assert reads(case)[-1] == ("meera", "case") and len(reads(case)) == 5
    assert verify_chain().ok


def test_refused_pages_are_not_noted(client_as: Any, case: Case, care_records: Any) -> None:
    assert client_as("other_caseworker").get(case.get_absolute_url()).status_code == 404
    assert client_as("legal_officer").get(
        reverse("care:case-care", args=[case.reference])
    ).status_code == 403  # fmt: skip
    assert reads(case) == []


def test_the_supervisor_sees_who_read_the_case_and_which_page(
    client_as: Any, case: Case, care_records: Any
) -> None:
    client_as("caseworker").get(reverse("care:case-care", args=[case.reference]))
    page = client_as("supervisor").get(reverse("reports:case-access", args=[case.reference]))
    assert page.status_code == 200
    assert "meera" in page.text and "care page" in page.text and "read" in page.text


def test_the_first_read_of_the_hour_costs_a_fixed_number_of_queries(
    client_as: Any, case: Case
) -> None:
    """The note is written once; later views pay one indexed query (see the pinned counts of
    the case, care and justice pages)."""
    client = client_as("caseworker")
    with CaptureQueriesContext(connection) as first:
        client.get(case.get_absolute_url())
    with CaptureQueriesContext(connection) as again:
        client.get(case.get_absolute_url())
    writes = [q["sql"] for q in first.captured_queries if q["sql"].startswith("INSERT")]
    assert len(writes) == 1 and "audit_auditrecord" in writes[0]
    assert len(first) - len(again) == 7  # savepoint, head lock, check again, append, release
