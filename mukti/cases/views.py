from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from mukti.accounts.access import Action, requires
from mukti.audit.services import client_ip, read_record
from mukti.cases import names, selectors, services
from mukti.cases.access import hidden_event_types
from mukti.cases.forms import (
    CaseForm,
    EventForm,
    IdentityEditForm,
    IdentityForm,
    RevealForm,
    SameAsForm,
    SightingForm,
    StatusForm,
    SurvivorForm,
    case_filters,
)
from mukti.cases.models import Case, CaseStatus, EventType, Priority, SurvivorStatus
from mukti.cases.panels import panels_context
from mukti.core.compiled import compiled
from mukti.core.errors import ApplicationError
from mukti.core.forms import save_or_report
from mukti.core.http import AuthedRequest
from mukti.core.options import options
from mukti.core.pagination import CappedPaginator
from mukti.directory.models import Jurisdiction, JurisdictionKind

PAGE_SIZE = 25
IDENTITY_TEXT_FIELDS = (
    "legal_name", "aliases", "family_contacts", "home_address", "identity_documents",
)  # fmt: skip


FILTER_NAMES: tuple[str, ...]
FILTER_NAMES = ("q", "status", "priority", "member", "district", "from", "to", "minor")
FILTER_NAMES += ("nationality",)


@compiled
def _districts() -> QuerySet[Jurisdiction, tuple[int, str]]:
    return (
        Jurisdiction.objects.filter(kind=JurisdictionKind.DISTRICT)
        .order_by("name")
        .values_list("pk", "name")
    )


def _district_options(selected: int | None) -> SafeString:
    # The rows are the version: renaming, adding or removing a district renders afresh.
    rows = tuple(_districts())
    return options("districts", rows, lambda: rows, selected)


def _staff_options(organisation_id: int, selected: int | None) -> SafeString:
    # The names are the version: someone joining, leaving or renamed renders afresh.
    rows = selectors.staff_options(organisation_id)
    return options("staff", rows, lambda: rows, selected)


def _sorts() -> list[tuple[str, str]]:
    return [
        ("opened", _("Newest")),
        ("oldest", _("Oldest")),
        ("updated", _("Last changed")),
        ("priority", _("Priority")),
        ("reference", _("Reference")),
    ]


@requires(Action.CASE_VIEW)
def case_list(request: AuthedRequest) -> HttpResponse:
    filters = case_filters(request)
    cases = selectors.case_list_rows(actor=request.user, filters=filters)
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "survivors": selectors.case_list_survivors([case.pk for case in page]),
        "filters": filters,
        # On a phone the filters fold away behind one button that says how many are on.
        "filters_active": sum(1 for name in FILTER_NAMES if request.GET.get(name)),
        "status_options": options("statuses", None, lambda: CaseStatus.choices, filters.status),
        "priority_options": options("priorities", None, lambda: Priority.choices, filters.priority),
        "staff_options": _staff_options(request.user.organisation_id, filters.member),
        "district_options": _district_options(filters.district),
        "country_options": options("countries", None, lambda: countries, filters.nationality),
        "sort_options": options("sorts", None, _sorts, filters.sort),
    }
    template = "cases/_case_rows.html" if request.htmx else "cases/case_list.html"
    return render(request, template, context)


@requires(Action.CASE_CREATE)
def case_create(request: AuthedRequest) -> HttpResponse:
    form = CaseForm(
        request.POST or None,
        organisation_id=request.user.organisation_id,
        initial={"lead": request.user},
    )
    if request.method == "POST" and form.is_valid():
        case = save_or_report(
            form, lambda: services.case_open(actor=request.user, **form.service_values())
        )
        if case is not None:
            messages.success(request, _("Opened %(ref)s.") % {"ref": case.reference})
            return redirect(case)
    return render(request, "cases/case_form.html", {"form": form})


def _quick_form(request: AuthedRequest, case: Case, links: list[Any]) -> EventForm:
    # With one survivor, the quick entry concerns her unless the caseworker says otherwise.
    initial = {"survivors": [links[0].survivor_id]} if len(links) == 1 else {}
    return EventForm(case=case, user=request.user, prefix="quick", initial=initial)


def _type_filter(request: AuthedRequest) -> str:
    type_filter = request.GET.get("type", "")
    return type_filter if type_filter in EventType.values else ""


