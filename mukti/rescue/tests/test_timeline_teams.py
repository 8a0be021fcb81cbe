"""Who from our team took part in an engagement or a rescue attempt, as the timeline shows it
(read for the whole case at once, by queries compiled once per connection; issue 24), is what
each entry's own records say, in the same order, whatever the case's other entries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mukti.cases import selectors
from mukti.cases.models import Event

pytestmark = pytest.mark.django_db


def _by_lines(events: list[Event]) -> dict[int, Any]:
    return {e.pk: e.by_line for e in events}


def test_the_timeline_shows_each_entry_s_own_team(
    rescue_records: Any, case: Any, cast: Any
) -> None:
    supervisor, meera, farida = cast["supervisor"], cast["caseworker"], cast["legal_officer"]
    rescue_records.first.our_staff.set([supervisor, meera])
    rescue_records.second.our_staff.set([])  # no one: the typist's name is shown
    rescue_records.operation.ngo_staff.set([farida, meera])
    rows = selectors.timeline(case=case, user=supervisor)
    # Each entry's team as its own records say, read one by one (no batch set on them).
    alone = [Event.objects.get(pk=row.pk) for row in rows]
    assert _by_lines(rows) == _by_lines(alone)
    shown = {row.pk: str(row.by_line) for row in rows if row.by_line}
    first = str(rows[[r.pk for r in rows].index(rescue_records.first.event_id)].by_line)
    assert "Meera" in first and "Rupa" in first
    assert first.index("Meera") < first.index("Rupa")  # by first name, as before
    attempts = [row for row in rows if row.type == "rescue_attempt"]
    assert len(attempts) == 2
    assert all("Farida" in str(a.by_line) and "Meera" in str(a.by_line) for a in attempts)
    assert shown  # the by-lines were there to compare


def test_the_teams_cost_one_query_each_and_none_without_such_entries(
    rescue_records: Any, case: Any, cast: Any
) -> None:
    supervisor = cast["supervisor"]
    selectors.timeline(case=case, user=supervisor)  # compiled
    with CaptureQueriesContext(connection) as with_rescue:
        selectors.timeline(case=case, user=supervisor)
    with CaptureQueriesContext(connection) as only_notes:
        selectors.timeline(case=case, user=supervisor, type="note")
    teams = [
        q
        for q in with_rescue.captured_queries
        if "our_staff" in q["sql"] or "ngo_staff" in q["sql"]
    ]
    assert len(teams) == 2
    assert not any(
        "our_staff" in q["sql"] or "ngo_staff" in q["sql"] for q in only_notes.captured_queries
    )
