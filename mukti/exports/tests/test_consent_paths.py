"""Every export path (the page's download and check, the command line, the services they call)
gives out a survivor only if her data-sharing consent in force names the partner: never one
without consent, with a withdrawn or expired one, or with one naming another partner."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mukti.accounts.models import User
from mukti.exports import ctdc, htcds, services
from mukti.exports.tests.conftest import PARTNER

pytestmark = pytest.mark.django_db


def person_ids(body: bytes, fmt: str) -> set[str]:
    if fmt == "json":
        tables = json.loads(body)["tables"]
        return {
            r["mukti_PersonId"] for rows in tables.values() for r in rows if r.get("mukti_PersonId")
        }
    found = set()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in htcds.FILES.values():
            for r in csv.DictReader(io.StringIO(archive.read(name).decode())):
                found.add(r.get("mukti_PersonId", ""))
    return {pid for pid in found if pid}


def assert_only_the_consented(body: bytes, fmt: str, load: SimpleNamespace) -> None:
    ids = person_ids(body, fmt)
    survivors = {pid for pid in ids if pid.startswith("P-")}
    assert survivors == {services.person_id(s, PARTNER) for s in load.consented}
    for refused in load.refused:
        assert services.person_id(refused, PARTNER) not in ids, refused.pseudonym
    text = body.decode() if fmt == "json" else ""
    if fmt == "zip":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            text = "".join(archive.read(n).decode() for n in archive.namelist())
    for survivor in [*load.consented, *load.refused]:
        assert survivor.pseudonym not in text
    assert "Legal Name" not in text


def assert_dataset_only_the_consented(body: bytes, load: SimpleNamespace) -> None:
    rows = list(csv.DictReader(line for line in io.StringIO(body.decode()) if line[0] != "#"))
    assert len(rows) == len(load.consented)
    assert {r["citizenship"] for r in rows} == {"BD"}


def test_the_services_give_out_only_the_consented(
    caseload: SimpleNamespace, cast: dict[str, User]
) -> None:
    organisation = cast["data_officer"].organisation
    for fmt in services.FORMATS:
        export = services.htcds_export(
            actor=cast["data_officer"], organisation=organisation, partner=PARTNER, fmt=fmt
        )
        assert_only_the_consented(export.body, fmt, caseload)
        assert export.survivors == 11
        assert export.left_out == len(caseload.refused)
    dataset = services.dataset_export(
        actor=cast["data_officer"], organisation=organisation, partner=PARTNER
    )
    assert_dataset_only_the_consented(dataset.body, caseload)
    assert (dataset.survivors, dataset.left_out) == (11, len(caseload.refused))


@pytest.mark.parametrize("role", ["data_officer", "supervisor"])
def test_the_page_gives_out_only_the_consented(
    role: str, caseload: SimpleNamespace, client_as: Any
) -> None:
    client: Client = client_as(role)
    url = reverse("exports:index")
    for kind, fmt in (("htcds_zip", "zip"), ("htcds_json", "json")):
        response = client.post(url, {"partner": PARTNER, "kind": kind, "download": ""})
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert_only_the_consented(response.content, fmt, caseload)
    response = client.post(url, {"partner": PARTNER, "kind": "ctdc", "download": ""})
    assert response["Content-Type"] == "text/csv"
    assert_dataset_only_the_consented(response.content, caseload)
    for kind in ("htcds_zip", "ctdc"):
        check = client.post(url, {"partner": PARTNER, "kind": kind, "check": ""})
        preview = check.context["preview"]
        assert (preview.survivors, preview.left_out) == (11, len(caseload.refused))


def test_the_command_line_gives_out_only_the_consented(
    caseload: SimpleNamespace, tmp_path: Path
) -> None:
    for fmt in services.FORMATS:
        out = tmp_path / f"htcds.{fmt}"
        call_command(
            "export", "htcds", partner=PARTNER, format=fmt, output=out, stdout=io.StringIO()
        )
        assert_only_the_consented(out.read_bytes(), fmt, caseload)
    out = tmp_path / "dataset.csv"
    printed = io.StringIO()
    call_command("export", "dataset", partner=PARTNER, output=out, stdout=printed)
    assert_dataset_only_the_consented(out.read_bytes(), caseload)
    assert "11 survivor(s) included, 45 left out" in printed.getvalue()
    assert ctdc.check(out.read_text()).satisfies(11)


def test_a_partner_named_in_other_case_is_the_same_partner(
    caseload: SimpleNamespace, cast: dict[str, User]
) -> None:
    export = services.htcds_export(
        actor=cast["data_officer"], organisation=cast["data_officer"].organisation,
        partner="  counter trafficking DATA collaborative ",
    )  # fmt: skip
    assert export.survivors == 11


def test_withdrawing_consent_stops_the_next_export(
    caseload: SimpleNamespace, cast: dict[str, User]
) -> None:
    import datetime as dt

    from mukti.care import services as care
    from mukti.care.models import Consent

    organisation = cast["data_officer"].organisation
    first = caseload.consented[0]
    before = services.htcds_export(actor=None, organisation=organisation, partner=PARTNER)
    assert services.person_id(first, PARTNER) in person_ids(before.body, "zip")
    consent = Consent.objects.get(survivor=first)
    care.consent_withdraw(
        actor=cast["caseworker"], consent=consent, withdrawn_on=dt.date.today(),
        expected_version=consent.version,
    )  # fmt: skip
    after = services.htcds_export(actor=None, organisation=organisation, partner=PARTNER)
    assert services.person_id(first, PARTNER) not in person_ids(after.body, "zip")
    assert after.survivors == 10
