from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from mukti.accounts.access import Action, requires
from mukti.audit import selectors
from mukti.audit.models import AuditAction
from mukti.cases.selectors import case_get_for_user
from mukti.core.forms import query_text
from mukti.core.http import AuthedRequest


@requires(Action.AUDIT_VIEW)
def audit_list(request: AuthedRequest) -> HttpResponse:
    filters = {
        "object_type": query_text(request, "object_type"),
        "object_id": query_text(request, "object_id"),
        "username": query_text(request, "username"),
    }
    records = selectors.audit_list(actor=request.user, **filters)
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    if not selectors.shows_case_content(request.user):
        for record in page:
            if selectors.is_case_content(record):
                record.withheld = True
    return render(request, "audit/audit_list.html", {"page": page, "filters": filters})


@requires(Action.AUDIT_VIEW)
def case_access(request: AuthedRequest, reference: str) -> HttpResponse:
    """A supervisor's review of who read and changed one case, and why identities were seen."""
    case = case_get_for_user(user=request.user, reference=reference)
    records = selectors.case_access(case=case)
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    reveals = records.filter(action=AuditAction.REVEAL)
    context = {"case": case, "page": page, "reveals": list(reveals[:200])}
    return render(request, "audit/case_access.html", context)
