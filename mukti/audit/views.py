from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from mukti.accounts.access import Action, requires
from mukti.audit import selectors
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
