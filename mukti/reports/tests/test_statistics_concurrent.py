"""Two FIRs of one district and month, registered at the same moment in two cases, over real
database connections: each transaction recomputes that month's row, and neither may write what it
computed before the other committed (a duplicate row, or a count without the other FIR). Every
such write also takes the audit chain's head lock, which serialises them already; the advisory
lock of ``monthly.groups_refresh`` guards a write path that would not be audited."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from mukti.cases import services as case_services
from mukti.core.fuzzydate import parse_when
from mukti.justice import services
from mukti.justice.models import LegalSection
from mukti.reports import monthly
from mukti.reports.models import StatisticsMonth

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_firs_of_one_month_at_once_are_both_counted(
    cast: Any, offices: Any, places: Any
) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent transactions")
    meera = cast["caseworker"]
    errors: list[BaseException] = []
    for round_ in range(4):
        cases = [
            case_services.case_open(
                actor=meera, title=f"At once {round_} {n}", district=places["n24"]
            )
            for n in range(2)
        ]
        barrier = threading.Barrier(2)

        def register(case: Any, number: str, when: str, barrier: threading.Barrier) -> None:
            try:
                barrier.wait()
                services.fir_register(
                    actor=meera, case=case, police_station=offices["ps"], number=number,
                    when=parse_when(when),
                    sections=LegalSection.objects.filter(act="ITPA")[:1],
                )  # fmt: skip
            except BaseException as error:  # anything fails the test below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [
            threading.Thread(
                target=register,
                args=(case, f"{round_}{n}/2024", f"{3 + round_} Feb 2024 10:00", barrier),
            )
            for n, case in enumerate(cases)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        row = StatisticsMonth.objects.get(district=places["n24"])
        assert row.firs == 2 * (round_ + 1)
        facts, rows = monthly.stored_facts(), monthly.stored_rows()
        monthly.rebuild()
        assert (monthly.stored_facts(), monthly.stored_rows()) == (facts, rows)
