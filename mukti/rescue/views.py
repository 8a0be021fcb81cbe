from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.access import Action, can, requires
from mukti.cases.regions import regions_oob
from mukti.cases.selectors import case_get_for_user
from mukti.core.errors import ApplicationError
from mukti.core.forms import save_or_report
from mukti.core.http import AuthedRequest
from mukti.core.pagination import CappedPaginator
from mukti.rescue import selectors, services
from mukti.rescue.forms import (
    AnswerForm,
    AttemptEditForm,
    AttemptForm,
    EngagementForm,
    OperationCancelForm,
    OperationEditForm,
    OperationForm,
    PromoteForm,
    ResponsivenessForm,
)
from mukti.rescue.models import Answer
from mukti.rescue.panels import QUICK_ANSWERS, quick_choices


def _back_to_chain(case: Any) -> HttpResponse:
    return redirect(f"{case.get_absolute_url()}#rescue")


@requires(Action.CASE_EDIT)
def engagement_add(request: AuthedRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    previous = None
    initial: dict[str, Any] = {"our_staff": [request.user.pk]}
    previous_id = request.POST.get("previous") or request.GET.get("previous")
    if previous_id and str(previous_id).isascii() and str(previous_id).isdigit():
        previous = selectors.engagement_get(case=case, engagement_id=int(previous_id))
        initial.update(
            previous=previous.pk,
            office=previous.referred_to_office_id or None,
            official=previous.referred_to_official_id or None,
            request=previous.request,
            # The next hop follows the answer that referred us (back-entry of an old chain):
            # when that answer came, else now.
            when=timezone.localtime(previous.answered_at or timezone.now()).strftime(
                "%d %b %Y %H:%M"
            ),
        )
    form = EngagementForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "previous"}
        saved = save_or_report(
            form,
            lambda: services.engagement_record(
                actor=request.user, case=case, previous=previous, **values
            ),
        )
        if saved is not None:
            messages.success(request, _("Recorded: %(who)s.") % {"who": saved.who})
            return _back_to_chain(case)
    title = (
        _("Next hop after %(who)s") % {"who": previous.short_who}
        if previous
        else _("We went to an authority")
    )
    return render(request, "rescue/form.html", {"form": form, "case": case, "title": title})


