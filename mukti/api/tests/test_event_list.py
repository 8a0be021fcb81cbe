"""The API's list of a case's events is read a page at a time, with only what it shows (issue
24), and lists exactly what the case page's timeline lists, in the same order, page by page:
the kinds of entry each role may see, the type filter, unknown dates last, each event's
survivors in the timeline's order."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mukti.accounts.models import User
from mukti.api.v1 import _event
from mukti.cases import selectors
from mukti.cases import services as case_services
from mukti.cases.access import hidden_event_types
from mukti.cases.models import Case, EventType
from mukti.core.fuzzydate import parse_when

pytestmark = pytest.mark.django_db

ROLES = ("caseworker", "supervisor", "legal_officer")


@pytest.fixture
def busy(
    case: Case, cast: dict[str, User], places: Any, official: Any, offices: Any,
    rescue_records: Any, care_records: Any, justice_records: Any,
) -> Case:  # fmt: skip
    """The shared case with its records, a second survivor and thirty more entries: some of
    one date (the order they were entered decides), some undated, some of both survivors."""
    kusum = case.case_survivors.get().survivor
    asha = case_services.survivor_add(actor=cast["caseworker"], case=case, pseudonym="Asha")
    kinds = ["other", "police_informed", "information_received", "verified"]
    for n in range(30):
        case_services.event_record(
            actor=cast["caseworker"], case=case, type=kinds[n % len(kinds)],
            when=parse_when("unknown" if n % 7 == 0 else f"{1 + n % 5} May 2024"),
            survivors=[[], [kusum], [asha, kusum], [asha]][n % 4],
            place=places["basirhat"] if n % 3 == 0 else None,
            actor_official=official if n % 5 == 0 else None,
            note=f"Entry {n}",
        )  # fmt: skip
    return case


def _as_before(case: Case, user: User, kind: str, page: int, per_page: int) -> list[Any]:
    """What the list gave when it read the case page's timeline and cut the page from it."""
    rows = selectors.timeline(case=case, user=user, type=kind)
    start = (page - 1) * per_page
    # Through JSON, as the API writes it: times as text.
    return json.loads(json.dumps([_event(e) for e in rows[start : start + per_page]], default=str))


def _known(kind: str) -> str:
    """The kind the list filters by: an unknown one filters nothing (as on the case page)."""
    return kind if kind in EventType.values else ""


def _listed(client: Client, case: Case, **query: Any) -> Any:
    response = client.get(reverse("api-v1:event-list", args=[case.reference]), query)
    assert response.status_code == 200, response.content
    return response.json()


def _times_as_text(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from django.utils.dateparse import parse_datetime

    return [
        r | {"occurred_at": r["occurred_at"] and str(parse_datetime(r["occurred_at"]))}
        for r in results
    ]


def test_every_page_lists_what_the_timeline_lists(
    busy: Case, cast: dict[str, User], api_as: Callable[..., Client]
) -> None:
    assert any(hidden_event_types(cast[role]) for role in ROLES)  # a role that sees fewer kinds
    for role in ROLES:
        client = api_as(role, write=False)
        for kind in ("", "other", "rescue_attempt", "medical_care", "arrest", "not-a-kind"):
            for per_page in (1, 7, 25, 100):
                page, seen = 1, 0
                while True:
                    got = _listed(client, busy, type=kind, page=page, per_page=per_page)
                    expected = _as_before(busy, cast[role], _known(kind), page, per_page)
                    assert _times_as_text(got["results"]) == expected, (role, kind, page)
                    seen += len(got["results"])
                    if got["next"] is None:
                        break
                    page += 1
                everything = selectors.timeline(case=busy, user=cast[role], type=_known(kind))
                assert seen == len(everything), (role, kind, per_page)
    # Something to compare: undated entries, two survivors, hidden kinds.
    rows = _listed(api_as("supervisor"), busy, per_page=100)["results"]
    assert rows[-1]["occurred_at"] is None and any(len(r["survivors"]) == 2 for r in rows)
    assert len(_listed(api_as("legal_officer"), busy, per_page=100)["results"]) < len(rows)


def test_a_page_takes_the_same_queries_however_long_the_timeline(
    busy: Case, cast: dict[str, User], api_as: Callable[..., Client]
) -> None:
    # One minute of the token's rate window throughout: a new minute costs one more query.
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, 0, 20, tzinfo=dt.UTC), tick=False):
        client = api_as("supervisor", write=False)
        url = reverse("api-v1:event-list", args=[busy.reference])
        client.get(url)  # the token's first use is audited once
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        for n in range(40):
            case_services.event_record(
                actor=cast["caseworker"], case=busy, type="other", when=parse_when("2 Jun 2024"),
                survivors=[], note=f"More {n}",
            )  # fmt: skip
        with CaptureQueriesContext(connection) as more:
            assert client.get(url).status_code == 200
    assert len(few) == len(more)
