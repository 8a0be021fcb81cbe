"""The timeline's "by" line names who from our team acted, not who typed the entry in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from mukti.cases import services as case_services
from mukti.cases.models import Case
from mukti.core.fuzzydate import parse_when
from mukti.rescue import services

pytestmark = pytest.mark.django_db


def rows(page: Any) -> list[str]:
    """Each timeline entry's text, tags dropped and spaces collapsed."""
    items = re.findall(r'<li class="timeline-item.*?</li>\s*(?=<li class="timeline-item|</ol>)',
                       page.text, re.S)  # fmt: skip
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_an_engagement_shows_the_team_who_went_and_who_entered_it_when_someone_else(
    client_as: Any, case: Case, cast: Any, offices: Any
) -> None:
    meera, anjali = cast["caseworker"], cast["other_caseworker"]
    case_services.case_update(actor=meera, case=case, expected_version=None, team=[meera, anjali])
    # Rupa, the supervisor, types in what Meera and Anjali did at the police station.
    client = client_as("supervisor")
    response = client.post(
        reverse("rescue:engagement-add", args=[case.reference]),
        {"office": offices["ps"].pk, "request": "trace", "mode": "in_person",
         "when": "22 Apr 2024 18:00", "our_staff": [meera.pk, anjali.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(case.get_absolute_url())
    (row,) = [r for r in rows(page) if "Authority contacted" in r]
    assert "by Anjali, Meera (entered by Rupa)" in row
    assert '<span class="entered-by text-body-secondary">(entered by Rupa)</span>' in page.text


def test_an_engagement_entered_by_one_of_the_team_names_the_team_only(
    client_as: Any, case: Case, cast: Any, offices: Any
) -> None:
    meera, anjali = cast["caseworker"], cast["other_caseworker"]
    services.engagement_record(
        actor=meera, case=case, office=offices["ps"], request="trace",
        when=parse_when("22 Apr 2024 18:00"), our_staff=[meera, anjali],
    )  # fmt: skip
    page = client_as("caseworker").get(case.get_absolute_url())
    (row,) = [r for r in rows(page) if "Authority contacted" in r]
    assert "by Anjali, Meera" in row and "entered by" not in row


def test_a_rescue_attempt_names_our_staff_present_at_the_operation(
    client_as: Any, case: Case, rescue_records: Any
) -> None:
    page = client_as("caseworker").get(case.get_absolute_url())
    attempts = [r for r in rows(page) if "Rescue attempt" in r]
    assert len(attempts) == 2 and all("by Meera" in r for r in attempts)


def test_an_entry_without_team_members_still_names_whoever_is_recorded_as_before(
    client_as: Any, case: Case, cast: Any
) -> None:
    case_services.event_record(
        actor=cast["caseworker"], case=case, type="verified",
        when=parse_when("23 Apr 2024"), actor_staff=cast["caseworker"], note="checked the lead",
    )  # fmt: skip
    page = client_as("caseworker").get(case.get_absolute_url())
    (row,) = [r for r in rows(page) if "checked the lead" in r]
    assert "by Meera" in row and "entered by" not in row


def test_the_case_report_reads_the_same_by_line(
    client_as: Any, case: Case, cast: Any, offices: Any
) -> None:
    from mukti.reports.selectors import case_report

    meera, anjali, rupa = cast["caseworker"], cast["other_caseworker"], cast["supervisor"]
    services.engagement_record(
        actor=rupa, case=case, office=offices["ps"], request="trace",
        when=parse_when("22 Apr 2024 18:00"), our_staff=[meera, anjali],
    )  # fmt: skip
    report = case_report(case=case, user=rupa)
    (event,) = [e for e in report.events if e.type == "authority_contacted"]
    assert "by Anjali, Meera (entered by Rupa)" in event.facts
