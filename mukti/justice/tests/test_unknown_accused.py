"""An accused whose name is not known: described instead, never matched by an empty name, named
later by a correction."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases import services as case_services
from mukti.cases.models import Case
from mukti.justice import services
from mukti.justice.models import Accused, AccusedKey, CaseAccused

pytestmark = pytest.mark.django_db


def _url(name: str, *args: Any) -> str:
    return reverse(f"justice:{name}", args=args)


UNKNOWN_MAN = {"name": "", "description": "man", "approximate_age": "30", "role": "brothel_keeper"}


def test_an_accused_without_a_name_is_recorded_from_his_description_and_shown_as_unknown(
    client_as: Any, case: Case
) -> None:
    client = client_as("caseworker")
    response = client.post(_url("accused-add", case.reference), UNKNOWN_MAN)
    assert response.status_code == 302
    person = CaseAccused.objects.get(case=case).accused
    assert (person.name, person.description, person.approximate_age) == ("", "man", 30)
    assert not AccusedKey.objects.filter(accused=person).exists()
    page = client.get(_url("case-justice", case.reference)).text
    assert "Unknown (man, about 30, brothel keeper)" in page


def test_neither_a_name_nor_a_description_is_refused_in_plain_words_and_nothing_is_saved(
    client_as: Any, case: Case
) -> None:
    response = client_as("caseworker").post(
        _url("accused-add", case.reference),
        {"name": "  ", "description": "", "approximate_age": "30", "role": "manager"},
    )
    assert response.status_code == 200
    assert "Give his name or, if it is not known, describe him" in response.text
    assert not Accused.objects.exists() and not CaseAccused.objects.exists()


def test_an_age_out_of_range_is_refused(client_as: Any, case: Case) -> None:
    response = client_as("caseworker").post(
        _url("accused-add", case.reference), {**UNKNOWN_MAN, "approximate_age": "300"}
    )
    assert response.status_code == 200 and not Accused.objects.exists()
    assert "Ensure this value is less than or equal to 110." in response.text


def test_two_unnamed_accused_are_never_offered_as_the_same_person(
    client_as: Any, case: Case, cast: Any
) -> None:
    client = client_as("caseworker")
    client.post(_url("accused-add", case.reference), UNKNOWN_MAN)
    second = client.post(
        _url("accused-add", case.reference),
        {"name": "", "description": "young man at the door", "role": "other"},
    )
    assert second.status_code == 302 and "The same person as" not in second.text
    assert CaseAccused.objects.filter(case=case).count() == 2
    assert services.accused_matches(user=cast["caseworker"], name="") == []


def test_unknown_typed_as_a_name_is_no_name_and_matches_nobody(
    client_as: Any, case: Case, cast: Any
) -> None:
    client = client_as("caseworker")
    client.post(_url("accused-add", case.reference), {**UNKNOWN_MAN, "name": "Unknown"})
    again = client.post(
        _url("accused-add", case.reference),
        {"name": "unknown.", "description": "driver", "role": "transporter"},
    )
    assert again.status_code == 302 and "The same person as" not in again.text
    assert set(Accused.objects.values_list("name", flat=True)) == {""}
    assert not AccusedKey.objects.exists()
    refused = client.post(
        _url("accused-add", case.reference), {"name": "N/A", "description": "", "role": "other"}
    )
    assert "describe him" in refused.text and Accused.objects.count() == 2


def test_his_name_is_added_later_by_a_correction_and_he_is_then_matched_by_it(
    client_as: Any, case: Case, cast: Any
) -> None:
    client = client_as("caseworker")
    client.post(_url("accused-add", case.reference), UNKNOWN_MAN)
    person = Accused.objects.get()
    url = _url("accused-edit", case.reference, person.pk)
    form = client.get(url)
    assert form.status_code == 200 and 'value="man"' in form.text
    response = client.post(
        url,
        {"name": "Bablu Sheikh", "description": "man", "approximate_age": "30",
         "role": "manager", "version": person.version},
    )  # fmt: skip
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Bablu Sheikh" and person.version == 2
    assert CaseAccused.objects.get(case=case).role == "manager"
    found = services.accused_matches(user=cast["caseworker"], name="bablu sheikh")
    assert [a.pk for a in found] == [person.pk]
    page = client.get(_url("case-justice", case.reference)).text
    assert "Bablu Sheikh" in page and "Unknown (" not in page
    record = AuditRecord.objects.filter(action=AuditAction.UPDATE, object_id=str(person.pk)).last()
    assert record is not None and "Bablu" not in str(record.changes)  # the log never names him


def test_a_correction_from_an_older_form_is_refused_as_a_conflict(
    client_as: Any, case: Case, cast: Any
) -> None:
    link = services.accused_add(actor=cast["caseworker"], case=case, role="other",
                                description="man")  # fmt: skip
    stale = link.accused.version
    services.accused_update(
        actor=cast["caseworker"], case=case, accused=link.accused, expected_version=stale,
        role="other", description="man, limps",
    )  # fmt: skip
    response = client_as("caseworker").post(
        _url("accused-edit", case.reference, link.accused_id),
        {"name": "Bablu", "description": "man", "role": "other", "version": stale},
    )
    assert response.status_code == 200 and "while you were editing it" in response.text
    link.accused.refresh_from_db()
    assert (link.accused.name, link.accused.description) == ("", "man, limps")


def test_removing_the_name_and_the_description_in_a_correction_is_refused(
    client_as: Any, case: Case, cast: Any
) -> None:
    link = services.accused_add(actor=cast["caseworker"], case=case, role="other", name="Bablu")
    response = client_as("caseworker").post(
        _url("accused-edit", case.reference, link.accused_id),
        {"name": "", "description": "", "role": "other", "version": link.accused.version},
    )
    assert "describe him" in response.text
    link.accused.refresh_from_db()
    assert link.accused.name == "Bablu"
    assert AccusedKey.objects.filter(accused=link.accused).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("other_caseworker", 404), ("aftercare_officer", 403), ("data_officer", 403)],
)
def test_only_the_legal_side_of_the_team_corrects_an_accused(
    client_as: Any, case: Case, cast: Any, role: str, status: int
) -> None:
    link = services.accused_add(actor=cast["caseworker"], case=case, role="other",
                                description="man")  # fmt: skip
    response = client_as(role).post(
        _url("accused-edit", case.reference, link.accused_id),
        {"name": "Bablu", "description": "man", "role": "other", "version": 1},
    )
    assert response.status_code == status
    link.accused.refresh_from_db()
    assert link.accused.name == ""


def test_an_accused_of_another_case_cannot_be_corrected_through_this_one(
    client_as: Any, case: Case, cast: Any
) -> None:
    other = case_services.case_open(actor=cast["caseworker"], title="Another")
    theirs = services.accused_add(actor=cast["caseworker"], case=other, role="other",
                                  description="man")  # fmt: skip
    response = client_as("caseworker").get(_url("accused-edit", case.reference, theirs.accused_id))
    assert response.status_code == 404


def test_the_case_report_shows_an_unknown_accused_by_his_description(case: Case, cast: Any) -> None:
    from mukti.reports.selectors import case_report

    services.accused_add(actor=cast["caseworker"], case=case, role="brothel_keeper",
                         description="man", approximate_age=30)  # fmt: skip
    report = case_report(case=case, user=cast["caseworker"])
    assert report.justice is not None
    assert [row.link.label for row in report.justice.accused] == [
        "Unknown (man, about 30, brothel keeper)"
    ]


def test_the_migration_drops_the_keys_of_names_typed_as_unknown_before(
    case: Case, cast: Any
) -> None:
    import importlib

    from mukti.core.crypto import blind_index
    from mukti.justice import keys

    migration = importlib.import_module(
        "mukti.justice.migrations.0006_drop_blind_indexes_of_placeholder_names"
    )
    assert set(migration.PLACEHOLDER_NAMES) == keys.PLACEHOLDER_NAMES
    old = Accused.objects.create(name="Unknown", description="")
    AccusedKey.objects.create(accused=old, digest=blind_index(keys.NAME, "unknown"))
    named = services.accused_add(actor=cast["caseworker"], case=case, role="other", name="Bablu")

    from django.apps import apps

    migration.drop_placeholder_keys(apps, None)
    assert not AccusedKey.objects.filter(accused=old).exists()
    assert AccusedKey.objects.filter(accused=named.accused).exists()
