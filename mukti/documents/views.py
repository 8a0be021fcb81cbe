from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, requires
from mukti.audit.services import client_ip
from mukti.cases.selectors import case_get_for_user
from mukti.core.errors import ApplicationError
from mukti.core.forms import save_or_report
from mukti.core.http import AuthedRequest
from mukti.documents import selectors, services
from mukti.documents.forms import DocumentForm, RemoveForm

# A request body this much larger than the limit is refused before it is read.
FORM_OVERHEAD = 64 * 1024


def _back(case: object) -> HttpResponse:
    return redirect(f"{case.get_absolute_url()}#documents")  # type: ignore[attr-defined]


@requires(Action.CASE_VIEW)
def document_add(request: AuthedRequest, reference: str) -> HttpResponse:
    """Attach a file to one of the case's entries (the entry's kind decides who may)."""
    case = case_get_for_user(user=request.user, reference=reference)
    events = selectors.attachable_events(case=case, user=request.user)
    context: dict[str, object] = {"case": case, "title": _("Attach a document")}
    if request.method == "POST":
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > services.max_bytes() + FORM_OVERHEAD:
            # Refused before the body is read: nothing of it is kept, even in a temporary file.
            form = DocumentForm(events=events)
            context["refused"] = services.too_large_message()
            return render(request, "documents/document_form.html", {**context, "form": form})
        form = DocumentForm(request.POST, request.FILES, events=events)
        if form.is_valid():
            values = form.cleaned_data
            saved = save_or_report(
                form,
                lambda: services.document_attach(
                    actor=request.user,
                    event=values["event"],
                    data=values["data"],
                    filename=values["file"].name or "",
                    title=values["title"],
                ),
            )
            if saved is not None:
                messages.success(request, _("Document attached."))
                return _back(case)
    else:
        form = DocumentForm(events=events, initial={"event": request.GET.get("event")})
    return render(request, "documents/document_form.html", {**context, "form": form})


@requires(Action.CASE_VIEW)
def document_download(request: AuthedRequest, reference: str, document_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference)
    document = selectors.document_get(case=case, user=request.user, document_id=document_id)
    try:
        download = services.document_download(
            actor=request.user, document=document, ip=client_ip(request)
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return _back(case)
    response = HttpResponse(download.data, content_type=download.content_type)
    ascii_name = download.filename.encode("ascii", "replace").decode().replace("?", "_")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(download.filename)}"
    )
    # Survivors' documents: no shared or browser cache may keep them.
    response["Cache-Control"] = "no-store"
    return response


@requires(Action.CASE_VIEW)
def document_remove(request: AuthedRequest, reference: str, document_id: int) -> HttpResponse:
    # The entry's kind decides who may remove it (the service checks): a care officer removes
    # a medical report without the right to edit the case itself.
    case = case_get_for_user(user=request.user, reference=reference)
    document = selectors.document_get(case=case, user=request.user, document_id=document_id)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = save_or_report(
            form,
            lambda: (
                services.document_remove(
                    actor=request.user, document=document, reason=form.cleaned_data["reason"]
                )
                or True
            ),
        )
        if saved is not None:
            messages.success(request, _("Document removed."))
            return _back(case)
    context = {"case": case, "form": form, "document": document, "title": _("Remove a document")}
    return render(request, "documents/document_remove.html", context)
