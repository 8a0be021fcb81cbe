"""The busiest pages render exactly the HTML they rendered before the work that made them cheaper
(issue 24): the case list, the case page, the quick entry form and the dashboards, on the shared
fixtures (a case with its rescue, care and justice records) and a busier timeline, at a fixed time.

The snapshots in ``snapshots/`` were written by the code before that work
(``MUKTI_WRITE_SNAPSHOTS=1 pytest -k snapshot`` writes them again). Only what differs between two
runs of the same code is normalised: the CSRF token, and digits inside attribute values (primary
keys in links and option values, which PostgreSQL's sequences do not reset between tests). Every
visible text, every attribute and the order of every element must match.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from mukti.cases import services as case_services
from mukti.core.fuzzydate import parse_when

SNAPSHOTS = Path(__file__).parent / "snapshots"
WRITE = os.environ.get("MUKTI_WRITE_SNAPSHOTS") == "1"

_ATTRIBUTE = re.compile(r'(\s[\w:.@-]+=")([^"]*)(")')
_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_HEADER = re.compile(r'("X-CSRFToken": ")[^"]*(")')


def normalise(html: str) -> str:
    html = _CSRF.sub(r"\1CSRF\2", html)
    html = _CSRF_HEADER.sub(r"\1CSRF\2", html)
    return _ATTRIBUTE.sub(lambda m: m.group(1) + re.sub(r"\d+", "#", m.group(2)) + m.group(3), html)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2025, 9, 3, 9, 30, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def busy_case(
    frozen: None,
    case: Any,
    cast: Any,
    places: Any,
    official: Any,
    rescue_records: Any,
    care_records: Any,
    justice_records: Any,
) -> Any:
    """The shared case with its records and forty more entries of several kinds."""
    kusum = case.case_survivors.get().survivor
    kinds = ["other", "police_informed", "information_received", "verified"]
    for n in range(40):
        case_services.event_record(
            actor=cast["caseworker"],
            case=case,
            type=kinds[n % len(kinds)],
            when=parse_when(f"{1 + n % 28} May 2024 {8 + n % 10}:15"),
            survivors=[kusum] if n % 2 else [],
            place=places["basirhat"] if n % 3 == 0 else None,
            actor_official=official if n % 5 == 0 else None,
            note=f'Entry {n}: <called> & "asked"\nsecond line',
        )
    case_services.sighting_record(
        actor=cast["caseworker"], case=case, survivor=kusum, when=parse_when("2 May 2024 11:30"),
        place=places["basirhat"], address="Behind the brick kiln", confidence="probable",
        source="neighbour",
    )  # fmt: skip
    # Two more cases for the list: one in a district with a minor and an adult, one bare.
    other = case_services.case_open(
        actor=cast["caseworker"], title="Girl & boy <taken> to Pune", district=places["n24"],
        priority=1, origin_country="NP",
    )  # fmt: skip
    case_services.survivor_add(actor=cast["caseworker"], case=other, pseudonym="Tara", age_years=15)
    case_services.survivor_add(actor=cast["caseworker"], case=other, pseudonym="Mina", age_years=30)
    case_services.case_open(actor=cast["other_caseworker"], title="Bare case")
    case.refresh_from_db()
    return case


def _pages(case: Any) -> list[tuple[str, str, dict[str, str]]]:
    year = "start=2024-01-01&end=2024-12-31"
    responsiveness = reverse("rescue:responsiveness") + f"?{year}&by="
    return [
        ("case-list", reverse("cases:case-list"), {}),
        ("case-list-filtered", reverse("cases:case-list") + "?nationality=BD&status=open", {}),
        ("case-rows-htmx", reverse("cases:case-list") + "?q=Kusum", {"HTTP_HX_REQUEST": "true"}),
        ("case-page", case.get_absolute_url(), {}),
        ("timeline-htmx", case.get_absolute_url() + "?type=other", {"HTTP_HX_REQUEST": "true"}),
        ("quick-form", reverse("cases:event-add", args=[case.reference]), {}),
        ("window", reverse("rescue:window"), {}),
        ("responsiveness-office", responsiveness + "office", {}),
        ("responsiveness-official", responsiveness + "official", {}),
        ("lateness", reverse("deadlines:lateness") + f"?{year}", {}),
        ("due-soon", reverse("deadlines:due-soon"), {}),
        ("statistics", reverse("reports:statistics") + f"?{year}", {}),
        ("dashboard", reverse("reports:dashboard"), {}),
    ]  # fmt: skip


@pytest.mark.django_db
def test_the_busiest_pages_render_the_same_html_as_before(
    busy_case: Any, client_as: Any, frozen: None
) -> None:
    client = client_as("supervisor")
    different = []
    for name, url, headers in _pages(busy_case):
        response = client.get(url, **headers)
        assert response.status_code == 200, (name, response.status_code)
        html = normalise(response.content.decode())
        path = SNAPSHOTS / f"{name}.html"
        if WRITE:
            SNAPSHOTS.mkdir(exist_ok=True)
            path.write_text(html)
            continue
        if html != path.read_text():
            different.append(name)
            path.with_suffix(".new.html").write_text(html)  # to diff by hand; not committed
    assert not different, f"pages changed (see snapshots/*.new.html): {different}"


def same_as_snapshot(name: str, html: str) -> None:
    """``html`` is the snapshot ``name`` (written instead, with MUKTI_WRITE_SNAPSHOTS=1)."""
    path = SNAPSHOTS / f"{name}.html"
    if WRITE:
        path.write_text(html)
    elif html != path.read_text():
        path.with_suffix(".new.html").write_text(html)  # to diff by hand; not committed
        raise AssertionError(f"{name} changed (see {path.with_suffix('.new.html')})")


@pytest.fixture
def clocks_in_every_state(case: Any, cast: Any) -> Any:
    """Clocks typed in on time, some breached and some still running at the frozen time, with
    and without a survivor, one from an approximate start: every branch of Due soon's rows."""
    from mukti.core.fuzzydate import parse_when as when

    def at(moment: str) -> Any:
        return time_machine.travel(dt.datetime.fromisoformat(moment), tick=False)

    with at("2025-09-01T20:10:00+05:30"):  # an arrest: its magistrate clock breached since
        case_services.event_record(
            actor=cast["caseworker"], case=case, type="arrest", when=when("1 Sep 2025 19:55")
        )
    with at("2025-08-06T10:00:00+05:30"):  # a child before the CWC, on an approximate day
        other = case_services.case_open(
            actor=cast["caseworker"], title="Boy <taken> & held", exploitation=["sexual"]
        )
        tara = case_services.survivor_add(
            actor=cast["caseworker"], case=other, pseudonym="Tara & <Rani>", age_years=15
        )
        case_services.event_record(
            actor=cast["caseworker"], case=other, type="produced_cwc",
            when=when("early Aug 2025"), survivors=[tara],
        )  # fmt: skip
    with at("2025-09-03T13:05:00+05:30"):  # two hours before the frozen time: still running
        case_services.event_record(
            actor=cast["caseworker"], case=other, type="arrest", when=when("3 Sep 2025 12:50")
        )
    return case


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en-gb", "bn"])
def test_due_soon_rows_render_the_same_html_as_before(
    clocks_in_every_state: Any, client_as: Any, cast: Any, frozen: None, language: str
) -> None:
    user = cast["supervisor"]
    user.language = language
    user.save(update_fields=["language"])
    html = normalise(client_as("supervisor").get(reverse("deadlines:due-soon")).content.decode())
    same_as_snapshot(f"due-soon-rows-{language}", html)
    assert html.count('data-testid="due-row"') >= 3
    assert html.count("table-danger") >= 2  # breached clocks, with and without a survivor
    assert "Tara &amp; &lt;Rani&gt;" in html


