"""Writes of the reports app: the audit records of reports and exports (nothing else changes)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record
from mukti.cases import services as case_services
from mukti.cases.models import Case, ProtectedIdentity
from mukti.core import pdf
from mukti.core.errors import ApplicationError
from mukti.reports import selectors


def case_report_generate(
    *, actor: User, case: Case, include_identity: bool = False, reason: str = "", ip: str | None
) -> bytes:
    """The case report as a PDF. Generating it is audited (it leaves the system); including the
    protected identity is a reveal of each survivor's identity, audited with its reason exactly
    as the reveal page does, and refused to anyone who may not reveal it."""
    require(actor, Action.CASE_VIEW, case)
    events = selectors.case_event_count(case=case, user=actor)
    if events > selectors.MAX_REPORT_EVENTS:
        raise ApplicationError(
            _(
                "This case has %(n)d timeline entries: a report can hold at most %(max)d. "
                "Print the case page from your browser instead."
            )
            % {"n": events, "max": selectors.MAX_REPORT_EVENTS}
        )
    identities: dict[int, ProtectedIdentity] = {}
    # The reveals and the report's audit record commit before the PDF is drawn: drawing takes
    # seconds, and the audit head stays locked until the transaction that appends ends.
    with transaction.atomic():
        _report_audit(actor, case, include_identity, reason, events, ip, identities)
    report = selectors.case_report(case=case, user=actor, identities=identities)
    html = render_to_string(
        "reports/case_report.html",
        {"report": report, "actor": actor, "generated_at": timezone.now()},
    )
    return pdf.html_to_pdf(html)


def _report_audit(
    actor: User,
    case: Case,
    include_identity: bool,
    reason: str,
    events: int,
    ip: str | None,
    identities: dict[int, ProtectedIdentity],
) -> None:
    if include_identity:
        require(actor, Action.SURVIVOR_REVEAL, case)
        if len(reason.strip()) < 10:
            raise ApplicationError(
                _("Say why the report must show who she is (at least a few words)."),
                field="reason",
            )
        for link in case.case_survivors.select_related("survivor").order_by("id"):
            identities[link.survivor_id] = case_services.survivor_reveal(
                actor=actor,
                case=case,
                survivor=link.survivor,
                reason=_("Case report: %(reason)s") % {"reason": reason.strip()},
            )
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=case,
        object_repr=f"{case.reference} · " + _("case report (PDF)"),
        changes={"page": "case-report", "identity": include_identity, "events": events},
        reason=reason.strip() if include_identity else "",
        ip=ip,
    )


@transaction.atomic
def export_record(
    *, actor: User, name: str, fmt: str, filters: dict[str, Any], rows: int, ip: str | None
) -> None:
    """Every list export leaves the system: one audit record with its filter and row count."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="reports.export",
        object_id=name,
        object_repr=f"{name}.{fmt}",
        changes={"format": fmt, "filters": filters, "rows": rows},
        ip=ip,
    )
