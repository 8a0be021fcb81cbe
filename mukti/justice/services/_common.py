"""What the justice modules share: the timeline event, the FIR that later records follow, the
checks on an office's kind and on an accused of this case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.models import User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record, diff, snapshot
from mukti.cases import services as case_services
from mukti.cases.models import Case
from mukti.core import l10n
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When, format_when
from mukti.directory.models import Office
from mukti.justice.models import Accused, CaseAccused, Fir


def _event(actor: User, case: Case, type: str, when: When, **values: Any) -> Any:
    return case_services.event_record(actor=actor, case=case, type=type, when=when, **values)


def _day(value: dt.datetime | None) -> str:
    return l10n.day(timezone.localtime(value)) if value else "?"


def _check_kind(office: Office, kinds: Iterable[str], what: str, field: str) -> None:
    if office.kind not in kinds:
        raise ApplicationError(
            _("%(office)s is not %(what)s in the directory.") % {"office": office, "what": what},
            field=field,
        )


def _first_fir(case: Case) -> Fir | None:
    return (
        Fir.objects.filter(case=case, event__occurred_at__isnull=False)
        .select_related("event")
        .order_by("event__occurred_at")
        .first()
    )


def _after_fir(case: Case, when: When, what: str) -> None:
    fir = _first_fir(case)
    if fir is None:
        raise ApplicationError(
            _("Record the FIR first: %(what)s follows it.") % {"what": what}, field="when"
        )
    end = when.end()
    assert fir.event.occurred_at is not None  # _first_fir reads dated ones only
    if end is not None and end <= fir.event.occurred_at:
        raise ApplicationError(
            _("%(what)s on %(when)s would come before the FIR (%(fir)s, %(day)s).")
            % {"what": what, "when": format_when(when), "fir": fir.number,
               "day": _day(fir.event.occurred_at)},
            field="when",
        )  # fmt: skip


def _created(actor: User, row: Any) -> Any:
    """Save a plain row (no version of its own) with its audit record."""
    row.full_clean()
    row.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, changes=diff({}, snapshot(row)))
    return row


def _check_accused(case: Case, accused: Accused) -> None:
    if not CaseAccused.objects.filter(case=case, accused=accused).exists():
        raise ApplicationError(
            _("%(name)s is not accused in this case; add them first.") % {"name": accused},
            field="accused",
        )
