"""Two arrests in one month, recorded at the same moment in two cases, over real database
connections: each transaction recomputes the rule's month of monthly lateness rows, and neither
may write what it computed before the other committed (a duplicate row, or a count without the
other clock). The audit chain's head lock, which every service takes, serialises them already;
the advisory lock of ``monthly.groups_refresh`` guards a write path that would not be audited."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from mukti.cases import services as case_services
from mukti.core.fuzzydate import parse_when
from mukti.deadlines.models import LatenessMonth
from mukti.deadlines.tests.test_lateness_monthly import rebuilt_rows, stored_rows

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_arrests_in_one_month_at_once_are_both_counted(cast: Any) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent transactions")
    meera = cast["caseworker"]
    errors: list[BaseException] = []
    for round_ in range(4):
        cases = [
            case_services.case_open(actor=meera, title=f"At once {round_} {n}") for n in range(2)
        ]
        barrier = threading.Barrier(2)

        def record(case: Any, when: str, barrier: threading.Barrier) -> None:
            try:
                barrier.wait()
                case_services.event_record(
                    actor=meera, case=case, type="arrest", when=parse_when(when)
                )
            except BaseException as error:  # anything fails the test below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [
            threading.Thread(
                target=record, args=(case, f"{3 + round_} Feb 2024 10:{n:02d}", barrier)
            )
            for n, case in enumerate(cases)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        row = LatenessMonth.objects.get(all_districts=True, rule="arrest_magistrate")
        assert len(row.open_late_due) + len(row.open_due) == 2 * (round_ + 1)
    assert stored_rows() == rebuilt_rows()
