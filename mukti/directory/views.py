from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.access import Action, requires
from mukti.audit.selectors import history_of
from mukti.core.errors import ApplicationError
from mukti.core.forms import query_text, save_or_report
from mukti.core.http import AuthedRequest
from mukti.directory import selectors, services
from mukti.directory.forms import DirectoryForm, JurisdictionForm, OfficeForm, OfficialForm
from mukti.directory.models import OfficeKind

PAGE_SIZE = 50


class Linked(Protocol):
    """A directory row: it has a page to go back to."""

    def get_absolute_url(self) -> str: ...


def _form_page(
    request: HttpRequest,
    form: DirectoryForm,
    save: Callable[[dict[str, Any], int | None], Linked],
    context: dict[str, Any],
) -> HttpResponse:
    """Render a directory form; on a valid POST, call the service and go to the saved object."""
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        saved = save_or_report(form, lambda: save(values, form.cleaned_data.get("version")))
        if saved is not None:
            messages.success(request, _("Saved %(name)s.") % {"name": saved})
            return redirect(saved)
    return render(request, "directory/form.html", {"form": form, **context})


def _delete(
    request: HttpRequest, delete: Callable[[], None], name: str, back: Linked
) -> HttpResponse:
    try:
        delete()
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, _("Deleted %(name)s.") % {"name": name})
    return redirect("directory:index")


@requires(Action.DIRECTORY_VIEW)
def index(request: AuthedRequest) -> HttpResponse:
    tree = selectors.jurisdiction_tree(actor=request.user)
    return render(request, "directory/index.html", {"tree": tree})


@requires(Action.DIRECTORY_VIEW)
def jurisdiction_detail(request: AuthedRequest, jurisdiction_id: int) -> HttpResponse:
    jurisdiction = selectors.jurisdiction_get(actor=request.user, jurisdiction_id=jurisdiction_id)
    context = {
        "jurisdiction": jurisdiction,
        "path": selectors.ancestors(jurisdiction)[:-1],
        "children": selectors.jurisdiction_children(jurisdiction=jurisdiction),
        "offices": selectors.office_list(actor=request.user, jurisdiction_id=jurisdiction.pk),
        "history": history_of(jurisdiction, viewer=request.user),
    }
    return render(request, "directory/jurisdiction_detail.html", context)


@requires(Action.DIRECTORY_EDIT)
def jurisdiction_create(request: AuthedRequest) -> HttpResponse:
    form = JurisdictionForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    return _form_page(
        request,
        form,
        lambda values, _v: services.jurisdiction_create(actor=request.user, **values),
        {"title": _("New jurisdiction")},
    )


@requires(Action.DIRECTORY_EDIT)
def jurisdiction_edit(request: AuthedRequest, jurisdiction_id: int) -> HttpResponse:
    jurisdiction = selectors.jurisdiction_get(actor=request.user, jurisdiction_id=jurisdiction_id)
    form = JurisdictionForm(
        request.POST or None, instance=jurisdiction, initial={"version": jurisdiction.version}
    )
    return _form_page(
        request,
        form,
        lambda values, version: services.jurisdiction_update(
            actor=request.user, jurisdiction=jurisdiction, expected_version=version, **values
        ),
        {"title": _("Edit %(name)s") % {"name": jurisdiction}, "object": jurisdiction},
    )


@require_POST
@requires(Action.DIRECTORY_DELETE)
def jurisdiction_delete(request: AuthedRequest, jurisdiction_id: int) -> HttpResponse:
    jurisdiction = selectors.jurisdiction_get(actor=request.user, jurisdiction_id=jurisdiction_id)
    return _delete(
        request,
        lambda: services.jurisdiction_delete(actor=request.user, jurisdiction=jurisdiction),
        str(jurisdiction),
        jurisdiction,
    )


@requires(Action.DIRECTORY_VIEW)
def office_list(request: AuthedRequest) -> HttpResponse:
    query = query_text(request, "q")
    kind = request.GET.get("kind", "")
    kind = kind if kind in OfficeKind.values else ""
    offices = selectors.office_list(actor=request.user, query=query, kind=kind)
    page = Paginator(offices, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "kind": kind, "kinds": OfficeKind.choices}
    template = "directory/_office_rows.html" if request.htmx else "directory/office_list.html"
    return render(request, template, context)


