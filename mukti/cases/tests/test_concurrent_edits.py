"""Two people save the same case at the same moment, over real database connections.

The two transactions truly overlap on PostgreSQL and the row lock in ``tracked_update`` decides:
the second save must be refused with the version message, never silently overwrite the first.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases import services
from mukti.cases.models import Case
from mukti.core.errors import ApplicationError

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_people_saving_one_case_at_once_lose_no_update(case: Case, cast: Any) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        # The test database on SQLite is in memory with a shared cache, where a second writer
        # fails at once ("table is locked") instead of waiting as it does on the file.
        pytest.skip("needs PostgreSQL's concurrent transactions")
    version = Case.objects.get(pk=case.pk).version
    barrier = threading.Barrier(2)
    saved: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def save(actor: Any, title: str) -> None:
        try:
            mine = Case.objects.get(pk=case.pk)  # each loaded the form at the same version
            barrier.wait()
            services.case_update(actor=actor, case=mine, expected_version=version, title=title)
            saved.append(title)
        except ApplicationError as error:
            refused.append(error.message)
        except BaseException as error:  # anything else fails the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(cast["caseworker"], "Held at the Rajbari house")),
        threading.Thread(target=save, args=(cast["supervisor"], "Held at the brick kiln")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(saved) == 1 and len(refused) == 1
    assert "was changed by" in refused[0] and "while you were editing it" in refused[0]
    final = Case.objects.get(pk=case.pk)
    assert final.title == saved[0]
    assert final.version == version + 1
    updates = AuditRecord.objects.filter(
        action=AuditAction.UPDATE, object_type="cases.case", object_id=str(case.pk)
    )
    assert [r.changes["title"][1] for r in updates if "title" in r.changes] == saved
