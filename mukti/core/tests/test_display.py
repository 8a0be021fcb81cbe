"""get_FOO_display() reads a cached table of the field's choices: the same answers as Django's."""

from __future__ import annotations

from mukti.cases.models import Case, CaseStatus, Event, EventType


def test_display_labels_are_the_choices_labels_and_unknown_values_show_as_themselves() -> None:
    for value, label in CaseStatus.choices:
        assert Case(status=value).get_status_display() == str(label)
    for value, label in EventType.choices:
        assert Event(type=value).get_type_display() == str(label)
    assert Case(status="no-such-status").get_status_display() == "no-such-status"
