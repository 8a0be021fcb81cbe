"""The search text of a case (``search.case_text``), read through compiled queries: what it holds
and leaves out, in the order the querysets gave it."""

from __future__ import annotations

from typing import Any

import pytest

from mukti.cases import search
from mukti.cases import services as case_services
from mukti.cases.access import CARE_EVENTS, JUSTICE_EVENTS
from mukti.cases.models import CaseSearchText, Event
from mukti.core.fuzzydate import parse_when

pytestmark = pytest.mark.django_db


def queryset_text(case: Any) -> str:
    """The text as the querysets read it (what ``case_text`` did before its queries were
    compiled): the oracle."""
    parts: list[str] = [case.reference, case.title, case.summary]
    if case.district is not None:
        parts.append(case.district.name)
    parts += case.case_survivors.values_list("survivor__pseudonym", flat=True)
    parts += (
        Event.objects.filter(case=case)
        .exclude(note="")
        .exclude(type__in=CARE_EVENTS | JUSTICE_EVENTS)
        .values_list("note", flat=True)
    )
    parts += Event.objects.filter(case=case, place__isnull=False).values_list(
        "place__name", flat=True
    )
    return search.document(parts)


def test_the_search_text_holds_notes_and_places_but_no_care_note(
    case: Any, care_records: Any, places: Any
) -> None:
    lead = case.lead
    for day, note in (("9 May 2024", "Visited the brick kiln"), ("3 May 2024", "Met the mukhiya")):
        case_services.event_record(
            actor=lead, case=case, type="verified", when=parse_when(day), note=note,
            place=places["ps_area"],
        )  # fmt: skip
    medical = Event.objects.get(pk=care_records.medical.event_id)
    Event.objects.filter(pk=medical.pk).update(note="Zaffrewort")  # a care note
    case_services.timeline_touched(case)
    search.case_reindex(case)
    text = search.case_text(case)
    assert text == queryset_text(case)
    assert "Visited the brick kiln" in text and places["ps_area"].name in text
    assert "Zaffrewort" not in text
    # In the timeline's order (by date), as the querysets gave it.
    assert text.index("Met the mukhiya") < text.index("Visited the brick kiln")
    assert CaseSearchText.objects.get(case=case).text == text
    # A second case on the same connection: the compiled queries take the new case's id.
    other = case_services.case_open(actor=lead, title="Another case")
    assert search.case_text(other) == queryset_text(other)
    assert "brick kiln" not in search.case_text(other)
