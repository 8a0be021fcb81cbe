from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mukti.accounts.access import Action, requires
from mukti.audit.services import client_ip
from mukti.cases.selectors import case_get_for_user
from mukti.core.forms import save_or_report
from mukti.reports import services
from mukti.reports.forms import CaseReportForm


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Reports name survivors (by pseudonym, or by name when the identity was included): no
    # shared cache or browser cache may keep them.
    response["Cache-Control"] = "no-store"
    return response


@requires(Action.CASE_VIEW)
def case_report(request: HttpRequest, reference: str) -> HttpResponse:
    """The report form (GET) and the PDF (POST). A case the user may not see is a 404."""
    case = case_get_for_user(user=request.user, reference=reference)  # type: ignore[arg-type]
    form = CaseReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        body = save_or_report(
            form,
            lambda: services.case_report_generate(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                include_identity=form.cleaned_data["include_identity"],
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            ),
        )
        if body is not None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            return _attachment(body, "application/pdf", f"{case.reference}-report-{stamp}.pdf")
    return render(request, "reports/case_report_form.html", {"case": case, "form": form})
