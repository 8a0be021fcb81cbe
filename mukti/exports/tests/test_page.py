"""The data-sharing page: who may use it, what it records in the audit log, what an export with
nothing consented looks like, and that it keeps to one organisation."""

from __future__ import annotations

import csv
import io
import zipfile
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mukti.accounts.models import Organisation, Role, User
from mukti.accounts.testing import sign_in
from mukti.audit.models import AuditRecord
from mukti.conftest import make_user
from mukti.exports import htcds, services
from mukti.exports.tests.conftest import OTHER, PARTNER

pytestmark = pytest.mark.django_db
URL = "/exports/"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("data_officer", 200),
        ("supervisor", 200),
        ("caseworker", 403),
        ("legal_officer", 403),
        ("aftercare_officer", 403),
        ("administrator", 403),
    ],
)
def test_only_data_officers_and_supervisors_may_export(
    role: str, status: int, client_as: Any
) -> None:
    assert reverse("exports:index") == URL
    assert client_as(role).get(URL).status_code == status
    response = client_as(role).post(URL, {"partner": PARTNER, "kind": "htcds_zip", "download": ""})
    assert response.status_code == status


def test_anonymous_people_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_partners_offered_are_those_named_in_consents_and_the_page_explains_the_rule(
    caseload: SimpleNamespace, client_as: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_as("data_officer")
    with django_assert_max_num_queries(12):
        page = client.get(URL).text
    assert f'<option value="{PARTNER}">' in page
    assert f'<option value="{OTHER}">' in page
    assert "data-sharing consent, in force today, names that partner" in page
    assert "Legal Name" not in page


def test_a_download_is_audited_with_its_filter_rows_and_consent_basis(
    caseload: SimpleNamespace, client_as: Any, cast: dict[str, User]
) -> None:
    client = client_as("data_officer")
    client.post(URL, {"partner": PARTNER, "kind": "htcds_json", "download": ""})
    client.post(URL, {"partner": PARTNER, "kind": "ctdc", "download": ""})
    records = list(AuditRecord.objects.filter(action="export").order_by("seq"))
    assert [r.object_type for r in records] == ["exports.htcds", "exports.ctdc"]
    first, second = records
    assert first.actor == cast["data_officer"]
    assert first.changes["format"] == "json"
    assert first.changes["filters"] == {
        "organisation": "Sundarban Rescue Network",
        "partner": PARTNER,
    }
    assert first.changes["rows"]["Person"] == 11
    assert first.changes["survivors"] == 11
    assert first.changes["left_out_without_consent"] == len(caseload.refused)
    assert first.changes["consent_basis"].startswith("data_sharing consent in force on ")
    assert first.changes["consent_basis"].endswith(f"naming {PARTNER}")
    assert second.changes["rows"] == {"dataset": 11}
    assert (second.changes["k"], second.changes["suppressed"]) == (11, 0)


def test_checking_first_exports_and_audits_nothing(
    caseload: SimpleNamespace, client_as: Any
) -> None:
    response = client_as("data_officer").post(
        URL, {"partner": PARTNER, "kind": "ctdc", "check": ""}
    )
    assert response["Content-Type"].startswith("text/html")
    assert "Rows suppressed (group still under 11)" in response.text
    assert not AuditRecord.objects.filter(action="export").exists()


def test_a_partner_nobody_named_is_refused_with_a_reason(
    caseload: SimpleNamespace, client_as: Any
) -> None:
    response = client_as("data_officer").post(
        URL, {"partner": "Someone Else", "kind": "htcds_zip", "download": ""}
    )
    assert response["Content-Type"].startswith("text/html")
    assert "Select a valid choice" in response.text
    assert not AuditRecord.objects.filter(action="export").exists()


def test_an_export_with_nothing_consented_is_an_empty_file_that_says_so(
    case: Any, cast: dict[str, User]
) -> None:
    export = services.htcds_export(
        actor=cast["data_officer"], organisation=cast["data_officer"].organisation, partner=PARTNER
    )
    with zipfile.ZipFile(io.BytesIO(export.body)) as archive:
        readme = archive.read("README.txt").decode()
        assert "nothing about anyone may be shared with them" in readme
        for table, name in htcds.FILES.items():
            rows = list(csv.reader(io.StringIO(archive.read(name).decode())))
            assert rows == [htcds.columns(table)]
    assert (export.survivors, export.left_out) == (0, 1)
    assert AuditRecord.objects.get(action="export").changes["survivors"] == 0


def test_the_export_reads_a_constant_number_of_queries(
    caseload: SimpleNamespace, cast: dict[str, User]
) -> None:
    organisation = cast["data_officer"].organisation

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            services.htcds_export(actor=None, organisation=organisation, partner=PARTNER)
            services.dataset_export(actor=None, organisation=organisation, partner=PARTNER)
        return len(queries)

    before = count()
    from mukti.care import services as care
    from mukti.cases import services as cases

    meera = cast["caseworker"]
    for n in range(5):
        survivor = cases.survivor_add(
            actor=meera, case=caseload.case, pseudonym=f"more-{n}", nationality="BD"
        )
        care.consent_record(
            actor=meera, case=caseload.case, survivor=survivor, purpose="data_sharing",
            given_on=__import__("datetime").date(2024, 5, 2), partner=PARTNER,
        )  # fmt: skip
    assert count() == before


def test_another_organisation_exports_nothing_of_ours(
    caseload: SimpleNamespace, cast: dict[str, User]
) -> None:
    partner_org = Organisation.objects.create(name="Jessore Reintegration Trust")
    theirs = make_user("nasrin", Role.DATA_OFFICER, organisation=partner_org)
    client = Client()
    sign_in(client, theirs)
    page = client.get(URL).text
    # The partner names of our consents are ours too: not offered to them.
    assert f'<option value="{PARTNER}">' not in page
    assert OTHER not in page
    refused = client.post(URL, {"partner": PARTNER, "kind": "htcds_zip", "download": ""})
    assert "Select a valid choice" in refused.text
    export = services.htcds_export(actor=theirs, organisation=partner_org, partner=PARTNER)
    assert export.survivors == 0
    assert export.rows == {str(t): 0 for t in htcds.Table}
    dataset = services.dataset_export(actor=theirs, organisation=partner_org, partner=PARTNER)
    assert dataset.rows == {"dataset": 0}
