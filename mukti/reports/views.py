from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, requires
from mukti.audit import selectors as audit_selectors
from mukti.audit.models import AuditAction
from mukti.audit.services import client_ip
from mukti.cases.forms import case_filters
from mukti.cases.selectors import case_get_for_user, case_owned_records
from mukti.core import pdf
from mukti.core.forms import save_or_report
from mukti.core.http import AuthedRequest
from mukti.documents.selectors import case_document_ids
from mukti.intake.selectors import case_draft_ids
from mukti.reports import dashboard, exports, selectors, services, statistics
from mukti.reports.forms import CaseReportForm, dashboard_filters, period, statistics_period


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Reports name survivors (by pseudonym, or by name when the identity was included): no
    # shared cache or browser cache may keep them.
    response["Cache-Control"] = "no-store"
    return response


@requires(Action.CASE_VIEW)
def case_report(request: AuthedRequest, reference: str) -> HttpResponse:
    """The report form (GET) and the PDF (POST). A case the user may not see is a 404."""
    case = case_get_for_user(user=request.user, reference=reference)
    form = CaseReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        body = save_or_report(
            form,
            lambda: services.case_report_generate(
                actor=request.user,
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


def _format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "csv")
    return fmt if fmt in exports.FORMATS else "csv"


def _export(request: AuthedRequest, table: exports.Table) -> HttpResponse:
    """Write the table, then audit the download with its filter and row count."""
    fmt = _format(request)
    body = exports.render(table, fmt)
    services.export_record(
        actor=request.user,
        name=table.name,
        fmt=fmt,
        filters=table.filters,
        rows=table.count,
        ip=client_ip(request),
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _attachment(body, exports.CONTENT_TYPES[fmt], f"{table.name}-{stamp}.{fmt}")


@requires(Action.CASES_EXPORT)
def export_cases(request: AuthedRequest) -> HttpResponse:
    """The case list as filtered on its page (the same query string)."""
    table = selectors.cases_table(actor=request.user, filters=case_filters(request))
    return _export(request, table)


@requires(Action.CASES_EXPORT)
def export_window(request: AuthedRequest) -> HttpResponse:
    return _export(request, selectors.window_table(actor=request.user))


@requires(Action.CASES_EXPORT)
def export_due_soon(request: AuthedRequest) -> HttpResponse:
    hours = 24 if request.GET.get("hours") == "24" else 72
    return _export(request, selectors.due_soon_table(actor=request.user, hours=hours))


@requires(Action.FIGURES_EXPORT)
def export_responsiveness(request: AuthedRequest) -> HttpResponse:
    p = period(request)
    table = selectors.responsiveness_table(
        actor=request.user,
        start=p["start"],
        end=p["end"],
        by=p["by"],
    )
    return _export(request, table)


@requires(Action.FIGURES_EXPORT)
def export_lateness(request: AuthedRequest) -> HttpResponse:
    p = period(request)
    table = selectors.lateness_table(actor=request.user, start=p["start"], end=p["end"])
    return _export(request, table)


@requires(Action.STATISTICS_VIEW)
def statistics_page(request: AuthedRequest) -> HttpResponse:
    """Figures for a quarter or a year, by district; groups under 11 people are not shown."""
    form, chosen = statistics_period(request)
    stats = statistics.period_statistics(actor=request.user, period=chosen)
    context = {"form": form, "stats": stats, "columns": statistics.column_labels()}
    return render(request, "reports/statistics.html", context)


@requires(Action.FIGURES_EXPORT)
def statistics_download(request: AuthedRequest) -> HttpResponse:
    _form, chosen = statistics_period(request)
    stats = statistics.period_statistics(actor=request.user, period=chosen)
    columns = statistics.column_labels()
    table = exports.Table(
        f"statistics-{chosen.label.replace(' ', '-')}",
        [str(_("District")), *(label for _key, label in columns)],
        [
            [row.name, *row.values([key for key, _label in columns])]
            for row in [*stats.rows, stats.total]
        ],
        filters={"year": chosen.year, "quarter": chosen.quarter},
    )
    if request.GET.get("format") != "pdf":
        return _export(request, table)
    html = render_to_string(
        "reports/statistics_pdf.html",
        {"stats": stats, "columns": columns, "actor": request.user, "generated_at": timezone.now()},
    )
    body = pdf.html_to_pdf(html)
    table.count = len(stats.rows) + 1
    services.export_record(
        actor=request.user,
        name=table.name,
        fmt="pdf",
        filters=table.filters,
        rows=table.count,
        ip=client_ip(request),
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _attachment(body, "application/pdf", f"{table.name}-{stamp}.pdf")


@requires(Action.STATISTICS_VIEW)
def dashboard_page(request: AuthedRequest) -> HttpResponse:
    form, filters = dashboard_filters(request)
    charts = dashboard.dashboard(actor=request.user, **filters)
    context = {"form": form, "charts": charts, "filters": filters}
    return render(request, "reports/dashboard.html", context)


@requires(Action.AUDIT_VIEW)
def case_access(request: AuthedRequest, reference: str) -> HttpResponse:
    """A supervisor's review of who read and changed one case, and why identities were seen:
    the case, its survivors, their protected identity (each reveal, with its reason), its
    timeline entries, the narratives it was read from and its documents (every download)."""
    case = case_get_for_user(user=request.user, reference=reference)
    owned = case_owned_records(case=case) | {
        "intake.draft": case_draft_ids(case=case),
        "documents.document": case_document_ids(case=case),
    }
    records = audit_selectors.records_touching(owned)
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    reveals = records.filter(action=AuditAction.REVEAL)
    context = {"case": case, "page": page, "reveals": list(reveals[:200])}
    return render(request, "reports/case_access.html", context)