def _timeline_context(
    request: AuthedRequest, case: Case, links: list[Any], event_form: EventForm | None
) -> dict[str, Any]:
    """The timeline with its form and the survivors, as the case page and the htmx answer to a
    quick entry (cases/_timeline_added.html) both show them."""
    type_filter = _type_filter(request)
    return {
        "case": case,
        "links": links,
        "locations": selectors.last_confirmed_locations(case=case, links=links),
        "events": selectors.timeline(case=case, user=request.user, type=type_filter),
        "type_filter": type_filter,
        "event_form": event_form,
        "survivor_statuses": SurvivorStatus.choices,
    }


def _detail_context(request: AuthedRequest, case: Case, **extra: Any) -> dict[str, Any]:
    links = selectors.case_survivors(case=case)
    context = _timeline_context(request, case, links, extra.pop("event_form", None))
    hidden = hidden_event_types(request.user)
    context |= {
        "team": selectors.case_team(case=case),
        # the type filter's options, rendered once per language and set of hidden types
        "event_type_options": options(
            "event_types",
            hidden,
            lambda: [c for c in EventType.choices if c[0] not in hidden],
            context["type_filter"],
        ),
        "status_form": StatusForm(
            initial={"status": case.status, "version": case.version},
            current=case.status,
            user=request.user,
        ),
        **extra,
    }
    # The clocks, the source narratives and the rescue phase belong to other apps.
    return context | panels_context(request, case, context)


def _added_context(
    request: AuthedRequest, case: Case, links: list[Any], event_form: EventForm
) -> dict[str, Any]:
    """What the htmx answer to a quick entry shows: the timeline with the form, the survivors
    and the refreshed panels (the clocks), as the case page would show them; not the rest of the
    page (its team, status form, filter and other panels: a dozen queries and their records,
    issue 24)."""
    context = _timeline_context(request, case, links, event_form)
    return context | panels_context(request, case, context, refreshed_only=True)


@requires(Action.CASE_VIEW)
def case_detail(request: AuthedRequest, reference: str) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, reference=reference)
    read_record(
        actor=request.user, obj=case, page="case", label=_("case page"), ip=client_ip(request)
    )
    context = _detail_context(request, case)
    template = "cases/_timeline.html" if request.htmx else "cases/case_detail.html"
    return render(request, template, context)


@requires(Action.CASE_EDIT)
def case_edit(request: AuthedRequest, reference: str) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, reference=reference, write=True)
    form = CaseForm(
        request.POST or None,
        instance=case,
        organisation_id=case.organisation_id,
        initial={"version": case.version},
    )
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        saved = save_or_report(
            form,
            lambda: services.case_update(
                actor=request.user,
                case=case,
                expected_version=form.cleaned_data["version"],
                **values,
            ),
        )
        if saved is not None:
            messages.success(request, _("Saved %(ref)s.") % {"ref": saved.reference})
            return redirect(saved)
    return render(request, "cases/case_form.html", {"form": form, "case": case})


