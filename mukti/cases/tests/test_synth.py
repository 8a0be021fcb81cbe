from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from mukti.accounts.models import Role
from mukti.cases.models import Case, CaseSearchText, Event, Sighting
from mukti.cases.search import filter_cases
from mukti.cases.synth import synthesise
from mukti.conftest import make_user

pytestmark = pytest.mark.django_db


def test_synth_is_reproducible_and_searchable() -> None:
    make_user("admin", Role.ADMINISTRATOR)
    out = StringIO()
    call_command(
        "synth", "--cases", "30", "--seed", "7", "--batch", "10", stdout=out, stderr=StringIO()
    )
    assert "Created 30 cases" in out.getvalue()
    assert "Planner statistics refreshed" in out.getvalue()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'cases_event'")
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'cases_event' LIMIT 1")
        row = cursor.fetchone()
    # The planner now knows how many events there are.
    assert row is not None and int(str(row[0]).split()[0].split(".")[0]) == Event.objects.count()
    first = list(Case.objects.order_by("id").values_list("title", "priority", "opened_on"))
    events = Event.objects.count()
    assert events == 200 + 29 * 20  # the first case is the big one the benchmark opens
    assert Sighting.objects.exists()
    assert CaseSearchText.objects.count() == 30
    survivor = Case.objects.order_by("id")[0].case_survivors.order_by("pk")[0].survivor
    assert filter_cases(Case.objects.all(), survivor.pseudonym).count() == 1

    Case.objects.all().delete()
    synthesise(cases=30, seed=7, batch=10)
    again = list(Case.objects.order_by("id").values_list("title", "priority", "opened_on"))
    assert again == first
