"""In a browser, on a phone: a caseworker corrects a rescued survivor's age to 16, sees the CWC
clock appear at once on the case page, then acknowledges an old breach on *Due soon*."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mukti.cases import services as cases
from mukti.conftest import browser_sign_in
from mukti.core.fuzzydate import parse_when as w
from mukti.deadlines.models import Acknowledgement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_age_corrected_to_16_starts_the_cwc_clock_and_a_breach_is_acknowledged(
    browser_page: Any, case: Any, cast: Any
) -> None:
    lead = cast["caseworker"]
    cases.case_update(actor=lead, case=case, expected_version=None, exploitation=["labour"])
    mitali = cases.survivor_add(actor=lead, case=case, pseudonym="Mitali", age_years=19)
    an_hour_ago = timezone.localtime(timezone.now() - dt.timedelta(hours=1))
    cases.event_record(
        actor=lead, case=case, type="rescue", survivors=[mitali],
        when=w(an_hour_ago.strftime("%d %b %Y %H:%M")),
    )  # fmt: skip
    with time_machine.travel(timezone.now() - dt.timedelta(days=3), tick=False):
        cases.event_record(
            actor=lead, case=case, type="arrest",
            when=w(timezone.localtime().strftime("%d %b %Y %H:%M")),
        )  # fmt: skip
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    browser_sign_in(page, "meera")
    page.goto(case.get_absolute_url())
    assert "Rescued child produced before the Child Welfare Committee" not in page.content()

    page.goto(reverse("cases:survivor-edit", args=[case.reference, mitali.pk]))
    page.get_by_label("Age (years)", exact=True).fill("16")
    page.get_by_role("button", name="Save").click()
    clock = page.get_by_test_id("clock").filter(has_text="Child Welfare Committee")
    clock.wait_for()
    assert "left" in clock.inner_text()  # running, due within the day
    page.screenshot(path="var/clocks-after-age-change.png", full_page=True)

    page.goto("/deadlines/due/")
    row = page.get_by_test_id("due-row").filter(has_text="Arrested person produced")
    row.get_by_label("What is being done").fill("Produced the next morning; entry to follow")
    page.screenshot(path="var/due-soon-phone.png", full_page=True)
    row.get_by_role("button", name="Acknowledge").click()
    page.get_by_text("Acknowledged: Arrested person produced before a magistrate").wait_for()
    assert page.get_by_test_id("due-row").filter(has_text="Arrested person").count() == 0
    assert Acknowledgement.objects.get().reason == "Produced the next morning; entry to follow"
