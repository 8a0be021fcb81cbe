"""Care and justice records through the API: the pages' forms and services, each side of the
work for the roles that do it (a legal officer does not read care notes, an aftercare officer
not the legal file)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mukti.api import v1
from mukti.audit.models import AuditAction, AuditRecord
from mukti.care import views as care_views
from mukti.care.models import Consent, Placement
from mukti.cases.models import Case
from mukti.justice import views as justice_views
from mukti.justice.models import Fir, Hearing, LegalSection

pytestmark = pytest.mark.django_db
JSON = "application/json"
Api = Callable[..., Client]


def test_the_api_adds_the_records_the_pages_add_with_their_forms_and_services() -> None:
    assert {k: (f, s) for k, (f, s, _t) in care_views.RECORDS.items()} == v1.CARE_RECORDS
    pages = {k: (f, s) for k, (f, s, _t, _a) in justice_views.RECORDS.items()}
    assert pages == v1.JUSTICE_RECORDS


def test_care_is_read_and_recorded_by_care_staff_only(
    api_as: Api, case: Case, care_records: Any, shelters: dict[str, Any]
) -> None:
    url = reverse("api-v1:care-detail", args=[case.reference])
    mine = api_as("caseworker").get(url)
    assert mine.status_code == 200, mine.content
    [kusum] = mine.json()
    assert kusum["pseudonym"] == "Kusum"
    assert [p["id"] for p in kusum["placements"]] == [care_records.placement.pk]
    assert kusum["consents"][0]["purpose"] == "story"
    assert AuditRecord.objects.filter(action=AuditAction.READ, object_id=str(case.pk)).exists()
    # Farida is on the team, on its legal side: the care page is not hers, nor its records.
    assert api_as("legal_officer").get(url).status_code == 403
    record = reverse("api-v1:care-record", args=[case.reference, "consent"])
    refused = api_as("legal_officer").post(
        record, {"purpose": "media", "given_on": "2024-05-03"}, content_type=JSON
    )
    assert refused.status_code == 403
    assert Consent.objects.count() == 1


def test_a_care_record_refused_by_its_form_or_service_saves_nothing(
    api_as: Api, case: Case, care_records: Any, shelters: dict[str, Any]
) -> None:
    client = api_as("caseworker")
    url = reverse("api-v1:care-record", args=[case.reference, "placement"])
    unknown = client.post(url, {"when": "1 May 2024", "home": 999_999, "kind": "temporary"},
                          content_type=JSON)  # fmt: skip
    assert unknown.status_code == 400
    assert unknown.json()["error"]["fields"]["home"] == [
        "That office is not in the directory. Choose one from the list, or add it to the "
        "directory first."
    ]
    # She is still in the temporary shelter from 23 Apr: a second stay overlapping it is
    # refused by the care app's rule (its veto).
    overlap = client.post(
        url, {"when": "24 Apr 2024", "home": shelters["long_term"].pk, "kind": "long_term"},
        content_type=JSON,
    )  # fmt: skip
    assert overlap.status_code == 400, overlap.content
    assert Placement.objects.count() == 1
    made = client.post(
        reverse("api-v1:care-record", args=[case.reference, "consent"]),
        {"purpose": "data_sharing", "given_on": "2024-05-03", "partner": "Anandabazar"},
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    assert made.json()["kind"] == "consent" and made.json()["record"]["partner"] == "Anandabazar"
    assert Consent.objects.filter(pk=made.json()["id"], purpose="data_sharing").exists()
    bad_kind = client.post(
        reverse("api-v1:care-record", args=[case.reference, "party"]), {}, content_type=JSON
    )
    assert bad_kind.status_code in (400, 404)


def test_the_legal_file_is_read_and_recorded_by_the_legal_side_only(
    api_as: Api, case: Case, justice_records: Any, offices: dict[str, Any]
) -> None:
    url = reverse("api-v1:justice-detail", args=[case.reference])
    farida = api_as("legal_officer")
    file = farida.get(url)
    assert file.status_code == 200, file.content
    body = file.json()
    assert [f["number"] for f in body["firs"]] == ["217/2024"]
    assert body["accused"][0]["name"] == "Bapi Mondal"
    assert len(body["accused"][0]["arrests"]) == 1
    section = LegalSection.objects.get(act="IPC", number="370")
    fir = farida.post(
        reverse("api-v1:justice-record", args=[case.reference, "fir"]),
        {"police_station": offices["ps"].pk, "number": "218/2024", "when": "7 Mar 2024",
         "sections": [section.pk]},
        content_type=JSON,
    )  # fmt: skip
    assert fir.status_code == 201, fir.content
    assert Fir.objects.filter(number="218/2024").exists()
    no_court = farida.post(
        reverse("api-v1:justice-record", args=[case.reference, "hearing"]),
        {"court": offices["ps"].pk, "when": "1 Jul 2024", "purpose": "Charge"},
        content_type=JSON,
    )
    assert no_court.status_code == 400
    assert "court" in no_court.json()["error"]["fields"]
    assert not Hearing.objects.exists()


def test_an_aftercare_officer_on_the_team_does_not_see_the_legal_file(
    api_as: Api, cast: dict[str, Any], case: Case, justice_records: Any
) -> None:
    from mukti.cases.services import case_update

    case_update(
        actor=cast["caseworker"], case=case, expected_version=None,
        team=[cast["legal_officer"], cast["aftercare_officer"]],
    )  # fmt: skip
    client = api_as("aftercare_officer")
    assert client.get(reverse("api-v1:care-detail", args=[case.reference])).status_code == 200
    url = reverse("api-v1:justice-detail", args=[case.reference])
    assert client.get(url).status_code == 403
    other = api_as("other_caseworker")
    assert other.get(url).status_code == 404
