"""The standard exports (HTCDS zip and JSON, the anonymised CTDC-shaped dataset) on the synthetic
caseload: nine survivors in ten get a data-sharing consent naming the bench partner, then each
export is timed through its service and through the page (a synchronous download)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from typing import Any

from bench.cases import prepare

PARTNER = "Bench Partner"
__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=1)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/mukti_bench")


def _consent_everyone(supervisor: Any) -> None:
    from django.db import connection

    from mukti.care.models import Consent, ConsentPurpose
    from mukti.cases.models import CaseSurvivor

    Consent.objects.filter(partner=PARTNER).delete()
    links = CaseSurvivor.objects.order_by("survivor_id", "case_id").values_list(
        "survivor_id", "case_id"
    )
    seen: set[int] = set()
    consents = []
    for survivor_id, case_id in links:
        if survivor_id in seen or survivor_id % 10 == 0:  # one in ten has not consented
            continue
        seen.add(survivor_id)
        consents.append(
            Consent(
                case_id=case_id,
                survivor_id=survivor_id,
                purpose=ConsentPurpose.DATA_SHARING,
                partner=PARTNER,
                given_on=dt.date(2024, 1, 1),
                recorded_by=supervisor,
            )
        )
    Consent.objects.bulk_create(consents, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def run(args: argparse.Namespace) -> int:
    supervisor = prepare(args, data_dir="bench-exports")
    from django.test import Client

    from mukti.accounts.models import Role, User
    from mukti.accounts.testing import sign_in
    from mukti.cases.models import Case, Survivor
    from mukti.exports import ctdc, services

    _consent_everyone(supervisor)
    organisation = supervisor.organisation
    officer, _ = User.objects.get_or_create(
        username="bench-data-officer",
        defaults={"role": Role.DATA_OFFICER, "organisation": organisation},
    )
    print(
        f"\nDatabase: {args.database}; {Case.objects.count():,} cases, "
        f"{Survivor.objects.count():,} survivors."
    )
    for label, call in (
        ("HTCDS zip (service)", lambda: services.htcds_export(
            actor=officer, organisation=organisation, partner=PARTNER, fmt="zip")),
        ("HTCDS JSON (service)", lambda: services.htcds_export(
            actor=officer, organisation=organisation, partner=PARTNER, fmt="json")),
        ("CTDC dataset (service)", lambda: services.dataset_export(
            actor=officer, organisation=organisation, partner=PARTNER)),
    ):  # fmt: skip
        started, cpu = time.perf_counter(), time.process_time()
        export = call()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        extra = ""
        if label.startswith("CTDC"):
            check = ctdc.check(export.body.decode())
            extra = (
                f"; generalised {export.generalised:,}, suppressed {export.suppressed:,}, "
                f"smallest group {check.smallest}"
            )
        print(
            f"{label:26} {seconds:6.1f} s (CPU {cpu:5.1f} s)  {len(export.body) / 1e6:6.1f} MB  "
            f"{export.survivors:,} survivors, {export.left_out:,} left out; rows {export.rows}"
            f"{extra}"
        )
    client = Client()
    sign_in(client, officer)
    for kind in ("htcds_zip", "ctdc"):
        started = time.perf_counter()
        response = client.post("/exports/", {"partner": PARTNER, "kind": kind, "download": ""})
        assert response.status_code == 200 and response.get("Content-Disposition"), kind
        print(f"page download, {kind:12} {time.perf_counter() - started:6.1f} s")
    print(f"Load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores.")
    return 0
