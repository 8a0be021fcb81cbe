"""The HTCDS export: the standard's names and values, stable pseudonymous identifiers, accused
people without identity, and docs/htcds.md listing every field."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import override_settings

from mukti.accounts.models import User
from mukti.exports import htcds, services
from mukti.exports.tests.conftest import OTHER, PARTNER

DOCS = Path(__file__).resolve().parents[3] / "docs" / "htcds.md"


def test_every_value_exported_is_in_the_standards_picklist() -> None:
    mapped = {
        "prs_Gender": htcds.GENDER.values(),
        "vic_TypeOfExploitation": htcds.EXPLOITATION.values(),
        "per_RoleInProcess": htcds.ROLE_IN_PROCESS.values(),
        "cas_Status": [*htcds.CASE_STATUS.values(), "Active"],
        "hte_Type": htcds.EVENT_TYPE.values(),
    }
    for name, values in mapped.items():
        assert set(values) <= htcds.PICKLISTS[name], name


def test_every_mukti_value_has_a_mapping() -> None:
    from mukti.cases.models import CaseStatus, Exploitation, Gender
    from mukti.justice.models import AccusedRole

    assert set(Gender.values) == set(htcds.GENDER)
    assert set(Exploitation.values) == set(htcds.EXPLOITATION)
    assert set(AccusedRole.values) == set(htcds.ROLE_IN_PROCESS)
    assert set(htcds.CASE_STATUS) <= set(CaseStatus.values)


def test_the_tables_have_the_standards_prefixes_and_no_deprecated_column() -> None:
    prefixes = {
        htcds.Table.PERSON: "prs_",
        htcds.Table.VICTIM: "vic_",
        htcds.Table.PERPETRATOR: "per_",
        htcds.Table.EVENTS: "hte_",
        htcds.Table.CASE: "cas_",
    }
    for table, prefix in prefixes.items():
        fields = [c for c in htcds.columns(table) if not c.startswith("mukti_")]
        assert fields and all(c.startswith(prefix) for c in fields)
    assert "vic_Vulnerabilities" not in htcds.columns(htcds.Table.VICTIM)


def test_docs_list_every_field_with_its_source() -> None:
    text = DOCS.read_text()
    for field in htcds.FIELDS:
        line = next((x for x in text.splitlines() if f"`{field.name}`" in x), None)
        assert line is not None, field.name
        assert str(field.use) in line, field.name


@pytest.mark.django_db
def test_identifiers_are_stable_keyed_and_differ_between_partners(
    caseload: SimpleNamespace, cast: dict[str, User]
) -> None:
    organisation = cast["data_officer"].organisation
    survivor = caseload.consented[0]
    one = services.htcds_export(actor=None, organisation=organisation, partner=PARTNER, fmt="json")
    two = services.htcds_export(actor=None, organisation=organisation, partner=PARTNER, fmt="json")
    assert json.loads(one.body)["tables"] == json.loads(two.body)["tables"]
    mine = services.person_id(survivor, PARTNER)
    assert re.fullmatch(r"P-[0-9a-f]{24}", mine)
    assert services.person_id(survivor, OTHER) != mine
    with override_settings(MUKTI_EXPORT_ID_KEY="another key entirely, of enough length"):
        assert services.person_id(survivor, PARTNER) != mine


@pytest.mark.django_db
def test_the_accused_appear_with_a_role_and_nothing_that_says_who_they_are(
    justice_records: Any, caseload: SimpleNamespace, cast: dict[str, User]
) -> None:
    export = services.htcds_export(
        actor=None, organisation=cast["data_officer"].organisation, partner=PARTNER, fmt="json"
    )
    tables = json.loads(export.body)["tables"]
    perpetrators = tables["Person Perpetrator Context"]
    assert [(r["per_RoleInProcess"], r["per_RoleDetails"]) for r in perpetrators] == [
        ("Exploiter", None)
    ]
    accused_id = perpetrators[0]["mukti_PersonId"]
    assert accused_id.startswith("A-")
    person = next(r for r in tables["Person"] if r["mukti_PersonId"] == accused_id)
    assert {k for k, v in person.items() if v} == {"mukti_PersonId"}
    assert "Bapi" not in export.body.decode()
    assert "217/2024" not in export.body.decode()


@pytest.mark.django_db
def test_the_tables_carry_what_mukti_records_in_the_standards_words(
    caseload: SimpleNamespace, cast: dict[str, User]
) -> None:
    export = services.htcds_export(
        actor=None, organisation=cast["data_officer"].organisation, partner=PARTNER, fmt="zip"
    )
    with zipfile.ZipFile(io.BytesIO(export.body)) as archive:
        assert sorted(archive.namelist()) == sorted([*htcds.FILES.values(), "README.txt"])
        person = archive.read("Person.csv").decode()
        victim = archive.read("PersonVictimContext.csv").decode()
        events = archive.read("HistoricTraffickingEvents.csv").decode()
        case = archive.read("Case.csv").decode()
    assert person.splitlines()[0] == ",".join(htcds.columns(htcds.Table.PERSON))
    assert person.count("Feminine,") == 11 and person.count(",BD,") == 11
    # Offence on 2 Mar 2024, aged 22 when her age was told (today): her age then.
    assert victim.count(",SexualExploitation,") == 11
    lines = events.splitlines()
    assert len(lines) == 2  # the header and her "trafficked" event; not the refused one's
    assert lines[1].split(",")[-3:] == ["2024-03-02", "Recruitment", ""]
    assert case.splitlines()[1].split(",")[1] == "Active"