@pytest.mark.django_db
def test_lateness_in_bengali_renders_the_same_html_as_before(
    busy_case: Any, clocks_in_every_state: Any, client_as: Any, cast: Any, frozen: None
) -> None:
    user = cast["supervisor"]
    user.language = "bn"
    user.save(update_fields=["language"])
    url = reverse("deadlines:lateness") + "?start=2024-01-01&end=2025-12-31"
    html = normalise(client_as("supervisor").get(url).content.decode())
    same_as_snapshot("lateness-bn", html)
    assert html.count('data-testid="lateness-row"') >= 6


@pytest.fixture
def arrests_in_every_state(case: Any, cast: Any, places: Any) -> Any:
    """Arrests whose magistrate clocks end met, met late, recorded after the deadline (typed in
    days later; met later, and not), breached and still running at the frozen time; and a
    survivor located and not rescued since (an operational rule's clock)."""
    from mukti.core.fuzzydate import parse_when as when

    def at(moment: str) -> Any:
        return time_machine.travel(dt.datetime.fromisoformat(moment), tick=False)

    entries = [
        ("2025-08-01T10:05:00+05:30", "arrest", "1 Aug 2025 10:00"),
        ("2025-08-01T20:05:00+05:30", "produced_magistrate", "1 Aug 2025 20:00"),  # met
        ("2025-08-05T10:05:00+05:30", "arrest", "5 Aug 2025 10:00"),
        ("2025-08-06T18:05:00+05:30", "produced_magistrate", "6 Aug 2025 18:00"),  # met late
        ("2025-08-14T09:00:00+05:30", "arrest", "10 Aug 2025 10:00"),  # typed in 4 days later
        ("2025-08-14T12:05:00+05:30", "produced_magistrate", "14 Aug 2025 12:00"),  # and met
        ("2025-08-24T09:00:00+05:30", "arrest", "20 Aug 2025 10:00"),  # typed in late, unmet
        ("2025-09-01T20:10:00+05:30", "arrest", "1 Sep 2025 19:55"),  # breached since
        ("2025-09-03T13:05:00+05:30", "arrest", "3 Sep 2025 12:50"),  # still running
    ]
    for moment, kind, happened in entries:
        with at(moment):
            case_services.event_record(
                actor=cast["caseworker"], case=case, type=kind, when=when(happened)
            )
    with at("2025-09-02T08:05:00+05:30"):
        case_services.sighting_record(
            actor=cast["caseworker"], case=case, survivor=case.case_survivors.get().survivor,
            when=when("2 Sep 2025 08:00"), place=places["basirhat"], address="Behind the kiln",
            confidence="confirmed", source="neighbour",
        )  # fmt: skip
    return case


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en-gb", "bn"])
def test_the_clocks_panel_renders_the_same_html_as_before(
    arrests_in_every_state: Any,
    clocks_in_every_state: Any,
    client_as: Any,
    cast: Any,
    frozen: None,
    language: str,
) -> None:
    """The case page's clocks in every state, with and without a survivor, from an exact and an
    approximate start, of a statutory and an operational rule, in English and Bengali."""
    from django.utils import translation

    from mukti.cases.models import Case
    from mukti.deadlines.rules import RULES_BY_CODE

    user = cast["supervisor"]
    user.language = language
    user.save(update_fields=["language"])
    client = client_as("supervisor")
    panels = []
    for case in Case.objects.order_by("id"):
        html = normalise(client.get(case.get_absolute_url()).content.decode())
        start = html.index('<section aria-labelledby="clocks-h"')
        end = html.index("</section>", start)
        panels.append(html[html.rindex("\n", 0, start) + 1 : html.index("\n", end) + 1])
    both = "".join(panels)
    same_as_snapshot(f"clocks-panel-{language}", both)
    for state in ("met", "met_late", "recorded_late", "breached", "running"):
        assert f"clock clock-{state}" in both, state
    assert both.count("clock clock-recorded_late") == 2  # met later, and not
    assert both.count('data-testid="clock"') >= 8
    assert "Tara &amp; &lt;Rani&gt;" in both  # a survivor's clock, her name escaped
    with translation.override(language):  # an operational rule's clock says what kind it is
        assert f"; {RULES_BY_CODE['located_not_rescued'].kind_label})</span>" in both


@pytest.mark.django_db
def test_the_case_list_filtered_by_a_member_renders_the_same_html_as_before(
    busy_case: Any, client_as: Any, cast: Any, frozen: None
) -> None:
    """The staff drop-down, with the chosen member marked (and names that need escaping)."""
    member = cast["other_caseworker"]
    member.first_name, member.last_name = "Rina <Q>", "D'Souza & Co"
    member.save(update_fields=["first_name", "last_name"])
    url = reverse("cases:case-list") + f"?member={member.pk}"
    html = normalise(client_as("supervisor").get(url).content.decode())
    same_as_snapshot("case-list-member", html)
    assert "Rina &lt;Q&gt; D&#x27;Souza &amp; Co</option>" in html
    assert html.count(" selected>") >= 1
