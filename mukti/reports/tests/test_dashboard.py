from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mukti.cases import services
from mukti.cases.models import Case
from mukti.core.fuzzydate import parse_when

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


def test_the_dashboard_draws_each_chart_with_its_figures_beneath(
    client_as: Any, case: Case, rescue_records: Any, justice_records: Any, care_records: Any
) -> None:
    Case.objects.filter(pk=case.pk).update(opened_on=dt.date(2024, 3, 5))
    page = client_as("supervisor").get(reverse("reports:dashboard"), PERIOD)
    assert page.status_code == 200
    for key in ("cases", "hours", "responsiveness", "clocks", "shelters"):
        assert f'data-testid="chart-{key}"' in page.text
    assert page.text.count("<svg") == 5 - page.text.count("Nothing in this period.")
    assert "Office of the SP, Basirhat" in page.text  # responsiveness
    assert "Aashray Short-Stay Home" in page.text  # occupancy
    assert "Mar 2024" in page.text  # cases by month
    # Nothing the Content-Security-Policy refuses: no inline style or script in the charts.
    charts = page.text.split("<h1")[1].split("</main>")[0]
    assert "<style" not in charts and "<script" not in charts and "style=" not in charts


def test_data_officers_see_small_groups_hidden_and_others_are_refused(
    client_as: Any, case: Case, care_records: Any
) -> None:
    Case.objects.filter(pk=case.pk).update(opened_on=dt.date(2024, 3, 5))
    page = client_as("data_officer").get(reverse("reports:dashboard"), PERIOD)
    assert page.status_code == 200
    shelters = page.text.split('data-testid="chart-shelters"')[1].split("</section>")[0]
    assert "&lt; 11" in shelters  # one woman in the temporary shelter
    cases = page.text.split('data-testid="chart-cases"')[1].split("</section>")[0]
    assert "&lt; 11" in cases and "Kusum" not in page.text
    for role in ("caseworker", "legal_officer", "aftercare_officer", "administrator"):
        assert client_as(role).get(reverse("reports:dashboard")).status_code == 403


def twelve_rescued(
    cast: Any, places: Any, offices: Any, *, opened_on: dt.date | None = None
) -> None:
    """Twelve women located at 10:00 on 10 May 2024 and brought out at 22:00 (twelve hours):
    enough people for the chart of hours to show its median."""
    from mukti.rescue import services as rescue

    meera = cast["caseworker"]
    case = services.case_open(actor=meera, title="Twelve women at a hotel", opened_on=opened_on)
    people = [
        services.survivor_add(actor=meera, case=case, pseudonym=f"Woman {n}") for n in range(12)
    ]
    for person in people:
        services.sighting_record(
            actor=meera, case=case, survivor=person, when=parse_when("10 May 2024 10:00"),
            place=places["outpost_area"], source="informant", confidence="confirmed",
        )  # fmt: skip
    operation = rescue.operation_plan(
        actor=meera, case=case, target_place=places["outpost_area"], lead_office=offices["ps"],
        survivors_sought=people, planned_for=timezone.make_aware(dt.datetime(2024, 5, 10, 20)),
    )  # fmt: skip
    rescue.attempt_record(
        actor=meera, operation=operation, when=parse_when("10 May 2024 22:00"), outcome="rescued",
        people_brought_out=12, survivors_out=people,
    )  # fmt: skip


def test_the_hours_from_located_to_rescued_show_their_median_for_eleven_people_or_more(
    client_as: Any, cast: Any, places: Any, offices: Any
) -> None:
    twelve_rescued(cast, places, offices)
    page = client_as("supervisor").get(reverse("reports:dashboard"), PERIOD)
    hours = page.text.split('data-testid="chart-hours"')[1].split("</section>")[0]
    assert "Median: 12.0 hours, 12 people." in hours
    assert "<td>6–24 h</td><td>12</td>" in hours


