"""The shared write mechanism (core/services.py): a misspelt field is an error, and no value of an
encrypted field reaches the append-only audit log, whichever service writes the record."""

from __future__ import annotations

from typing import Any

import pytest

from mukti.audit.models import AuditAction, AuditRecord
from mukti.audit.services import audit_record, diff, snapshot
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.cases import services
from mukti.cases.models import Case, Event, Survivor
from mukti.core.fuzzydate import parse_when

pytestmark = pytest.mark.django_db


def test_a_misspelt_field_in_an_update_is_refused_naming_it(cast: Any, case: Case) -> None:
    written = AuditRecord.objects.count()
    with pytest.raises(TypeError, match="Case has no field 'sumary'"):
        services.case_update(
            actor=cast["caseworker"], case=case, expected_version=case.version, sumary="x"
        )
    case.refresh_from_db()
    assert case.version == 1 and case.summary == ""
    assert AuditRecord.objects.count() == written


def test_a_misspelt_field_is_refused_even_beside_real_ones(cast: Any, case: Case) -> None:
    with pytest.raises(TypeError, match="Case has no field 'priorty', 'tittle'"):
        tracked_update(
            case, actor=cast["caseworker"], expected_version=None, summary="y",
            tittle="z", priorty="high",
        )  # fmt: skip
    case.refresh_from_db()
    assert case.summary == "" and case.version == 1


def test_a_field_may_be_named_by_its_column(cast: Any, case: Case) -> None:
    updated = tracked_update(
        case, actor=cast["caseworker"], expected_version=None, lead_id=cast["other_caseworker"].pk
    )
    assert updated.lead == cast["other_caseworker"] and updated.version == 2


def test_a_new_service_writes_no_protected_value_into_the_log(cast: Any, case: Case) -> None:
    """A service written without any thought for redaction: it creates and updates a row with
    encrypted fields, and appends a record of its own from snapshots (with no object, as a
    deletion does). The log says only that the protected values changed."""
    survivor = tracked_create(
        Survivor,
        actor=cast["caseworker"],
        organisation_id=cast["caseworker"].organisation_id,
        pseudonym="Bela",
        care_needs="Asthma, Sabina Testname",
    )
    tracked_update(
        survivor, actor=cast["caseworker"], expected_version=1,
        care_needs="Asthma; her sister Sabina Testname visits",
    )  # fmt: skip
    before = snapshot(survivor)
    survivor.care_needs = "Moved: Sabina Testname's house"
    audit_record(
        actor=cast["caseworker"], action=AuditAction.UPDATE, object_type="cases.survivor",
        object_id=str(survivor.pk), object_repr="Bela", changes=diff(before, snapshot(survivor)),
    )  # fmt: skip
    records = AuditRecord.objects.filter(object_type="cases.survivor", object_repr="Bela")
    assert [r.changes["care_needs"] for r in records.order_by("seq")] == [
        [None, "[protected]"], ["[protected]", "[protected]"], ["[protected]", "[protected]"]
    ]  # fmt: skip
    assert "Sabina" not in str([r.changes for r in AuditRecord.objects.all()])


def test_an_unchanged_protected_value_is_not_reported_as_changed(cast: Any, case: Case) -> None:
    survivor = tracked_create(
        Survivor,
        actor=cast["caseworker"],
        organisation_id=case.organisation_id,
        pseudonym="Bela",
        care_needs="Asthma",
    )
    written = AuditRecord.objects.count()
    same = tracked_update(
        survivor, actor=cast["caseworker"], expected_version=1, care_needs="Asthma"
    )
    assert same.version == 1 and AuditRecord.objects.count() == written
    changed = tracked_update(survivor, actor=cast["caseworker"], expected_version=1, care_needs="")
    assert changed.version == 2
    assert AuditRecord.objects.latest("seq").changes == {"care_needs": ["[protected]", ""]}


def test_deleting_an_event_keeps_its_quote_out_of_the_log(cast: Any, case: Case) -> None:
    event = services.event_record(
        actor=cast["caseworker"], case=case, type="other", when=parse_when("10 Mar 2024"),
        quote="Rokeya Begum Testname was kept in a room in Basirhat.",
    )  # fmt: skip
    services.event_delete(actor=cast["caseworker"], event=event)
    assert not Event.objects.filter(pk=event.pk).exists()
    deleted = AuditRecord.objects.get(action=AuditAction.DELETE, object_type="cases.event")
    assert deleted.changes["quote"] == ["[protected]", None]
    assert "Rokeya" not in str([r.changes for r in AuditRecord.objects.all()])
