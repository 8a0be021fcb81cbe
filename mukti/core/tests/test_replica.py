"""Reads go to the replica only when they may: a request that only reads, has not written and
is outside a transaction. Writes, what follows them, and the person who just wrote stay on the
primary.

The router's decisions are checked everywhere; the requests against a real second database alias
run where DATABASE_REPLICA_URL is set (CI's PostgreSQL run mirrors the test database with it).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mukti.accounts.models import User
from mukti.core import routers

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_reads_go_to_the_replica_only_while_the_request_may_and_never_inside_a_transaction() -> (
    None
):
    router = routers.ReplicaRouter()
    assert router.db_for_read(User) == "default"  # outside a request: the primary
    token = routers._replica_reads.set(True)
    try:
        assert router.db_for_read(User) == "replica"
        with transaction.atomic():
            assert router.db_for_read(User) == "default"
        assert router.db_for_read(User) == "replica"
        assert router.db_for_write(User) == "default"
        # After a write, the rest of the request reads the primary.
        assert router.db_for_read(User) == "default"
    finally:
        routers._replica_reads.reset(token)
    assert router.allow_migrate("replica", "cases") is False
    assert router.allow_migrate("default", "cases") is True


needs_replica = pytest.mark.skipif(
    not os.environ.get("DATABASE_REPLICA_URL"),
    reason="DATABASE_REPLICA_URL is not set (CI's PostgreSQL run sets it)",
)


@needs_replica
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_reading_request_reads_the_replica_a_writing_one_and_the_next_the_primary(
    client_as: Any, case: Any, settings: Any
) -> None:
    settings.MUKTI_READ_REPLICA = True
    meera = client_as("caseworker")
    replica, primary = connections["replica"], connections["default"]

    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(primary) as main:
        assert meera.get(reverse("cases:case-list")).status_code == 200
    assert len(on_replica) > 0
    assert not [q for q in main.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]

    # A form post reads and writes on the primary, and pins its author there for a while.
    with CaptureQueriesContext(replica) as on_replica:
        response = meera.post(
            reverse("cases:case-status", args=[case.reference]),
            {"status": "rescue_pending", "reason": "Located", "version": case.version},
        )
    assert response.status_code == 302
    assert len(on_replica) == 0
    assert routers.PIN_COOKIE in response.cookies
    with CaptureQueriesContext(replica) as on_replica:
        page = meera.get(case.get_absolute_url())
    assert page.status_code == 200 and len(on_replica) == 0

    # Once the pin has passed, reads go back to the replica.
    meera.cookies[routers.PIN_COOKIE] = "0"
    with CaptureQueriesContext(replica) as on_replica:
        assert meera.get(reverse("cases:case-list")).status_code == 200
    assert len(on_replica) > 0
