from __future__ import annotations

import time

from django.http import HttpResponse
from django.shortcuts import render

from mukti.accounts.access import Action, requires
from mukti.audit.services import client_ip
from mukti.core.forms import save_or_report
from mukti.core.http import AuthedRequest
from mukti.exports import ctdc, services
from mukti.exports.forms import ExportForm


def _attachment(export: services.Export) -> HttpResponse:
    response = HttpResponse(export.body, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@requires(Action.DATASETS_EXPORT)
def export_page(request: AuthedRequest) -> HttpResponse:
    """Choose a partner and an export; "Check first" shows what would go (how many survivors,
    how many left out, generalised, suppressed) without exporting; "Download" exports, audited.
    """
    organisation = request.user.organisation
    form = ExportForm(request.POST or None, organisation_id=organisation.pk)
    preview = None
    seconds = None
    if request.method == "POST" and form.is_valid():
        partner, kind = form.cleaned_data["partner"], form.cleaned_data["kind"]
        download = "download" in request.POST
        started = time.perf_counter()
        if kind == "ctdc":
            export = save_or_report(
                form,
                lambda: services.dataset_export(
                    actor=request.user, organisation=organisation, partner=partner,
                    ip=client_ip(request), write=download,
                ),
            )  # fmt: skip
        else:
            export = save_or_report(
                form,
                lambda: services.htcds_export(
                    actor=request.user, organisation=organisation, partner=partner,
                    fmt="json" if kind == "htcds_json" else "zip", ip=client_ip(request),
                    write=download,
                ),
            )  # fmt: skip
        seconds = time.perf_counter() - started
        if export is not None and download:
            return _attachment(export)
        preview = export
    context = {"form": form, "preview": preview, "seconds": seconds, "k": ctdc.K}
    return render(request, "exports/index.html", context)