def test_a_bengali_reader_gets_the_charts_in_bengali_months_words_and_digits(
    client_as: Any, cast: Any, places: Any, offices: Any
) -> None:
    """The month labels, the hour bands and every figure in the reader's language and digits
    (docs/translation.md); the mark "< 11" as the page's text explains it."""
    twelve_rescued(cast, places, offices, opened_on=dt.date(2024, 3, 5))
    supervisor = cast["supervisor"]
    type(supervisor).objects.filter(pk=supervisor.pk).update(language="bn")
    page = client_as("supervisor").get(reverse("reports:dashboard"), PERIOD)
    hours = page.text.split('data-testid="chart-hours"')[1].split("</section>")[0]
    assert "মধ্যমা: ১২.০ ঘণ্টা, ১২ জন।" in hours
    assert "<td>৬–২৪ ঘণ্টা</td><td>১২</td>" in hours
    assert "&lt; ৬ ঘণ্টা" in hours and "6–24 h" not in hours  # the chart's own labels too
    assert ">১২</text>" in hours  # the figure at the end of the bar
    cases = page.text.split('data-testid="chart-cases"')[1].split("</section>")[0]
    assert "মার্চ ২০২৪" in cases and "Mar 2024" not in cases


def test_a_label_too_long_for_its_place_is_clipped_at_a_word_with_the_whole_as_its_tooltip() -> (
    None
):
    from mukti.reports.charts import Series, clip, stacked_bars

    assert clip("Office of the SP", 32) == "Office of the SP"
    assert clip("Production before the Child Welfare Committee", 32) == (
        "Production before the Child…"
    )
    # Never a letter without its vowel sign: the word goes whole, or is cut before the letter.
    assert clip("Repatriation / reintegration", 18) == "Repatriation…"  # no dangling "/"
    assert clip("Production\u00a0before the CWC", 15) == "Production…"  # a no-break space too
    assert (clip("abc", 1), clip("abc", 0)) == ("a", "")
    assert clip("সময়সীমা পেরিয়ে গেছে", 18) == "সময়সীমা পেরিয়ে…"
    assert clip("পেরিয়েপেরিয়েপেরিয়ে", 8) == "পেরিয়ে…"
    assert clip("পরিসংখ্যানপরিসংখ্যান", 9) == "পরিসং…"  # not the half-letter "পরিসংখ্"
    assert clip("सांख्यिकीसांख्यिकी", 7) == "सां…"
    svg = stacked_bars(
        title="t", labels=["Production before the Child Welfare Committee"],
        series=[Series("met late by a long way indeed", "#000"), Series("met", "#111")],
        values=[[1, 2]],
    )  # fmt: skip
    assert "<title>Production before the Child Welfare Committee</title>" in svg
    assert "Production before the Child…</text>" in svg
    assert "<title>met late by a long way indeed</title>met late by a…" in svg


def test_the_dashboard_costs_a_fixed_number_of_queries(
    client_as: Any, case: Case, cast: Any, rescue_records: Any, care_records: Any
) -> None:
    client = client_as("supervisor")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("reports:dashboard"), PERIOD).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(15):
        extra = services.case_open(
            actor=cast["caseworker"], title=f"Extra {i}", opened_on=dt.date(2024, 1 + i % 12, 3)
        )
        services.survivor_add(actor=cast["caseworker"], case=extra, pseudonym=f"Extra {i}")
    assert count() == small


def test_a_district_narrows_every_chart(
    client_as: Any, case: Case, places: Any, rescue_records: Any, care_records: Any
) -> None:
    """The shared case sits in North 24 Parganas with its requests, clocks and shelter; another
    district shows none of them."""
    from mukti.directory.models import Jurisdiction

    Case.objects.filter(pk=case.pk).update(opened_on=dt.date(2024, 3, 5))
    # Through the service: what is counted per district (the monthly responsiveness) follows.
    services.case_update(
        actor=case.lead, case=Case.objects.get(pk=case.pk), expected_version=None,
        district=places["n24"],
    )  # fmt: skip
    elsewhere = Jurisdiction.objects.create(name="Nadia", kind="district", parent=places["wb"])
    client = client_as("supervisor")

    def chart(district: Jurisdiction, key: str) -> str:
        page = client.get(reverse("reports:dashboard"), {**PERIOD, "district": district.pk})
        assert page.status_code == 200
        return page.text.split(f'data-testid="chart-{key}"')[1].split("</section>")[0]

    assert "Office of the SP, Basirhat" in chart(places["n24"], "responsiveness")
    assert "Office of the SP, Basirhat" not in chart(elsewhere, "responsiveness")
    assert "Aashray Short-Stay Home" in chart(places["n24"], "shelters")
    assert "Aashray Short-Stay Home" not in chart(elsewhere, "shelters")
    here, there = chart(places["n24"], "clocks"), chart(elsewhere, "clocks")
    assert "<td>" in here and "<td>" not in there
