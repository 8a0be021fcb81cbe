from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mukti.cases import services
from mukti.cases.models import Case
from mukti.core.fuzzydate import parse_when
from mukti.deadlines.models import Clock
from mukti.deadlines.selectors import case_clocks

pytestmark = pytest.mark.django_db


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute, second))


def clock(case: Case, rule: str) -> Clock:
    return Clock.objects.get(case=case, rule=rule)


def at(*args: int) -> Any:
    """Record as if typed in at that local time (the night it happened, not years later)."""
    return time_machine.travel(local(*args), tick=False)


def test_an_arrest_starts_a_24_hour_clock_that_production_satisfies(case: Case, cast: Any) -> None:
    with at(2024, 3, 6, 23, 30):
        arrest = services.event_record(
            actor=cast["caseworker"], case=case, type="arrest",
            when=parse_when("6 Mar 2024 23:15"),
        )  # fmt: skip
    c = clock(case, "arrest_magistrate")
    assert (c.started_at, c.due_at) == (local(2024, 3, 6, 23, 15), local(2024, 3, 7, 23, 15))
    assert c.state == "breached"  # nobody recorded a production
    services.event_record(
        actor=cast["caseworker"], case=case, type="produced_magistrate",
        when=parse_when("7 Mar 2024 11:00"),
    )  # fmt: skip
    c.refresh_from_db()
    assert c.state == "met" and c.satisfied_at == local(2024, 3, 7, 11, 0)
    services.event_delete(actor=cast["caseworker"], event=arrest)
    assert not Clock.objects.filter(case=case, rule="arrest_magistrate").exists()


def test_a_rescued_minor_must_reach_the_cwc_within_24_hours(case: Case, cast: Any) -> None:
    tuli = services.survivor_add(
        actor=cast["caseworker"], case=case, pseudonym="Tuli", age_years=15,
        age_assessed_on=dt.date(2024, 3, 1),
    )  # fmt: skip
    kusum = case.case_survivors.get(survivor__pseudonym="Kusum").survivor
    with at(2024, 3, 6, 23, 0):
        services.event_record(
            actor=cast["caseworker"], case=case, type="rescue",
            when=parse_when("6 Mar 2024 22:30"), survivors=[tuli, kusum],
        )  # fmt: skip
    cwc = Clock.objects.filter(case=case, rule="minor_cwc")
    assert [c.survivor for c in cwc] == [tuli]  # Kusum is an adult
    services.event_record(
        actor=cast["caseworker"], case=case, type="produced_cwc",
        when=parse_when("8 Mar 2024 11:00"), survivors=[tuli],
    )  # fmt: skip
    c = cwc.get()
    assert c.state == "met_late"


def test_a_clock_started_by_a_day_starts_at_its_first_moment_and_says_so(
    case: Case, cast: Any
) -> None:
    services.event_record(
        actor=cast["caseworker"], case=case, type="arrest", when=parse_when("6 Mar 2024")
    )
    c = clock(case, "arrest_magistrate")
    assert c.started_at == local(2024, 3, 6, 0, 0) and c.start_approximate


def test_editing_the_trigger_moves_the_clock(case: Case, cast: Any) -> None:
    arrest = services.event_record(
        actor=cast["caseworker"], case=case, type="arrest", when=parse_when("6 Mar 2024 23:15")
    )
    services.event_update(
        actor=cast["caseworker"], event=arrest, expected_version=None,
        when=parse_when("8 Mar 2024 09:00"), type="arrest",
    )  # fmt: skip
    assert clock(case, "arrest_magistrate").due_at == local(2024, 3, 9, 9, 0)


def test_the_law_in_force_on_the_offence_date_is_cited(case: Case, cast: Any) -> None:
    services.event_record(
        actor=cast["caseworker"], case=case, type="arrest", when=parse_when("6 Mar 2024 23:15")
    )
    (row,) = case_clocks(case=case, user=cast["caseworker"])
    assert row.basis == "CrPC s.57"  # offence 2 Mar 2024, before the BNSS
    case.offence_date = dt.date(2024, 7, 2)  # the same clock for an offence under the BNS
    assert case_clocks(case=case, user=cast["caseworker"])[0].basis == "BNSS s.58"


def test_a_located_survivor_starts_the_operational_clock_until_her_rescue(
    case: Case, cast: Any, places: Any
) -> None:
    kusum = case.case_survivors.get().survivor
    with at(2024, 4, 22, 11, 45):
        services.sighting_record(
            actor=cast["caseworker"], case=case, survivor=kusum,
            when=parse_when("22 Apr 2024 11:30"), place=places["outpost_area"],
            source="informant", confidence="confirmed",
        )  # fmt: skip
    c = clock(case, "located_not_rescued")
    assert c.due_at == local(2024, 4, 22, 17, 30)
    services.event_record(
        actor=cast["caseworker"], case=case, type="rescue", when=parse_when("22 Apr 2024 22:55"),
        survivors=[kusum],
    )  # fmt: skip
    c.refresh_from_db()
    assert c.state == "met_late"


@time_machine.travel(dt.datetime(2024, 3, 7, 6, 0, tzinfo=dt.UTC), tick=False)
def test_due_soon_lists_the_open_clocks_of_my_cases_only(
    client_as: Any, case: Case, cast: Any
) -> None:
    services.event_record(
        actor=cast["caseworker"], case=case, type="arrest", when=parse_when("6 Mar 2024 23:15")
    )
    page = client_as("caseworker").get(reverse("deadlines:due-soon"))
    assert "Arrested person produced before a magistrate" in page.text
    assert case.reference in page.text
    other = client_as("other_caseworker").get(reverse("deadlines:due-soon"))
    assert case.reference not in other.text
    detail = client_as("caseworker").get(case.get_absolute_url())
    assert "left" in detail.text and "CrPC s.57" in detail.text


def test_rebuild_recomputes_lost_clocks_without_duplicates(case: Case, cast: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    services.event_record(
        actor=cast["caseworker"], case=case, type="arrest", when=parse_when("6 Mar 2024 23:15")
    )
    Clock.objects.all().delete()
    for _ in range(2):
        out = StringIO()
        call_command("clocks", "rebuild", stdout=out, stderr=StringIO())
    assert "Recomputed the clocks of 1 cases." in out.getvalue()
    assert Clock.objects.filter(rule="arrest_magistrate").count() == 1
