from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_administrator_sees_who_changed_a_case_but_not_its_content(
    client_as: Any, case: Any
) -> None:
    survivor = case.case_survivors.get().survivor
    client_as("caseworker").post(
        reverse("cases:survivor-reveal", args=[case.reference, survivor.pk]),
        {"reason": "Name needed for the FIR at Basirhat"},
    )
    admin_page = client_as("administrator").get(reverse("audit:list"))
    assert admin_page.status_code == 200
    assert "Protected identity" in admin_page.text and "meera" in admin_page.text
    assert "cases.protectedidentity" not in admin_page.text  # names, not model labels
    assert "Kusum" not in admin_page.text
    assert "Name needed for the FIR" not in admin_page.text
    assert "(case content withheld)" in admin_page.text
    supervisor_page = client_as("supervisor").get(reverse("audit:list"))
    assert "Name needed for the FIR at Basirhat" in supervisor_page.text


def test_the_audit_page_is_for_supervisors_and_administrators(client_as: Any) -> None:
    for role in ("caseworker", "legal_officer", "aftercare_officer", "data_officer"):
        assert client_as(role).get(reverse("audit:list")).status_code == 403


def test_a_supervisor_reviews_who_saw_a_survivors_identity_in_one_case(
    client_as: Any, case: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    survivor = case.case_survivors.get().survivor
    meera = client_as("caseworker")
    meera.post(
        reverse("cases:survivor-reveal", args=[case.reference, survivor.pk]),
        {"reason": "Name needed for the FIR at Basirhat"},
    )
    supervisor = client_as("supervisor")
    url = reverse("reports:case-access", args=[case.reference])
    with CaptureQueriesContext(connection) as first:
        page = supervisor.get(url)
    assert page.status_code == 200
    reveals = page.text.split('data-testid="reveals"')[1].split("</table>")[0]
    assert "meera" in reveals and "Name needed for the FIR at Basirhat" in reveals
    assert "Kusum" in reveals
    # More reveals and events add rows, not queries.
    for number in range(5):
        meera.post(
            reverse("cases:survivor-reveal", args=[case.reference, survivor.pk]),
            {"reason": f"Checking the spelling, call {number}"},
        )
    with CaptureQueriesContext(connection) as second:
        assert "call 4" in supervisor.get(url).text
    assert len(first.captured_queries) == len(second.captured_queries)
    # Only supervisors: caseworkers do not audit each other, the administrator reads no case.
    assert client_as("caseworker").get(url).status_code == 403
    assert client_as("administrator").get(url).status_code == 404
    assert "Access log" in supervisor.get(case.get_absolute_url()).text
    assert "Access log" not in meera.get(case.get_absolute_url()).text


# Models that are not case content, each for a reason; any other model must be withheld from
# administrators. A new model is case content unless it is added here with its reason.
NOT_CASE_CONTENT = {
    "accounts.user": "staff accounts are what administrators manage",
    "accounts.organisation": "an organisation's name is what its administrators manage",
    "accounts.loginfailure": "sign-in throttling",
    "accounts.authenticator": "a staff member's second factor",
    "accounts.recoverycode": "a staff member's recovery code (hashed)",
    "accounts.recoverycodes": "a staff member's set of recovery codes",
    "accounts.twofactorresetrequest": "account management awaiting approval",
    "api.apitoken": "a staff member's API token (hashed), which administrators may revoke",
    "audit.auditrecord": "the log itself",
    "audit.audithead": "the log's hash chain",
    "cases.referencecounter": "the next case number of a year",
    "deadlines.rulesetting": "rules are administrators' work",
    "deadlines.clockrebuild": "a maintenance request",
    "deadlines.latenessmonth": "counts per rule, lead and month, derived from the clocks and "
    "never written by a person, so never in the log",
    "directory.jurisdiction": "the shared directory",
    "directory.office": "the shared directory",
    "directory.official": "the shared directory",
    "justice.legalsection": "the text of the law",
    "reports.statisticsmonth": "the statistics per district and month, summed from each case's "
    "facts and never written by a person, so never in the log",
    "rescue.responsivenessmonth": "counts per office and month, derived from the requests and "
    "never written by a person, so never in the log",
    "sharing.linkfailure": "throttling of wrong packet links and codes (an address and a time)",
}


def test_every_model_is_case_content_unless_it_says_why_not() -> None:
    from django.apps import apps

    from mukti.audit.selectors import case_content_types

    models = {m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("mukti.")}
    assert models - case_content_types() == set(NOT_CASE_CONTENT)


def test_no_care_justice_or_intake_record_is_shown_to_an_administrator(
    client_as: Any, case: Any, care_records: Any, justice_records: Any, rescue_records: Any,
    draft: Any,
) -> None:  # fmt: skip
    from mukti.audit.models import AuditRecord
    from mukti.audit.selectors import is_case_content

    page = client_as("administrator").get(reverse("audit:list") + "?page=1").text
    for content in ("Bapi Mondal", "217/2024", "Black phone", "DLSA", "300000", "Kusum",
                    "Aashray", "examination", "Petrapole"):  # fmt: skip
        assert content not in page
    kinds = set(AuditRecord.objects.values_list("object_type", flat=True))
    assert {"justice.accused", "justice.fir", "care.placement", "care.medicalcare"} <= kinds
    for record in AuditRecord.objects.exclude(object_type__in=NOT_CASE_CONTENT):
        assert is_case_content(record), record.object_type
    # A supervisor, who reads case content, sees it (an accused by his record's number: the log
    # is plain text and never names him).
    supervisor = client_as("supervisor").get(reverse("audit:list") + "?object_type=justice.accused")
    assert f"accused #{justice_records.accused.pk}" in supervisor.text
    assert "Bapi Mondal" not in supervisor.text
    evidence = client_as("supervisor").get(
        reverse("audit:list") + "?object_type=justice.evidenceitem"
    )
    assert "Black phone" in evidence.text


def test_the_log_names_records_and_fields_in_words_with_before_and_after(
    client_as: Any, case: Any, cast: Any
) -> None:
    from mukti.cases import services

    services.case_update(actor=cast["caseworker"], case=case, expected_version=None, priority=1)
    survivor = case.case_survivors.get().survivor
    client_as("caseworker").post(
        reverse("cases:survivor-reveal", args=[case.reference, survivor.pk]),
        {"reason": "Name needed for the FIR at Basirhat"},
    )
    page = client_as("supervisor").get(reverse("audit:list")).text
    assert "cases.event" not in page and "occurred_at" not in page and "sort_at" not in page
    assert "Event #" in page and "What happened" in page  # verbose names and field labels
    assert "Priority</span>: Normal → Low" in page
    assert "→" in page
    # Protected values say they changed, never what they were.
    assert "Rokeya" not in page and "[protected]" not in page
    assert "changed; protected, not shown" in page
