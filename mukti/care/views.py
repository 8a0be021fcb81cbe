from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mukti.accounts.access import Action, requires
from mukti.audit.services import client_ip, read_record
from mukti.care import selectors, services
from mukti.care.forms import (
    AssessmentForm,
    ConsentForm,
    EndForm,
    FollowUpForm,
    GoalForm,
    GoalStatusForm,
    MedicalForm,
    MedicalUpdateForm,
    MoveForm,
    PlacementForm,
    RepatriationForm,
    ServiceForm,
    StepCompleteForm,
    StepForm,
    WithdrawForm,
)
from mukti.care.models import Consent, Goal, MedicalCare, Placement
from mukti.cases.models import Case
from mukti.core.http import AuthedRequest
from mukti.core.pages import CasePage

# What each "record" button on the care page adds: its form, its service and its title.
RECORDS: dict[str, tuple[type[forms.Form], Callable[..., Any], Any]] = {
    "medical": (MedicalForm, services.medical_record, gettext_lazy("Medical care")),
    "placement": (PlacementForm, services.placement_start, gettext_lazy("Place in a shelter")),
    "service": (ServiceForm, services.service_record, gettext_lazy("A service given")),
    "follow-up": (FollowUpForm, services.follow_up_record, gettext_lazy("Follow-up visit")),
    "goal": (GoalForm, services.goal_add, gettext_lazy("Care plan goal")),
    "assessment": (AssessmentForm, services.assessment_record, gettext_lazy("Assessment")),
    "repatriation": (
        RepatriationForm,
        services.repatriation_open,
        gettext_lazy("Start a repatriation"),
    ),
    "consent": (ConsentForm, services.consent_record, gettext_lazy("Record consent")),
}


PAGE = CasePage("care:case-care")


def _survivor(values: dict[str, Any]) -> str:
    return f"survivor-{values['survivor'].pk}"


@requires(Action.CARE_VIEW)
def case_care(request: AuthedRequest, reference: str) -> HttpResponse:
    case = selectors.case_for_care(user=request.user, reference=reference)
    read_record(
        actor=request.user, obj=case, page="care", label=_("care page"), ip=client_ip(request)
    )
    return render(
        request,
        "care/case_care.html",
        {"case": case, "people": selectors.case_care(case=case), "records": RECORDS},
    )


@requires(Action.CARE_EDIT)
def record_add(request: AuthedRequest, reference: str, kind: str) -> HttpResponse:
    if kind not in RECORDS:
        raise Http404
    case = selectors.case_for_care(user=request.user, reference=reference, write=True)
    form_class, service, title = RECORDS[kind]
    initial = {"survivor": request.GET.get("survivor")} if request.GET.get("survivor") else {}
    form = form_class(request.POST or None, case=case, initial=initial)  # type: ignore[call-arg]
    return PAGE.save(
        request, case, form, lambda values: service(actor=request.user, case=case, **values),
        title=str(title), done=_("Saved: %(what)s.") % {"what": title}, anchor=_survivor,
    )  # fmt: skip