@requires(Action.CASE_EDIT)
def engagement_answer(request: AuthedRequest, reference: str, engagement_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    engagement = selectors.engagement_get(case=case, engagement_id=engagement_id)
    initial = {
        "version": engagement.version,
        "answer": engagement.answer if engagement.answer != Answer.PENDING else "",
        "answered_at": timezone.localtime(engagement.answered_at or timezone.now()),
        "note": engagement.answer_note,
        "deferred_until": engagement.deferred_until
        and timezone.localtime(engagement.deferred_until),
        "referred_to_office": engagement.referred_to_office_id,
        "referred_to_official": engagement.referred_to_official_id,
    }
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = save_or_report(
            form,
            lambda: services.engagement_answer(
                actor=request.user,
                engagement=engagement,
                expected_version=data["version"],
                answer=data["answer"],
                answered_at=data["answered_at"],
                note=data["note"],
                deferred_until=data["deferred_until"],
                referred_to_office=data["referred_to_office"],
                referred_to_official=data["referred_to_official"],
            ),
        )
        if saved is not None:
            if saved.answer == Answer.REFERRED:
                messages.success(request, _("Referral recorded. Now record the next hop."))
                next_hop = reverse("rescue:engagement-add", args=[case.reference])
                return redirect(f"{next_hop}?previous={saved.pk}")
            messages.success(request, _("Answer recorded."))
            return _back_to_chain(case)
    title = _("Answer of %(who)s") % {"who": engagement.who}
    return render(request, "rescue/form.html", {"form": form, "case": case, "title": title})


@require_POST
@requires(Action.CASE_EDIT)
def engagement_quick_answer(
    request: AuthedRequest, reference: str, engagement_id: int
) -> HttpResponse:
    """One tap from the chain: verified, unable to trace, agreed or no response, answered now."""
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    engagement = selectors.engagement_get(case=case, engagement_id=engagement_id)
    answer = request.POST.get("answer", "")
    version = request.POST.get("version", "")
    if answer not in QUICK_ANSWERS or not (version.isascii() and version.isdigit()):
        messages.error(request, _("Choose one of the offered answers."))
        return _back_to_chain(case)
    try:
        services.engagement_answer(
            actor=request.user,
            engagement=engagement,
            expected_version=int(version),
            answer=answer,
        )
    except ApplicationError as error:  # shown to the user; nothing was saved
        messages.error(request, error.message)
    if request.htmx:
        # An answer meets or starts clocks and changes the timeline: send those regions too.
        response = render(
            request,
            "rescue/_chains.html",
            {
                "case": case,
                "chains": selectors.case_chains(case=case),
                "quick_answers": quick_choices(),
            },
        )
        response.write(regions_oob(request, case))
        return response
    return _back_to_chain(case)


@requires(Action.CASE_EDIT)
def operation_add(request: AuthedRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    form = OperationForm(request.POST or None, case=case, initial={"ngo_staff": [request.user.pk]})
    if request.method == "POST" and form.is_valid():
        saved = save_or_report(
            form,
            lambda: services.operation_plan(actor=request.user, case=case, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, _("Operation planned."))
            return _back_to_chain(case)
    title = _("Plan a rescue operation")
    return render(request, "rescue/form.html", {"form": form, "case": case, "title": title})


def _save_versioned(
    request: AuthedRequest, case: Any, form: Any, save: Any, done: str, title: str,
    **labels: str,
) -> HttpResponse:  # fmt: skip
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if save_or_report(form, lambda: save(form.cleaned_data["version"], values)) is not None:
            messages.success(request, done)
            return _back_to_chain(case)
    context = {"form": form, "case": case, "title": title, **labels}
    return render(request, "rescue/form.html", context)


@requires(Action.CASE_EDIT)
def operation_edit(request: AuthedRequest, reference: str, operation_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    operation = selectors.operation_get(case=case, operation_id=operation_id)
    initial = {
        "target_place": operation.target_place_id, "target_address": operation.target_address,
        "survivors_sought": list(operation.survivors_sought.values_list("pk", flat=True)),
        "lead_office": operation.lead_office_id, "lead_official": operation.lead_official_id,
        "ngo_staff": list(operation.ngo_staff.values_list("pk", flat=True)),
        "planned_for": timezone.localtime(operation.planned_for),
        "risk_notes": operation.risk_notes, "version": operation.version,
    }  # fmt: skip
    form = OperationEditForm(request.POST or None, case=case, initial=initial)
    return _save_versioned(
        request, case, form,
        lambda version, values: services.operation_update(
            actor=request.user, operation=operation, expected_version=version, **values
        ),
        _("Operation corrected."), _("Correct the operation at %(place)s") % {"place":
                                                                            operation.target_place},
    )  # fmt: skip


@requires(Action.CASE_EDIT)
def operation_cancel(request: AuthedRequest, reference: str, operation_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    operation = selectors.operation_get(case=case, operation_id=operation_id)
    now = timezone.localtime().strftime("%d %b %Y %H:%M")
    form = OperationCancelForm(
        request.POST or None, initial={"when": now, "version": operation.version}
    )
    return _save_versioned(
        request, case, form,
        lambda version, values: services.operation_cancel(
            actor=request.user, operation=operation, expected_version=version, **values
        ),
        _("Operation cancelled."),
        _("Cancel the operation at %(place)s") % {"place": operation.target_place},
        # "Save" and "Cancel" would read backwards on a page that cancels.
        submit_label=_("Cancel the operation"), submit_class="btn-danger",
        leave_label=_("Keep the operation"),
    )  # fmt: skip


@requires(Action.CASE_EDIT)
def attempt_edit(request: AuthedRequest, reference: str, attempt_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    attempt = selectors.attempt_get(case=case, attempt_id=attempt_id)
    event = attempt.event
    initial = {"when": event.when, "outcome": event.outcome,
               "what_followed": attempt.what_followed, "version": event.version}  # fmt: skip
    form = AttemptEditForm(request.POST or None, initial=initial)
    return _save_versioned(
        request, case, form,
        lambda version, values: services.attempt_update(
            actor=request.user, attempt=attempt, expected_version=version, **values
        ),
        _("Attempt corrected."),
        _("Correct the attempt at %(place)s") % {"place": attempt.operation.target_place},
    )  # fmt: skip


@requires(Action.CASE_EDIT)
def attempt_add(request: AuthedRequest, reference: str, operation_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    operation = selectors.operation_get(case=case, operation_id=operation_id)
    form = AttemptForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        saved = save_or_report(
            form,
            lambda: services.attempt_record(
                actor=request.user, operation=operation, **form.service_values()
            ),
        )
        if saved is not None:
            messages.success(request, _("Attempt recorded."))
            return _back_to_chain(case)
    title = _("Rescue attempt at %(place)s") % {"place": operation.target_place}
    return render(request, "rescue/form.html", {"form": form, "case": case, "title": title})


@requires(Action.CASE_EDIT)
def brought_out_promote(
    request: AuthedRequest, reference: str, brought_out_id: int
) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    person = selectors.brought_out_get(case=case, brought_out_id=brought_out_id)
    form = PromoteForm(request.POST or None)
    if not can(request.user, Action.CASE_CREATE):
        del form.fields["new_case"]
    if request.method == "POST" and form.is_valid():
        survivor = save_or_report(
            form,
            lambda: services.brought_out_add_to_case(
                actor=request.user,
                brought_out=person,
                pseudonym=form.cleaned_data["pseudonym"],
                new_case=form.cleaned_data.get("new_case", False),
                age_years=form.cleaned_data["age_years"],
                age_estimated=form.cleaned_data["age_estimated"],
            ),
        )
        if survivor is not None:
            messages.success(request, _("%(name)s is now a survivor.") % {"name": survivor})
            target = survivor.case_links.select_related("case")[0].case
            return redirect(target)
    title = _("Make “%(who)s” a survivor") % {"who": person.description}
    return render(request, "rescue/form.html", {"form": form, "case": case, "title": title})


@requires(Action.CASE_VIEW)
def window(request: AuthedRequest) -> HttpResponse:
    """Every survivor located but not rescued, longest wait first: the vulnerability window."""
    links = selectors.located_not_rescued(actor=request.user)
    page = CappedPaginator(links, 50).get_page(request.GET.get("page"))
    rows = selectors.window_rows(list(page))
    return render(request, "rescue/window.html", {"page": page, "rows": rows})


@requires(Action.RESPONSIVENESS_VIEW)
def responsiveness(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    data = (
        request.GET
        if "start" in request.GET
        else {
            "start": (today - dt.timedelta(days=365)).isoformat(),
            "end": today.isoformat(),
            "by": "office",
        }
    )
    form = ResponsivenessForm(data)
    rows = []
    if form.is_valid():
        rows = selectors.responsiveness(
            actor=request.user,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            by=form.cleaned_data["by"],
        )
    return render(request, "rescue/responsiveness.html", {"form": form, "rows": rows})