@require_POST
@requires(Action.CASE_EDIT)
def case_status(request: AuthedRequest, reference: str) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, reference=reference, write=True)
    # The posted status is checked by the service (a caseworker closing gets its 403), not by
    # the choices shown.
    form = StatusForm(request.POST)
    if form.is_valid():
        saved = save_or_report(
            form,
            lambda: services.case_change_status(
                actor=request.user,
                case=case,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if saved is not None:
            messages.success(
                request, _("The case is now “%(status)s”.") % {"status": saved.get_status_display()}
            )
            return redirect(saved)
    for error in form.errors.values():
        messages.error(request, " ".join(map(str, error)))
    return redirect(case)


@requires(Action.CASE_EDIT)
def survivor_add(request: AuthedRequest, reference: str) -> HttpResponse:
    """Add a survivor: first show the records of cases the user may see that may be the same
    woman (cases/names.py), and save only once she has said which, if any, she is."""
    case = selectors.case_get_for_user(user=request.user, reference=reference, write=True)
    form = SurvivorForm(request.POST or None, user=request.user)
    identity = IdentityForm(request.POST or None, request.FILES or None)
    same = SameAsForm(request.POST or None)
    matches: list[names.Match] = []
    if request.method == "POST" and form.is_valid() and identity.is_valid() and same.is_valid():
        if not same.cleaned_data["matches_checked"]:
            matches = names.survivor_matches(
                user=request.user, candidate=_candidate(form, identity.cleaned_data)
            )
        if not matches:
            survivor = save_or_report(
                form,
                lambda: services.survivor_add(
                    actor=request.user,
                    case=case,
                    identity=identity.identity_values(),
                    same_as_id=same.cleaned_data["same_as"],
                    **form.service_values(),
                ),
            )
            if survivor is not None:
                messages.success(request, _("Added %(name)s.") % {"name": survivor})
                return redirect(case)
    context = {"form": form, "identity": identity, "case": case, "matches": matches}
    return render(request, "cases/survivor_form.html", context)


def _candidate(form: SurvivorForm, identity: dict[str, Any]) -> names.Candidate:
    data = form.cleaned_data
    return names.Candidate(
        legal_name=identity.get("legal_name", ""), aliases=identity.get("aliases", ""),
        family_contacts=identity.get("family_contacts", ""),
        home_address=identity.get("home_address", ""), age_years=data.get("age_years"),
        birth_date=data.get("birth_date"), nationality=data.get("nationality") or "",
        gender=data.get("gender") or "",
    )  # fmt: skip


@requires(Action.CASE_VIEW)
def survivor_same_person(request: AuthedRequest, reference: str, survivor_id: int) -> HttpResponse:
    """Her records across cases (those the user may see), the records that may be hers, and
    (on a POST) one of them linked as the same woman."""
    case = selectors.case_get_for_user(user=request.user, reference=reference)
    survivor = selectors.survivor_get(case=case, survivor_id=survivor_id)
    if request.method == "POST":
        try:
            services.survivor_link_same(
                actor=request.user, case=case, survivor=survivor,
                other=selectors.survivor_visible_get(
                    user=request.user, survivor_id=request.POST.get("other", "")
                ),
            )  # fmt: skip
            messages.success(request, _("Linked as the same person."))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("cases:survivor-same-person", case.reference, survivor.pk)
    records = names.same_person_records(user=request.user, survivor=survivor)
    matches = names.unlinked_matches(user=request.user, survivor=survivor)
    context = {"case": case, "survivor": survivor, "records": records, "matches": matches}
    return render(request, "cases/survivor_same_person.html", context)


@requires(Action.CASE_EDIT)
def survivor_edit(request: AuthedRequest, reference: str, survivor_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, reference=reference, write=True)
    survivor = selectors.survivor_get(case=case, survivor_id=survivor_id)
    form = SurvivorForm(
        request.POST or None, instance=survivor, initial={"version": survivor.version},
        user=request.user,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        saved = save_or_report(
            form,
            lambda: services.survivor_update(
                actor=request.user,
                case=case,
                survivor=survivor,
                expected_version=form.cleaned_data["version"],
                **form.service_values(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Saved %(name)s.") % {"name": saved})
            return redirect(case)
    matches = names.unlinked_matches(user=request.user, survivor=survivor)
    context = {"form": form, "case": case, "survivor": survivor, "matches": matches}
    return render(request, "cases/survivor_form.html", context)


@require_POST
@requires(Action.CASE_EDIT)
def survivor_status(request: AuthedRequest, reference: str, survivor_id: int) -> HttpResponse:
    """Say what became of her when no event says it (moved on, found elsewhere, returned)."""
    case = selectors.case_get_for_user(user=request.user, reference=reference, write=True)
    survivor = selectors.survivor_get(case=case, survivor_id=survivor_id)
    status = request.POST.get("status", "")
    if status not in SurvivorStatus.values:
        messages.error(request, _("Choose one of the offered statuses."))
    else:
        services.survivor_set_status(
            actor=request.user, case=case, survivor=survivor, status=status
        )
        messages.success(request, _("Status of %(name)s saved.") % {"name": survivor})
    return redirect(case)


@requires(Action.SURVIVOR_REVEAL)
def survivor_reveal(request: AuthedRequest, reference: str, survivor_id: int) -> HttpResponse:
    """Show the protected identity only on a POST that gives a reason; the read is audited."""
    case = selectors.case_get_for_user(user=request.user, reference=reference)
    survivor = selectors.survivor_get(case=case, survivor_id=survivor_id)
    form = RevealForm(request.POST or None)
    context: dict[str, Any] = {"case": case, "survivor": survivor, "form": form}
    if request.method == "POST" and form.is_valid():
        protected = save_or_report(
            form,
            lambda: services.survivor_reveal(
                actor=request.user,
                case=case,
                survivor=survivor,
                reason=form.cleaned_data["reason"],
            ),
        )
        if protected is not None:
            context["identity"] = protected
            context["edit_form"] = IdentityEditForm(
                initial={
                    "reason": form.cleaned_data["reason"],
                    "version": protected.version,
                    **{f: getattr(protected, f) for f in IDENTITY_TEXT_FIELDS},
                }
            )
            if protected.photo:
                encoded = base64.b64encode(protected.photo).decode()
                context["photo_src"] = f"data:{protected.photo_content_type};base64,{encoded}"
    response = render(request, "cases/survivor_reveal.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@requires(Action.SURVIVOR_REVEAL)
def survivor_identity_edit(
    request: AuthedRequest, reference: str, survivor_id: int
) -> HttpResponse:
    """Save a corrected protected identity (reached from the reveal page, with its reason)."""
    case = selectors.case_get_for_user(user=request.user, reference=reference, write=True)
    survivor = selectors.survivor_get(case=case, survivor_id=survivor_id)
    form = IdentityEditForm(request.POST, request.FILES)
    if form.is_valid():
        values = form.edit_values()
        reason = values.pop("reason")
        saved = save_or_report(
            form,
            lambda: services.survivor_identity_update(
                actor=request.user, case=case, survivor=survivor, reason=reason, **values
            ),
        )
        if saved is not None:
            messages.success(
                request, _("Saved the protected identity of %(name)s.") % {"name": survivor}
            )
            return redirect(case)
    context = {"case": case, "survivor": survivor, "edit_form": form, "identity": None}
    response = render(request, "cases/survivor_reveal.html", context)
    response["Cache-Control"] = "no-store"
    return response


@requires(Action.CASE_EDIT)
def sighting_add(request: AuthedRequest, reference: str) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, reference=reference, write=True)
    form = SightingForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        sighting = save_or_report(
            form,
            lambda: services.sighting_record(actor=request.user, case=case, **form.cleaned_data),
        )
        if sighting is not None:
            messages.success(
                request, _("Recorded where %(name)s was seen.") % {"name": sighting.survivor}
            )
            return redirect(case)
    return render(request, "cases/sighting_form.html", {"form": form, "case": case})


@requires(Action.CASE_EDIT)
def event_add(request: AuthedRequest, reference: str) -> HttpResponse:
    """The quick entry on the case page. With htmx, a GET answers with the form alone, and a
    POST with the timeline (plus a fresh form, to enter the next event at once)."""
    case = selectors.case_get_for_user(user=request.user, reference=reference, write=True)
    if request.method == "GET" and request.htmx:
        form = _quick_form(request, case, selectors.case_survivors(case=case))
        return render(request, "cases/_quick_form.html", {"form": form, "case": case})
    form = EventForm(request.POST or None, case=case, user=request.user, prefix="quick")
    links = None
    if request.method == "POST" and form.is_valid():
        event = save_or_report(
            form,
            lambda: services.event_record(actor=request.user, case=case, **form.service_values()),
        )
        if event is not None:
            if not request.htmx:
                messages.success(request, _("Added to the timeline."))
                return redirect(case)
            links = selectors.case_survivors(case=case)
            form = _quick_form(request, case, links)
    if request.htmx:
        if links is None:
            links = selectors.case_survivors(case=case)
        return render(
            request, "cases/_timeline_added.html", _added_context(request, case, links, form)
        )
    return render(request, "cases/event_form.html", {"form": form, "case": case})


@requires(Action.CASE_EDIT)
def event_edit(request: AuthedRequest, reference: str, event_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, reference=reference, write=True)
    event = selectors.case_event_get(case=case, user=request.user, event_id=event_id)
    form = EventForm(
        request.POST or None,
        case=case,
        user=request.user,
        instance=event,
        initial={"version": event.version, "survivors": list(event.survivors.all())},
    )
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        saved = save_or_report(
            form,
            lambda: services.event_update(
                actor=request.user,
                event=event,
                expected_version=form.cleaned_data["version"],
                **values,
            ),
        )
        if saved is not None:
            messages.success(request, _("Saved the timeline entry."))
            return redirect(case)
    return render(request, "cases/event_form.html", {"form": form, "case": case, "event": event})


@require_POST
@requires(Action.CASE_EDIT)
def event_delete(request: AuthedRequest, reference: str, event_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, reference=reference, write=True)
    event = selectors.case_event_get(case=case, user=request.user, event_id=event_id)
    try:
        services.event_delete(actor=request.user, event=event)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(case)
    messages.success(request, _("Removed the timeline entry."))
    return redirect(case)
