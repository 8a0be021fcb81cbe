"""Schemathesis against the live API: every operation with generated data, as a caseworker with a
read-and-write token. No answer may be a server error or differ from the OpenAPI description,
and afterwards no half-saved record may be left."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.db import connection
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mukti.accounts.models import User
from mukti.api.tests.conftest import make_token
from mukti.api.v1 import api
from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases.models import (
    AttemptOutcome,
    Case,
    Event,
    EventType,
    ProtectedIdentity,
    Survivor,
)
from mukti.directory.models import Office, Official
from mukti.rescue.models import Attempt, BroughtOut, Operation, OperationStatus

pytestmark = [pytest.mark.slow]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def fuzz_target(
    live_server: Any,
    transactional_db: None,
    cast: dict[str, User],
    case: Any,
    rescue_records: Any,
    offices: dict[str, Any],
    official: Any,
) -> Iterator[dict[str, Any]]:
    target: dict[str, Any] = {
        "url": live_server.url,
        "token": make_token(cast["caseworker"], write=True, name="fuzz"),
        "reference": case.reference,
        "survivor_id": case.case_survivors.get().survivor_id,
        "engagement_id": rescue_records.second.pk,  # the pending hop
        "operation_id": rescue_records.operation.pk,
        "office_id": offices["ps"].pk,
        "official_id": official.pk,
        "attempt_id": rescue_records.operation.attempts.order_by("pk").first().pk,
        "answers": [],
        # The directory's fixtures are made without the audit; what the API adds is audited.
        "existing": {
            "directory.office": {str(pk) for pk in Office.objects.values_list("pk", flat=True)},
            "directory.official": {str(pk) for pk in Official.objects.values_list("pk", flat=True)},
        },
    }
    yield target
    # Each operation was reached, not only refused: a read answered in full, a write at least
    # judged on its content (saved, or refused by a form or a service).
    reached = {200, 201} if target["answers"][0][1] == "GET" else {200, 201, 400, 409, 428}
    codes = [code for code, _method in target["answers"]]
    assert reached & set(codes), codes


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("MUKTI_FUZZ_EXAMPLES", "30")),
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_generated_request_as_described(
    case: Any, fuzz_target: dict[str, Any], settings: Any
) -> None:
    settings.MUKTI_API_RATE_PER_MINUTE = 100_000
    # Most requests name the real case (and survivor), so they reach the forms and services;
    # the others keep what the generator made up, and meet the 404s.
    params = case.path_parameters or {}
    if len(fuzz_target["answers"]) % 4:
        names = ("reference", "survivor_id", "engagement_id", "operation_id", "attempt_id",
                 "office_id", "official_id")  # fmt: skip
        for name in names:
            if name in params:
                params[name] = fuzz_target[name]
    token = f"Bearer {fuzz_target['token']}"
    response = case.call_and_validate(
        base_url=fuzz_target["url"], headers={"Authorization": token}, checks=CHECKS
    )
    if response.request.headers.get("Authorization") == token:
        # Schemathesis also tries requests without the token (401 is right for those); with it,
        # every request reaches the operation's own checks.
        assert response.status_code not in (401, 429), response.text
    fuzz_target["answers"].append((response.status_code, case.operation.method.upper()))
    # Nothing half-saved. Most requests are refused (a 400 for a field out of its range, a 404, a
    # 405) and write nothing: the rows of every table below are counted in one query, and the
    # records are looked at only when a count moved since the last request. Every write the API
    # makes is audited, so an update (which adds no row) moves the audit's count.
    seen = row_counts()
    if seen != fuzz_target.get("counts"):
        nothing_half_saved(fuzz_target)
        fuzz_target["counts"] = seen


COUNTED = (Case, Survivor, ProtectedIdentity, Event, Operation, Attempt, BroughtOut, Office,
           Official, AuditRecord)  # fmt: skip


def row_counts() -> tuple[int, ...]:
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in COUNTED)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return tuple(cursor.fetchone())


def nothing_half_saved(fuzz_target: dict[str, Any]) -> None:
    """Every case, survivor, event, operation and attempt has its audit record; every survivor
    her protected identity; every attempt its timeline entry, and an operation with a rescue
    among its attempts is marked succeeded."""
    for model, label in (
        (Case, "cases.case"),
        (Survivor, "cases.survivor"),
        (Event, "cases.event"),
        (Operation, "rescue.operation"),
        (Attempt, "rescue.attempt"),
        (Office, "directory.office"),
        (Official, "directory.official"),
    ):
        ids = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
        ids -= fuzz_target["existing"].get(label, set())
        audited = set(
            AuditRecord.objects.filter(
                action=AuditAction.CREATE, object_type=label, object_id__in=ids
            ).values_list("object_id", flat=True)
        )
        assert ids == audited, label
    assert ProtectedIdentity.objects.count() == Survivor.objects.count()
    assert not Attempt.objects.exclude(event__type=EventType.RESCUE_ATTEMPT).exists()
    rescued = Operation.objects.filter(attempts__event__outcome=AttemptOutcome.RESCUED)
    assert not rescued.exclude(status=OperationStatus.SUCCEEDED).exists()
    brought_out = sum(Attempt.objects.values_list("people_brought_out", flat=True))
    assert brought_out == BroughtOut.objects.count()
