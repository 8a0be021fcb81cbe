from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from mukti.accounts.models import User
from mukti.audit.models import AuditAction, AuditRecord
from mukti.core.errors import ApplicationError
from mukti.directory import services
from mukti.directory.models import Jurisdiction, Office, Official

pytestmark = pytest.mark.django_db


def test_phone_numbers_are_normalised_to_international_form() -> None:
    assert services.phones_normalise(["98300 12345", "033-2552-1234", "+880 1711-000000"]) == [
        "+919830012345",
        "+913325521234",
        "+8801711000000",
    ]
    assert services.phones_normalise("98300 12345\n\n+91 98300 12345") == ["+919830012345"]


@pytest.mark.parametrize("bad", ["12345", "phone me", "+91 00000"])
def test_an_invalid_phone_number_is_refused_by_name(bad: str) -> None:
    with pytest.raises(ApplicationError, match=re.escape(f"“{bad}” is not a valid phone number")):
        services.phones_normalise([bad])


def test_a_jurisdiction_must_sit_under_the_right_kind(
    cast: dict[str, User], places: dict[str, Jurisdiction]
) -> None:
    admin = cast["administrator"]
    with pytest.raises(
        ApplicationError, match=r"^An outpost area cannot be placed inside a district"
    ) as error:
        services.jurisdiction_create(
            actor=admin, name="Stray outpost", kind="outpost", parent=places["n24"]
        )
    assert error.value.field == "parent"
    assert error.value.message.endswith("It belongs inside a police station area.")
    with pytest.raises(ApplicationError, match="must be placed inside another jurisdiction"):
        services.jurisdiction_create(actor=admin, name="Nowhere", kind="district", parent=None)
    assert not Jurisdiction.objects.filter(name__in=["Stray outpost", "Nowhere"]).exists()


def test_a_cycle_in_the_tree_is_refused(
    cast: dict[str, User], places: dict[str, Jurisdiction]
) -> None:
    with pytest.raises(ApplicationError, match="which is itself inside North 24 Parganas"):
        services.jurisdiction_update(
            actor=cast["administrator"],
            jurisdiction=places["n24"],
            expected_version=1,
            parent=places["basirhat"],
        )
    places["n24"].refresh_from_db()
    assert places["n24"].parent == places["wb"]


def test_changing_a_kind_is_refused_while_children_would_no_longer_fit(
    cast: dict[str, User], places: dict[str, Jurisdiction]
) -> None:
    with pytest.raises(
        ApplicationError, match=r"Basirhat PS area \(a police station area\) is inside it"
    ):
        services.jurisdiction_update(
            actor=cast["administrator"],
            jurisdiction=places["sub"],
            expected_version=1,
            kind="police_station",
            parent=places["basirhat"],
        )


def test_an_office_must_report_to_an_office_of_the_right_kind(
    cast: dict[str, User], places: dict[str, Jurisdiction], offices: dict[str, Office]
) -> None:
    with pytest.raises(ApplicationError, match="cannot report to a hospital") as error:
        services.office_create(
            actor=cast["caseworker"],
            name="Second outpost",
            kind="outpost",
            jurisdiction=places["outpost_area"],
            parent=offices["hospital"],
        )
    assert error.value.field == "parent"
    with pytest.raises(ApplicationError, match="does not report to another office"):
        services.office_create(
            actor=cast["caseworker"],
            name="Shelter",
            kind="shelter_home",
            jurisdiction=places["basirhat"],
            parent=offices["ps"],
        )
    assert not Office.objects.filter(name__in=["Second outpost", "Shelter"]).exists()


def test_an_office_must_serve_the_right_kind_of_area(
    cast: dict[str, User], places: dict[str, Jurisdiction]
) -> None:
    with pytest.raises(
        ApplicationError, match="A police station serves a police station area, not a district"
    ):
        services.office_create(
            actor=cast["caseworker"],
            name="Misplaced PS",
            kind="police_station",
            jurisdiction=places["n24"],
        )


def test_an_office_must_lie_inside_the_area_of_the_office_it_reports_to(
    cast: dict[str, User], places: dict[str, Jurisdiction], offices: dict[str, Office]
) -> None:
    elsewhere = Jurisdiction.objects.create(
        name="Barasat Police District", kind="police_district", parent=places["n24"]
    )
    barasat_sub = Jurisdiction.objects.create(
        name="Barasat Sadar Sub-division", kind="subdivision", parent=elsewhere
    )
    with pytest.raises(ApplicationError, match="is not inside Basirhat Police District"):
        services.office_create(
            actor=cast["caseworker"],
            name="SDPO Barasat",
            kind="sdpo_office",
            jurisdiction=barasat_sub,
            parent=offices["sp"],
        )


def test_an_office_cycle_is_refused(cast: dict[str, User], places: dict[str, Jurisdiction]) -> None:
    admin = cast["administrator"]
    a = services.office_create(actor=admin, name="A", kind="other", jurisdiction=places["n24"])
    b = services.office_create(
        actor=admin, name="B", kind="other", jurisdiction=places["n24"], parent=a
    )
    with pytest.raises(ApplicationError, match="A cannot report to B, which itself reports to A"):
        services.office_update(actor=admin, office=a, expected_version=1, parent=b)


def test_creating_an_official_writes_an_audit_record_in_the_same_transaction(
    cast: dict[str, User], offices: dict[str, Office]
) -> None:
    official = services.official_create(
        actor=cast["caseworker"],
        name="Ashok Halder",
        rank="si",
        office=offices["outpost"],
        phones=["90000 00208"],
    )
    assert official.phones == ["+919000000208"]
    record = AuditRecord.objects.get(action=AuditAction.CREATE, object_id=str(official.pk))
    assert record.object_type == "directory.official"
    assert record.actor == cast["caseworker"]
    assert record.changes["phones"] == [None, ["+919000000208"]]


def test_a_tenure_ending_before_it_starts_is_refused(
    cast: dict[str, User], offices: dict[str, Office]
) -> None:
    import datetime as dt

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="cannot be before its start"):
        services.official_create(
            actor=cast["caseworker"],
            name="Backwards",
            rank="si",
            office=offices["outpost"],
            tenure_start=dt.date(2024, 5, 1),
            tenure_end=dt.date(2024, 4, 1),
        )
    assert not Official.objects.filter(name="Backwards").exists()
    assert not AuditRecord.objects.exists()


def test_a_data_officer_cannot_write_even_through_the_service(
    cast: dict[str, User], offices: dict[str, Office]
) -> None:
    with pytest.raises(PermissionDenied):
        services.official_create(
            actor=cast["data_officer"], name="X", rank="si", office=offices["outpost"]
        )


def test_an_office_still_in_use_cannot_be_deleted(
    cast: dict[str, User], offices: dict[str, Office], official: Any
) -> None:
    with pytest.raises(ApplicationError, match="Rajbari Outpost cannot be deleted while"):
        services.office_delete(actor=cast["administrator"], office=offices["outpost"])
    assert Office.objects.filter(pk=offices["outpost"].pk).exists()
    assert not AuditRecord.objects.filter(action=AuditAction.DELETE).exists()


def test_deleting_an_unused_office_is_audited(
    cast: dict[str, User], offices: dict[str, Office]
) -> None:
    hospital = offices["hospital"]
    hospital_id = hospital.pk
    services.office_delete(actor=cast["supervisor"], office=hospital)
    record = AuditRecord.objects.get(action=AuditAction.DELETE)
    assert record.object_id == str(hospital_id)
    assert not Office.objects.filter(pk=hospital_id).exists()
    assert record.object_repr == "Basirhat District Hospital"
