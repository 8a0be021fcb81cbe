"""What the statistics page reads: the facts of each case and their monthly rows, kept by the
services, rebuilt by ``mukti rebuild_statistics`` and by the upgrade that adds them."""

from __future__ import annotations

import datetime as dt
import io
from importlib import import_module
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mukti.cases import services as cases
from mukti.cases.models import Case
from mukti.core.fuzzydate import parse_when
from mukti.reports import monthly
from mukti.reports.models import StatisticsFact, StatisticsMonth
from mukti.reports.statistics import Period, from_months, statistics_raw

pytestmark = pytest.mark.django_db

PERIODS = [Period(2024), Period(2024, 1), Period(2024, 2), Period(2025), Period(2025, 2)]


@pytest.fixture
def recorded(case: Case, rescue_records: Any, justice_records: Any) -> Case:
    """A case with a failed and a successful rescue, an FIR, an arrest and compensation."""
    return case


def test_the_rows_the_services_keep_are_the_records_counted(recorded: Case) -> None:
    assert StatisticsFact.objects.filter(case=recorded).count() >= 5
    measures = set(StatisticsFact.objects.values_list("measure", flat=True))
    assert {"rescued", "failed_attempt", "fir", "arrest", "awarded"} <= measures
    for period in PERIODS:
        assert from_months(period, recorded.organisation_id) == statistics_raw(
            period, recorded.organisation_id
        )
    counts, _derived = from_months(Period(2024), recorded.organisation_id)
    assert sum(counts["rescued"].values()) == 2 and sum(counts["firs"].values()) == 1


def test_the_page_reads_the_monthly_rows(client_as: Any, recorded: Case) -> None:
    client = client_as("data_officer")
    url = reverse("reports:statistics")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url, {"year": 2024})
    assert page.status_code == 200 and 'data-testid="statistics-empty"' not in page.text
    reads = [q["sql"] for q in ctx.captured_queries if "reports_statisticsmonth" in q["sql"]]
    assert len(reads) == 1
    assert not any("rescue_broughtout" in q["sql"] for q in ctx.captured_queries)
    # Rows removed behind the services' back: the page has nothing to show until a rebuild.
    StatisticsMonth.objects.all().delete()
    assert 'data-testid="statistics-empty"' in client.get(url, {"year": 2024}).text
    call_command("rebuild_statistics", stdout=io.StringIO(), stderr=io.StringIO())
    assert 'data-testid="statistics-empty"' not in client.get(url, {"year": 2024}).text


def test_a_change_that_counts_nothing_writes_no_statistics(
    recorded: Case, cast: dict[str, Any]
) -> None:
    before = monthly.stored_rows()
    with CaptureQueriesContext(connection) as ctx:
        cases.event_record(
            actor=cast["caseworker"], case=recorded, type="other", when=parse_when("3 Mar 2024"),
            note="Called the family.",
        )  # fmt: skip
    touched = [q["sql"] for q in ctx.captured_queries if "reports_statistics" in q["sql"]]
    assert len(touched) == 1 and touched[0].lstrip().upper().startswith("SELECT")
    assert monthly.stored_rows() == before


def test_moving_a_case_moves_its_figures_to_the_new_district(
    recorded: Case, cast: dict[str, Any], places: dict[str, Any]
) -> None:
    organisation = recorded.organisation_id
    cases.case_update(
        actor=cast["caseworker"], case=recorded, expected_version=None, district=places["n24"]
    )
    counts, _derived = from_months(Period(2024), organisation)
    assert set(counts["rescued"]) == {places["n24"].pk}
    assert set(StatisticsMonth.objects.values_list("district_id", flat=True)) == {places["n24"].pk}
    assert from_months(Period(2024), organisation) == statistics_raw(Period(2024), organisation)


def test_the_rebuild_command_restores_what_was_changed_behind_its_back(recorded: Case) -> None:
    facts, rows = monthly.stored_facts(), monthly.stored_rows()
    StatisticsFact.objects.filter(measure="rescued").delete()
    StatisticsMonth.objects.update(rescued=99)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "rebuild_statistics", "--organisation", str(recorded.organisation_id), stdout=out,
        stderr=err,
    )  # fmt: skip
    assert "Recomputed the monthly statistics of 1 organisation(s)" in out.getvalue()
    assert monthly.stored_facts() == facts and monthly.stored_rows() == rows


def test_the_upgrade_builds_them_from_the_records_already_there(recorded: Case) -> None:
    """The migration's build, with the models as they were at that migration."""
    build = import_module("mukti.reports.migrations.0001_initial").build
    facts, rows = monthly.stored_facts(), monthly.stored_rows()
    StatisticsFact.objects.all().delete()
    StatisticsMonth.objects.all().delete()
    state = MigrationExecutor(connection).loader.project_state(("reports", "0001_initial"))
    build(state.apps, None)
    assert monthly.stored_facts() == facts and monthly.stored_rows() == rows


def test_her_age_reaches_the_raid_that_brought_her_out_when_she_is_named_in_a_new_case(
    recorded: Case, cast: dict[str, Any]
) -> None:
    """The raid's case counts her among its people rescued (a minor or not), though she is a
    survivor of the new case only."""
    from mukti.cases.models import CaseSurvivor
    from mukti.rescue import services as rescue
    from mukti.rescue.models import BroughtOut

    described = BroughtOut.objects.get(attempt__operation__case=recorded, survivor__isnull=True)
    her = rescue.brought_out_add_to_case(
        actor=cast["caseworker"], brought_out=described, pseudonym="Tara", new_case=True,
        age_years=30, age_assessed_on=dt.date(2024, 1, 1),
    )  # fmt: skip
    organisation = recorded.organisation_id
    assert sum(from_months(Period(2024), organisation)[0]["minors"].values()) == 0
    cases.survivor_update(
        actor=cast["caseworker"], case=CaseSurvivor.objects.get(survivor=her).case, survivor=her,
        expected_version=None, age_years=15, age_assessed_on=dt.date(2024, 1, 1),
    )  # fmt: skip
    assert sum(from_months(Period(2024), organisation)[0]["minors"].values()) == 1
    assert from_months(Period(2024), organisation) == statistics_raw(Period(2024), organisation)