@requires(Action.DIRECTORY_VIEW)
def office_detail(request: AuthedRequest, office_id: int) -> HttpResponse:
    office = selectors.office_get(actor=request.user, office_id=office_id)
    context = {
        "office": office,
        "path": selectors.ancestors(office.jurisdiction),
        "officials": selectors.office_officials(office=office),
        "subordinates": selectors.office_subordinates(office=office),
        "history": history_of(office, viewer=request.user),
    }
    return render(request, "directory/office_detail.html", context)


@requires(Action.DIRECTORY_EDIT)
def office_create(request: AuthedRequest) -> HttpResponse:
    initial = {k: request.GET.get(k) for k in ("jurisdiction", "parent", "kind")}
    form = OfficeForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        form,
        lambda values, _v: services.office_create(actor=request.user, **values),
        {"title": _("New office")},
    )


@requires(Action.DIRECTORY_EDIT)
def office_edit(request: AuthedRequest, office_id: int) -> HttpResponse:
    office = selectors.office_get(actor=request.user, office_id=office_id)
    form = OfficeForm(request.POST or None, instance=office, initial={"version": office.version})
    return _form_page(
        request,
        form,
        lambda values, version: services.office_update(
            actor=request.user, office=office, expected_version=version, **values
        ),
        {"title": _("Edit %(name)s") % {"name": office}, "object": office},
    )


@require_POST
@requires(Action.DIRECTORY_DELETE)
def office_delete(request: AuthedRequest, office_id: int) -> HttpResponse:
    office = selectors.office_get(actor=request.user, office_id=office_id)
    return _delete(
        request,
        lambda: services.office_delete(actor=request.user, office=office),
        str(office),
        office,
    )


@requires(Action.DIRECTORY_VIEW)
def official_list(request: AuthedRequest) -> HttpResponse:
    query = query_text(request, "q")
    current_only = request.GET.get("current") == "1"
    officials = selectors.official_list(actor=request.user, query=query, current_only=current_only)
    page = Paginator(officials, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "current_only": current_only}
    template = "directory/_official_rows.html" if request.htmx else "directory/official_list.html"
    return render(request, template, context)


@requires(Action.DIRECTORY_VIEW)
def official_detail(request: AuthedRequest, official_id: int) -> HttpResponse:
    official = selectors.official_get(actor=request.user, official_id=official_id)
    context = {"official": official, "history": history_of(official, viewer=request.user)}
    return render(request, "directory/official_detail.html", context)


@requires(Action.DIRECTORY_EDIT)
def official_create(request: AuthedRequest) -> HttpResponse:
    form = OfficialForm(request.POST or None, initial={"office": request.GET.get("office")})
    return _form_page(
        request,
        form,
        lambda values, _v: services.official_create(actor=request.user, **values),
        {"title": _("New official")},
    )


@requires(Action.DIRECTORY_EDIT)
def official_edit(request: AuthedRequest, official_id: int) -> HttpResponse:
    official = selectors.official_get(actor=request.user, official_id=official_id)
    form = OfficialForm(
        request.POST or None, instance=official, initial={"version": official.version}
    )
    return _form_page(
        request,
        form,
        lambda values, version: services.official_update(
            actor=request.user, official=official, expected_version=version, **values
        ),
        {"title": _("Edit %(name)s") % {"name": official}, "object": official},
    )


@require_POST
@requires(Action.DIRECTORY_DELETE)
def official_delete(request: AuthedRequest, official_id: int) -> HttpResponse:
    official = selectors.official_get(actor=request.user, official_id=official_id)
    return _delete(
        request,
        lambda: services.official_delete(actor=request.user, official=official),
        str(official),
        official,
    )


@requires(Action.DIRECTORY_VIEW)
def official_options(request: AuthedRequest) -> HttpResponse:
    """The <option>s of an official picker for the office chosen beside it (htmx): the officials
    of that office, or everyone when no office is chosen; the one already picked stays picked."""
    office = query_text(request, request.GET.get("office_field", "office"), max_length=12)
    picked = query_text(request, request.GET.get("official_field", "official"), max_length=12)
    officials = selectors.officials_for_office(office_id=int(office) if office.isdigit() else None)
    context = {"officials": officials, "picked": picked}
    return render(request, "directory/_official_options.html", context)