def _versioned(
    request: HttpRequest,
    case: Case,
    form_class: type[forms.Form],
    obj: Any,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    form = form_class(request.POST or None, initial={"version": obj.version, **(initial or {})})
    anchor = f"survivor-{obj.survivor.pk}"
    return PAGE.save(request, case, form, save, title=title, done=done, anchor=anchor)


@requires(Action.CARE_EDIT)
def medical_update(request: AuthedRequest, reference: str, medical_id: int) -> HttpResponse:
    case = selectors.case_for_care(user=request.user, reference=reference, write=True)
    medical = selectors.record_get(MedicalCare, case=case, pk=medical_id, related=("event",))
    fields = ("discharged_on", "outcome", "follow_up_on", "report_sent_on")
    return _versioned(
        request, case, MedicalUpdateForm, medical,
        _("Update: %(what)s at %(where)s") % {"what": medical.get_kind_display(),
                                               "where": medical.facility},
        lambda v: services.medical_update(actor=request.user, medical=medical, **v),
        _("Saved."), initial={name: getattr(medical, name) for name in fields},
    )  # fmt: skip


@requires(Action.CARE_EDIT)
def placement_move(request: AuthedRequest, reference: str, placement_id: int) -> HttpResponse:
    case = selectors.case_for_care(user=request.user, reference=reference, write=True)
    stay = selectors.record_get(Placement, case=case, pk=placement_id, related=("event", "home"))
    return _versioned(
        request, case, MoveForm, stay,
        _("Move %(name)s from %(home)s") % {"name": stay.survivor.pseudonym, "home": stay.home},
        lambda v: services.placement_move(actor=request.user, placement=stay, **v),
        _("Moved."),
    )  # fmt: skip


@requires(Action.CARE_EDIT)
def placement_end(request: AuthedRequest, reference: str, placement_id: int) -> HttpResponse:
    case = selectors.case_for_care(user=request.user, reference=reference, write=True)
    stay = selectors.record_get(Placement, case=case, pk=placement_id, related=("event", "home"))
    return _versioned(
        request, case, EndForm, stay,
        _("End the stay of %(name)s at %(home)s") % {"name": stay.survivor.pseudonym,
                                                      "home": stay.home},
        lambda v: services.placement_end(actor=request.user, placement=stay, **v),
        _("Stay ended."),
    )  # fmt: skip


@requires(Action.CARE_EDIT)
def goal_status(request: AuthedRequest, reference: str, goal_id: int) -> HttpResponse:
    case = selectors.case_for_care(user=request.user, reference=reference, write=True)
    goal = selectors.record_get(Goal, case=case, pk=goal_id)
    return _versioned(
        request, case, GoalStatusForm, goal, _("Goal: %(goal)s") % {"goal": goal.goal},
        lambda v: services.goal_update(actor=request.user, goal=goal, **v),
        _("Goal updated."), initial={"status": goal.status},
    )  # fmt: skip


@requires(Action.CARE_EDIT)
def step_add(request: AuthedRequest, reference: str, repatriation_id: int) -> HttpResponse:
    case = selectors.case_for_care(user=request.user, reference=reference, write=True)
    repatriation = selectors.repatriation_get(case=case, pk=repatriation_id)
    form = StepForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    title = _("Next step of the repatriation of %(name)s") % {
        "name": repatriation.survivor.pseudonym
    }
    return PAGE.save(
        request, case, form,
        lambda values: services.step_start(actor=request.user, repatriation=repatriation,
                                           **values),
        title=title, done=_("Step recorded."), anchor=f"survivor-{repatriation.survivor_id}",
    )  # fmt: skip


@requires(Action.CARE_EDIT)
def step_complete(request: AuthedRequest, reference: str, step_id: int) -> HttpResponse:
    case = selectors.case_for_care(user=request.user, reference=reference, write=True)
    step = selectors.step_get(case=case, pk=step_id)
    step.survivor = step.repatriation.survivor  # type: ignore[attr-defined]
    return _versioned(
        request, case, StepCompleteForm, step,
        _("Complete: %(step)s") % {"step": step.get_kind_display()},
        lambda v: services.step_complete(actor=request.user, step=step, **v),
        _("Step completed."),
    )  # fmt: skip


@requires(Action.CARE_EDIT)
def consent_withdraw(request: AuthedRequest, reference: str, consent_id: int) -> HttpResponse:
    case = selectors.case_for_care(user=request.user, reference=reference, write=True)
    consent = selectors.record_get(Consent, case=case, pk=consent_id)
    return _versioned(
        request, case, WithdrawForm, consent,
        _("Withdraw consent: %(what)s") % {"what": consent.get_purpose_display()},
        lambda v: services.consent_withdraw(actor=request.user, consent=consent, **v),
        _("Consent withdrawn."),
    )  # fmt: skip


@requires(Action.CARE_VIEW)
def shelters(request: AuthedRequest) -> HttpResponse:
    return render(request, "care/shelters.html", {"homes": selectors.occupancy(user=request.user)})
