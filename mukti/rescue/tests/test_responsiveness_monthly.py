"""The monthly responsiveness rows: what the selector reads from them (with the partial months
at the edges of a period read from the requests) equals the computation from every request of
the period; the rows are what a rebuild writes; another organisation's never count."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from mukti.accounts import access
from mukti.accounts.models import Organisation, Role
from mukti.cases import services as case_services
from mukti.conftest import make_user
from mukti.core.fuzzydate import parse_when
from mukti.directory.models import Jurisdiction, Office, Official
from mukti.rescue import monthly, selectors, services
from mukti.rescue.models import Engagement, ResponsivenessMonth

pytestmark = pytest.mark.django_db

ROW_COLUMNS = (
    "organisation_id", "month", "all_districts", "district_id", "office_id", "official_id",
    "engagements", "answered", "referred", "rescues_after", "minutes",
)  # fmt: skip


def stored_rows() -> list[tuple[Any, ...]]:
    return sorted(ResponsivenessMonth.objects.values_list(*ROW_COLUMNS), key=repr)


def rebuilt_rows() -> list[tuple[Any, ...]]:
    """The rows a full rebuild writes (in a savepoint rolled back: the stored ones stay)."""
    from django.db import transaction

    with transaction.atomic():
        monthly.rebuild()
        rows = stored_rows()
        transaction.set_rollback(True)
    return rows


def aware(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def same(a: list[selectors.Responsiveness], b: list[selectors.Responsiveness]) -> bool:
    return sorted(a, key=repr) == sorted(b, key=repr)


PERIODS = [
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),  # whole months only
    (dt.date(2024, 1, 16), dt.date(2024, 6, 10)),  # partial months at both edges
    (dt.date(2024, 3, 1), dt.date(2024, 3, 31)),  # one whole month
    (dt.date(2024, 3, 5), dt.date(2024, 3, 20)),  # inside one month
    (dt.date(2024, 2, 29), dt.date(2024, 4, 1)),  # a day of each edge month
    (dt.date(2024, 4, 1), dt.date(2024, 4, 1)),  # one day
]


@pytest.fixture
def requests_of_a_year(cast: Any, places: Any, offices: Any, official: Any) -> dict[str, Any]:
    """Requests over several months and two districts, to offices and an official, answered
    after whole minutes (some at month boundaries in the site's time zone), some referred, one
    followed by a rescue, one dated only to the month."""
    meera = cast["caseworker"]
    nadia = Jurisdiction.objects.create(name="Nadia", kind="district", parent=places["wb"])
    made = []
    for n in range(14):
        case = case_services.case_open(
            actor=meera, title=f"Case {n}", district=places["n24"] if n % 3 else nadia
        )
        day = dt.datetime(2024, 1, 1, 23, 50) + dt.timedelta(days=13 * n, hours=n)
        if n == 5:
            day = dt.datetime(2024, 3, 31, 23, 59)  # the last minute of March, local time
        office = [offices["sp"], offices["ps"], offices["outpost"]][n % 3]
        engagement = services.engagement_record(
            actor=meera, case=case, office=office,
            official=official if office == offices["outpost"] else None, request="rescue",
            when=parse_when(day.strftime("%-d %b %Y %H:%M")),
        )  # fmt: skip
        if n % 4 != 3:
            referred = n % 5 == 0 and office != offices["sp"]
            services.engagement_answer(
                actor=meera, engagement=engagement, expected_version=None,
                answer="referred" if referred else "verified",
                answered_at=timezone.make_aware(day + dt.timedelta(minutes=17 * n + 5)),
                referred_to_office=offices["sp"] if referred else None,
            )  # fmt: skip
        made.append(engagement)
    approximate = case_services.case_open(actor=meera, title="Approximate", district=nadia)
    vague = services.engagement_record(
        actor=meera, case=approximate, office=offices["ps"], request="trace",
        when=parse_when("Apr 2024"),
    )  # fmt: skip
    services.engagement_answer(
        actor=meera, engagement=vague, expected_version=None, answer="verified",
        answered_at=aware(2024, 4, 20, 10, 0),
    )  # fmt: skip
    case_services.event_record(
        actor=meera, case=made[2].case, type="rescue", when=parse_when("28 Jan 2024 06:00"),
    )  # fmt: skip
    return {"nadia": nadia, "engagements": made}


@pytest.mark.parametrize("by", ["office", "official"])
@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_the_figures_equal_those_from_every_request(
    requests_of_a_year: Any, cast: Any, places: Any, by: str, start: dt.date, end: dt.date
) -> None:
    for district in (None, places["n24"].pk, requests_of_a_year["nadia"].pk):
        for role in ("supervisor", "data_officer"):
            kwargs = {"actor": cast[role], "start": start, "end": end, "by": by}
            read = selectors.responsiveness(**kwargs, district=district)
            assert read == selectors.responsiveness_raw(**kwargs, district=district)
            # The dashboard's first few: the list's, their medians worked out alone.
            for top in (0, 1, 2, 10):
                first = selectors.responsiveness(**kwargs, district=district, top=top)
                assert first == read[:top], (role, district, top)
    if (start, end) == PERIODS[0]:  # something to compare: medians, shares, rescues
        rows = selectors.responsiveness(actor=cast["supervisor"], start=start, end=end, by=by)
        assert any(r.median_minutes for r in rows) and any(r.rescues_after for r in rows)
        assert any(r.referred for r in rows) and any(r.answered < r.engagements for r in rows)


def test_the_year_is_read_from_the_stored_rows(requests_of_a_year: Any, cast: Any) -> None:
    assert stored_rows() == rebuilt_rows()
    assert (
        ResponsivenessMonth.objects.filter(all_districts=True).count() < Engagement.objects.count()
    )
    # Rows changed behind the services' back show: the months are read from them.
    ResponsivenessMonth.objects.filter(all_districts=True).update(engagements=100)
    year: dict[str, Any] = {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31)}
    rows = selectors.responsiveness(actor=cast["supervisor"], **year)
    assert all(r.engagements % 100 == 0 for r in rows)
    assert rows != selectors.responsiveness_raw(actor=cast["supervisor"], **year)
    # ... and the rebuild command puts them right.
    out = StringIO()
    call_command("rebuild_responsiveness", stdout=out, stderr=StringIO())
    assert "1 organisation(s)" in out.getvalue()
    assert stored_rows() == rebuilt_rows()
    assert selectors.responsiveness(actor=cast["supervisor"], **year) == (
        selectors.responsiveness_raw(actor=cast["supervisor"], **year)
    )


def test_the_rebuild_command_of_one_organisation(requests_of_a_year: Any) -> None:
    before = stored_rows()
    ResponsivenessMonth.objects.all().delete()
    organisation = Engagement.objects.values_list("organisation_id", flat=True).first()
    call_command(
        "rebuild_responsiveness", organisation=[organisation], stdout=StringIO(), stderr=StringIO()
    )
    assert stored_rows() == before != []


def test_months_are_those_of_the_site_time_zone(requests_of_a_year: Any) -> None:
    # 23:59 on 31 March in Kolkata is 18:29 UTC: a March request.
    last_of_march = requests_of_a_year["engagements"][5]
    last_of_march.refresh_from_db()
    assert monthly.month_of(last_of_march.asked_at) == dt.date(2024, 3, 1)
    row = ResponsivenessMonth.objects.get(
        all_districts=True, office=last_of_march.office, month=dt.date(2024, 3, 1)
    )
    assert row.engagements >= 1


def test_another_organisation_never_counts(
    requests_of_a_year: Any, cast: Any, places: Any, offices: Any
) -> None:
    year: dict[str, Any] = {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31)}
    ours = selectors.responsiveness(actor=cast["supervisor"], **year)
    other = Organisation.objects.create(name="Other NGO")
    their_worker = make_user("theirs", Role.CASEWORKER, organisation=other)
    their_supervisor = make_user("their_boss", Role.SUPERVISOR, organisation=other)
    for n in range(3):
        case = case_services.case_open(actor=their_worker, title=f"Theirs {n}")
        engagement = services.engagement_record(
            actor=their_worker, case=case, office=offices["sp"], request="rescue",
            when=parse_when(f"{3 + n} Feb 2024 10:00"),
        )  # fmt: skip
        services.engagement_answer(
            actor=their_worker, engagement=engagement, expected_version=None,
            answer="verified", answered_at=aware(2024, 2, 3 + n, 11, 0),
        )  # fmt: skip
    assert selectors.responsiveness(actor=cast["supervisor"], **year) == ours
    theirs = selectors.responsiveness(actor=their_supervisor, **year)
    assert [(r.name, r.engagements, r.median_minutes) for r in theirs] == [
        ("Office of the SP, Basirhat", 3, 60)
    ]
    assert theirs == selectors.responsiveness_raw(actor=their_supervisor, **year)
    assert stored_rows() == rebuilt_rows()
    assert set(ResponsivenessMonth.objects.values_list("organisation_id", flat=True)) == {
        cast["supervisor"].organisation_id,
        other.pk,
    }


def test_nobody_reads_the_rows_without_the_right(requests_of_a_year: Any, cast: Any) -> None:
    year: dict[str, Any] = {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31)}
    for role in ("caseworker", "legal_officer", "administrator"):
        assert selectors.responsiveness(actor=cast[role], **year) == []


def test_a_role_with_narrower_access_reads_the_requests_themselves(
    requests_of_a_year: Any, cast: Any, monkeypatch: Any
) -> None:
    """No role sees only part of its organisation's requests today (no scope rule for
    engagements): should one come, the monthly rows, summed over the organisation, are not
    read for it."""
    assert not access.has_scope_rule(Engagement)
    year: dict[str, Any] = {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31)}
    monkeypatch.setitem(
        access._scope_rules,
        Engagement,
        lambda user, action, rows: rows.filter(case__title="Case 1"),
    )
    rows = selectors.responsiveness(actor=cast["supervisor"], **year)
    assert [(r.name, r.engagements) for r in rows] == [("Basirhat Police Station", 1)]


def test_the_median_of_a_histogram() -> None:
    def median(values: list[int]) -> float | None:
        return monthly.Tally(minutes=Counter(values)).median()

    assert median([]) is None
    assert median([7]) == 7
    assert median([1, 3]) == 2
    assert median([5, 1, 3]) == 3
    assert median([1, 1, 1, 10]) == 1
    assert median([1, 1, 10, 10]) == 5.5
    assert median([2, 2, 2, 9, 9, 9, 9]) == 9


def test_a_case_moved_to_another_district_moves_its_requests(
    requests_of_a_year: Any, cast: Any, places: Any
) -> None:
    engagement = requests_of_a_year["engagements"][1]
    case = engagement.case
    assert case.district == places["n24"]
    case_services.case_update(
        actor=cast["caseworker"], case=case, expected_version=None,
        district=requests_of_a_year["nadia"],
    )  # fmt: skip
    assert stored_rows() == rebuilt_rows()
    year: dict[str, Any] = {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31)}
    for district in (places["n24"].pk, requests_of_a_year["nadia"].pk):
        assert selectors.responsiveness(actor=cast["supervisor"], **year, district=district) == (
            selectors.responsiveness_raw(actor=cast["supervisor"], **year, district=district)
        )


def test_full_months() -> None:
    d = dt.date
    assert selectors.full_months(d(2025, 1, 1), d(2025, 12, 31)) == (d(2025, 1, 1), d(2025, 12, 1))
    assert selectors.full_months(d(2024, 12, 3), d(2025, 12, 3)) == (d(2025, 1, 1), d(2025, 11, 1))
    assert selectors.full_months(d(2025, 1, 5), d(2025, 1, 20)) is None
    assert selectors.full_months(d(2024, 2, 1), d(2024, 2, 29)) == (d(2024, 2, 1), d(2024, 2, 1))
    assert selectors.full_months(d(2024, 2, 1), d(2024, 2, 28)) is None


def test_offices_and_officials_of_the_rows_stay_protected(requests_of_a_year: Any) -> None:
    """A row names an office only while requests to it exist (they protect it already)."""
    used = set(ResponsivenessMonth.objects.values_list("office_id", flat=True))
    assert used <= set(Engagement.objects.values_list("office_id", flat=True))
    officials = set(ResponsivenessMonth.objects.values_list("official_id", flat=True)) - {None}
    assert officials <= set(Official.objects.values_list("pk", flat=True))
    assert Office.objects.filter(pk__in=used).count() == len(used)


@pytest.mark.parametrize("by", ["office", "official"])
def test_a_mid_month_year_issues_a_fixed_number_of_queries(
    client_as: Any, cast: Any, offices: Any, official: Any, by: str
) -> None:
    """Whole months from the monthly rows, the two partial months from the requests: one query
    more than a period of whole months (test_rescue pins that one at 5), whatever the data."""
    from django.urls import reverse

    from mukti.core.tests.queries import queries_of

    client, url = client_as("supervisor"), reverse("rescue:responsiveness")
    params = {"start": "2024-01-16", "end": "2025-01-15", "by": by}

    def requests(first: int, count: int) -> None:
        for n in range(first, first + count):
            case = case_services.case_open(actor=cast["caseworker"], title=f"Asked {n}")
            for day in ("20 Jan 2024 10:00", "14 Jun 2024 09:00", "10 Jan 2025 08:00"):
                engagement = services.engagement_record(
                    actor=cast["caseworker"], case=case, office=offices["outpost"],
                    official=official, request="trace", when=parse_when(day),
                )  # fmt: skip
                asked = parse_when(day).at
                assert asked is not None
                services.engagement_answer(
                    actor=cast["caseworker"], engagement=engagement, expected_version=None,
                    answer="verified", answered_at=asked + dt.timedelta(hours=n),
                )  # fmt: skip

    requests(0, 1)
    small = queries_of(client, url, params)
    requests(1, 5)
    assert "Ashok Halder" in client.get(url, {**params, "by": "official"}).text
    # session, user, 2FA device, the monthly rows, the partial months, the names
    assert queries_of(client, url, params) == small == 6


# --- the rows are rewritten only when what they count changed (issue 24) -------------------


def row_ids() -> list[int]:
    return sorted(ResponsivenessMonth.objects.values_list("pk", flat=True))


def test_an_entry_that_changes_no_request_leaves_the_rows_alone(
    requests_of_a_year: Any, cast: Any
) -> None:
    """A visit note, a statement, a rescue long after every request: the rows are not rewritten
    (a rewrite deletes and inserts them, so their ids would change), and stay what a rebuild
    writes."""
    case = requests_of_a_year["engagements"][4].case
    before = row_ids()
    for kind, day in (
        ("verified", "2 Feb 2024"),
        ("follow_up_visit", "3 Feb 2024"),
        ("rescue", "1 Dec 2024"),
    ):
        case_services.event_record(
            actor=cast["caseworker"], case=case, type=kind, when=parse_when(day), note="Visited."
        )
    assert row_ids() == before
    assert stored_rows() == rebuilt_rows()


@pytest.mark.parametrize(
    "change",
    ["answer", "another answer, same time", "rescue within three days", "redate", "district"],
)
def test_a_change_to_what_the_rows_count_rewrites_them(
    requests_of_a_year: Any, cast: Any, places: Any, offices: Any, change: str
) -> None:
    engagement = Engagement.objects.select_related("event", "case").get(
        pk=requests_of_a_year["engagements"][3].pk  # not answered yet
    )
    meera = cast["caseworker"]
    asked = engagement.event.occurred_at
    assert asked is not None
    before = stored_rows()
    if change == "answer":
        services.engagement_answer(
            actor=meera, engagement=engagement, expected_version=None, answer="declined",
            answered_at=asked + dt.timedelta(minutes=42), note="No.",
        )  # fmt: skip
    elif change == "another answer, same time":
        at = asked + dt.timedelta(minutes=42)
        services.engagement_answer(
            actor=meera, engagement=engagement, expected_version=None, answer="declined",
            answered_at=at, note="No.",
        )  # fmt: skip
        before = stored_rows()
        engagement = Engagement.objects.select_related("event", "case").get(pk=engagement.pk)
        services.engagement_answer(
            actor=meera, engagement=engagement, expected_version=None, answer="referred",
            answered_at=at, referred_to_office=offices["ps"],
        )  # fmt: skip
    elif change == "rescue within three days":
        assert not engagement.rescue_followed
        case_services.event_record(
            actor=meera, case=engagement.case, type="rescue",
            when=parse_when(
                timezone.localtime(asked + dt.timedelta(days=1)).strftime(
                    "%-d %b %Y %H:%M"
                )
            ),
        )  # fmt: skip
    elif change == "redate":
        case_services.event_update(
            actor=meera, event=engagement.event, expected_version=None,
            when=parse_when("15 Nov 2024 10:00"), survivors=[],
        )  # fmt: skip
    else:
        nadia = requests_of_a_year["nadia"]
        case_services.case_update(
            actor=meera, case=engagement.case, expected_version=None,
            district=places["n24"] if engagement.case.district_id == nadia.pk else nadia,
        )  # fmt: skip
    assert stored_rows() != before
    assert stored_rows() == rebuilt_rows()


def test_rows_without_a_digest_are_recomputed(requests_of_a_year: Any, cast: Any) -> None:
    """A case recorded before the digest existed (or whose digest is lost) has its rows
    recomputed at its next entry, and gains a digest: every row of its groups is again what a
    rebuild writes, while the rows of other groups keep what was done to them."""
    from mukti.rescue.models import ResponsivenessCounted

    engagement = requests_of_a_year["engagements"][4]
    case = engagement.case
    ours = (engagement.office_id, dt.date(2024, 2, 1))  # its one request: 23 Feb 2024
    assert ResponsivenessCounted.objects.filter(case=case).exists()
    ResponsivenessCounted.objects.filter(case=case).delete()
    ResponsivenessMonth.objects.update(engagements=99)  # every row wrong
    case_services.event_record(
        actor=cast["caseworker"], case=case, type="verified", when=parse_when("2 Feb 2024")
    )
    assert ResponsivenessCounted.objects.filter(case=case).exists()
    columns = ROW_COLUMNS.index("office_id"), ROW_COLUMNS.index("month")

    def of_ours(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [r for r in rows if (r[columns[0]], r[columns[1]]) == ours]

    stored, rebuilt = stored_rows(), rebuilt_rows()
    assert of_ours(stored) == of_ours(rebuilt) != []
    others = [r for r in stored if r not in of_ours(stored)]
    assert others and all(r[ROW_COLUMNS.index("engagements")] == 99 for r in others)


def test_the_digest_reads_instants_not_time_zones() -> None:
    utc = dt.datetime(2024, 3, 31, 18, 29, tzinfo=dt.UTC)
    kolkata = utc.astimezone(dt.timezone(dt.timedelta(hours=5, minutes=30)))
    one = (1, 2, 3, None, utc, True, False, "verified", utc + dt.timedelta(minutes=5))
    other = (1, 2, 3, None, kolkata, True, False, "verified", kolkata + dt.timedelta(minutes=5))
    assert monthly.counted_digest(7, [one]) == monthly.counted_digest(7, [other])
    assert monthly.counted_digest(7, [one]) != monthly.counted_digest(8, [one])
    later = (*one[:8], utc + dt.timedelta(minutes=6))
    assert monthly.counted_digest(7, [one]) != monthly.counted_digest(7, [later])
    second = (9, *later[1:])  # another request of the case: the order does not matter
    assert monthly.counted_digest(7, [one, second]) == monthly.counted_digest(7, [second, one])
