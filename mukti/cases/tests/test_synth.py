from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from mukti.accounts.models import Role
from mukti.cases.models import (
    Case,
    CaseMember,
    CaseSearchText,
    CaseSurvivor,
    Event,
    ProtectedIdentity,
    ReferenceCounter,
    Sighting,
    Survivor,
    SurvivorKey,
)
from mukti.cases.names import survivor_digests
from mukti.cases.search import case_text, filter_cases
from mukti.cases.services import timeline_touched
from mukti.conftest import make_user
from mukti.deadlines.tests import test_lateness_monthly as lateness
from mukti.rescue.models import Engagement
from mukti.rescue.tests.test_responsiveness_monthly import rebuilt_rows, stored_rows
from mukti.site import synth
from mukti.site.synth import synthesise

pytestmark = pytest.mark.django_db


def test_synth_is_reproducible_and_searchable() -> None:
    make_user("admin", Role.ADMINISTRATOR)
    out = StringIO()
    call_command(
        "synth", "--cases", "30", "--seed", "7", "--batch", "10", stdout=out, stderr=StringIO()
    )
    assert "Created 30 cases" in out.getvalue()
    assert "90 requests to authorities" in out.getvalue()
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
    # The first case is the big one the benchmark opens; three requests to authorities each.
    assert events == 200 + 29 * 20 + 30 * 3
    assert Engagement.objects.count() == 90
    assert Sighting.objects.exists()
    assert CaseSearchText.objects.count() == 30
    survivor = Case.objects.order_by("id")[0].case_survivors.order_by("pk")[0].survivor
    assert (
        filter_cases(
            Case.objects.all(), survivor.pseudonym, organisation=survivor.organisation_id
        ).count()
        == 1
    )
    # The identity is encrypted at rest and reads back through the field.
    identity = ProtectedIdentity.objects.get(survivor=survivor)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT legal_name FROM cases_protectedidentity WHERE id = %s", [identity.pk]
        )
        stored = cursor.fetchone()[0]
    assert identity.legal_name and identity.legal_name not in stored

    Case.objects.all().delete()
    synthesise(cases=30, seed=7, batch=10)
    again = list(Case.objects.order_by("id").values_list("title", "priority", "opened_on"))
    assert again == first


def _derived() -> dict[str, Any]:
    return {
        "windows": sorted(CaseSurvivor.objects.values_list("pk", "located_at")),
        "engagements": sorted(
            Engagement.objects.values_list("pk", "asked_at", "asked_precise", "rescue_followed")
        ),
    }


def test_what_synth_derives_equals_the_services_recomputation() -> None:
    """The generator writes past the services, so it computes what they derive; a full
    recomputation by the services must change nothing."""
    make_user("admin", Role.ADMINISTRATOR)
    synthesise(cases=40, seed=11, batch=7, big_case_events=60, events_per_case=30)
    written = _derived()
    assert any(at is not None for _, at in written["windows"])  # the rule is exercised
    assert any(followed for *_, followed in written["engagements"])
    # The copy of the case's organisation on each request (the responsiveness indexes start
    # with it) is the case's.
    assert Engagement.objects.exists()
    assert not Engagement.objects.exclude(organisation=F("case__organisation")).exists()
    assert not CaseSearchText.objects.exclude(organisation=F("case__organisation")).exists()
    # The monthly responsiveness rows, built after the load, are a rebuild's ...
    months = stored_rows()
    assert months and months == rebuilt_rows()
    for case in Case.objects.all():
        stored = CaseSearchText.objects.get(case=case).text
        assert sorted(stored.split("\n")) == sorted(case_text(case).split("\n"))
        timeline_touched(case)
    assert _derived() == written
    assert stored_rows() == months  # ... and what the services keep
    # The clocks the recomputations made, and their monthly lateness rows, are a rebuild's.
    assert lateness.stored_rows() and lateness.stored_rows() == lateness.rebuilt_rows()
    keys: dict[int, set[str]] = {}
    for survivor_id, digest in SurvivorKey.objects.values_list("survivor_id", "digest"):
        keys.setdefault(survivor_id, set()).add(digest)
    for identity in ProtectedIdentity.objects.all():
        assert keys[identity.survivor_id] == survivor_digests(identity)


def test_cases_are_spread_over_organisations_each_with_its_own_staff() -> None:
    synthesise(cases=60, seed=5, organisations=3, big_case_events=0)
    by_organisation = {
        row["organisation_id"] for row in Case.objects.values("organisation_id").distinct()
    }
    assert len(by_organisation) == 3
    for case in Case.objects.select_related("lead"):
        assert case.lead.organisation_id == case.organisation_id
        assert (
            not CaseMember.objects.filter(case=case)
            .exclude(user__organisation_id=case.organisation_id)
            .exists()
        )
        assert not case.case_survivors.exclude(
            survivor__organisation_id=case.organisation_id
        ).exists()
    # A second run adds cases after the first ones, with fresh keys and references.
    synthesise(cases=5, seed=6, organisations=3, big_case_events=0)
    assert Case.objects.count() == 65
    last = Case.objects.order_by("-id").first()
    assert last is not None and last.reference == "SY-2000-000065"


def _schema() -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), "
            "convalidated::text FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
            "UNION ALL SELECT tablename, indexname, indexdef, '' FROM pg_indexes "
            "WHERE schemaname = 'public' ORDER BY 1, 2, 3, 4"
        )
        return cursor.fetchall()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bulk load is PostgreSQL's")
def test_a_bulk_load_puts_back_every_index_and_constraint(monkeypatch: Any) -> None:
    before = _schema()
    monkeypatch.setattr(synth, "FAST_LOAD_FROM", 10)
    made = synthesise(cases=12, seed=2, batch=5, big_case_events=0)
    assert made.cases == 12 and Case.objects.count() == 12
    assert _schema() == before

    # A failure half-way leaves the schema and the data as they were.
    def fail(done: int) -> None:
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        synthesise(cases=40, seed=3, batch=5, big_case_events=0, progress=fail)
    assert _schema() == before
    assert Case.objects.count() == 12


@pytest.mark.skipif(connection.vendor != "postgresql", reason="workers copy into PostgreSQL")
def test_worker_processes_make_the_same_data_as_one_process() -> None:
    def rows() -> list[Any]:
        return [
            list(Case.objects.order_by("id").values_list("id", "reference", "title", "lead_id")),
            list(Event.objects.order_by("id").values_list("id", "case_id", "type", "sort_at")),
            list(SurvivorKey.objects.order_by("id").values_list("id", "survivor_id", "digest")),
            list(Sighting.objects.order_by("id").values_list("id", "event_id", "survivor_id")),
            list(
                Engagement.objects.order_by("id").values_list("id", "event_id", "rescue_followed")
            ),
            list(CaseSurvivor.objects.order_by("id").values_list("id", "case_id", "located_at")),
            list(CaseSearchText.objects.order_by("case_id").values_list("case_id", "text")),
        ]

    def forget() -> None:
        Case.objects.all().delete()
        Survivor.objects.all().delete()
        ReferenceCounter.objects.filter(year=2000).update(last=0)

    made = synthesise(cases=25, seed=4, batch=4, big_case_events=50, workers=0)
    alone = rows()
    forget()
    assert synthesise(cases=25, seed=4, batch=4, big_case_events=50, workers=2) == made
    assert rows() == alone
    forget()
    assert synthesise(cases=25, seed=4, batch=7, big_case_events=50, workers=2) != made
