from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mukti.accounts.access import Action, requires
from mukti.audit.services import client_ip, read_record
from mukti.cases.models import Case
from mukti.core.errors import ApplicationError
from mukti.core.forms import save_or_report
from mukti.core.http import AuthedRequest
from mukti.core.pages import CasePage
from mukti.justice import selectors, services
from mukti.justice.forms import (
    AccusedEditForm,
    AccusedForm,
    AhtuForm,
    ArrestForm,
    BailForm,
    ChargesheetForm,
    CompensationForm,
    CustodyForm,
    EvidenceForm,
    FirForm,
    HearingForm,
    JudgementForm,
    PaymentForm,
    TestimonyForm,
)
from mukti.justice.models import Compensation, Fir

# What each "record" button on the justice page adds: its form, its service, its title, and the
# section of the page to come back to.
RECORDS: dict[str, tuple[type[forms.Form], Callable[..., Any], Any, str]] = {
    "fir": (FirForm, services.fir_register, gettext_lazy("FIR"), "fir"),
    "arrest": (ArrestForm, services.arrest_record, gettext_lazy("Arrest"), "accused"),
    "bail": (BailForm, services.bail_record, gettext_lazy("Bail"), "accused"),
    "evidence": (EvidenceForm, services.evidence_seize, gettext_lazy("Evidence seized"),
                 "evidence"),
    "chargesheet": (ChargesheetForm, services.chargesheet_file, gettext_lazy("Chargesheet"),
                    "fir"),
    "hearing": (HearingForm, services.hearing_record, gettext_lazy("Hearing"), "court"),
    "testimony": (TestimonyForm, services.testimony_record, gettext_lazy("Testimony"), "court"),
    "judgement": (JudgementForm, services.judgement_record, gettext_lazy("Judgement"), "court"),
    "compensation": (CompensationForm, services.compensation_award,
                     gettext_lazy("Compensation awarded"), "court"),
}  # fmt: skip


PAGE = CasePage("justice:case-justice")


@requires(Action.JUSTICE_VIEW)
def case_justice(request: AuthedRequest, reference: str) -> HttpResponse:
    case = selectors.case_for_justice(user=request.user, reference=reference)
    read_record(
        actor=request.user, obj=case, page="justice", label=_("justice page"), ip=client_ip(request)
    )
    file = selectors.justice_file(case=case, user=request.user)
    return render(request, "justice/case_justice.html", {"case": case, "file": file})


@requires(Action.JUSTICE_EDIT)
def record_add(request: AuthedRequest, reference: str, record: str) -> HttpResponse:
    if record not in RECORDS:
        raise Http404
    case = selectors.case_for_justice(user=request.user, reference=reference, write=True)
    form_class, service, title, anchor = RECORDS[record]
    form = form_class(request.POST or None, case=case)  # type: ignore[call-arg]
    return PAGE.save(
        request, case, form, lambda values: service(actor=request.user, case=case, **values),
        title=str(title), done=_("Saved: %(what)s.") % {"what": title}, anchor=anchor,
    )  # fmt: skip


@requires(Action.JUSTICE_EDIT)
def accused_add(request: AuthedRequest, reference: str) -> HttpResponse:
    """Add an accused: first look for the same person in other records (by name, alias or
    phone) and ask, so that one person accused in two cases stays one record."""
    case = selectors.case_for_justice(user=request.user, reference=reference, write=True)
    form = AccusedForm(request.POST or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.service_values()
        matches = (
            []
            if data.pop("checked")
            else services.accused_matches(
                user=request.user, name=data["name"], phone=data["phone"], aliases=data["aliases"]
            )
        )
        if matches:
            form.offer(matches)
        elif save_or_report(form, lambda: services.accused_add(actor=request.user, case=case,
                                                                **data)):  # fmt: skip
            messages.success(request, _("Accused added."))
            return PAGE.back(case, "accused")
    return PAGE.form_page(request, case, form, _("An accused person"))


@requires(Action.JUSTICE_EDIT)
def accused_edit(request: AuthedRequest, reference: str, accused_id: int) -> HttpResponse:
    """Correct who an accused is: add his name once it is learnt, his description, his role."""
    case = selectors.case_for_justice(user=request.user, reference=reference, write=True)
    link = selectors.case_accused_get(case=case, accused_id=accused_id)
    person = link.accused
    initial = {"name": person.name, "aliases": person.aliases, "phone": person.phone,
               "description": person.description, "approximate_age": person.approximate_age,
               "role": link.role, "version": person.version}  # fmt: skip
    form = AccusedEditForm(request.POST or None, initial=initial)
    return _versioned(
        request, case, form,
        lambda v: services.accused_update(actor=request.user, case=case, accused=person, **v),
        _("Correct: %(who)s") % {"who": link.label}, "accused",
    )  # fmt: skip


@requires(Action.JUSTICE_VIEW)
def accused_same_person(request: AuthedRequest, reference: str, accused_id: int) -> HttpResponse:
    """His records across cases (those whose legal side the user may see), the records that
    may be him, and (on a POST) one of them linked as the same man."""
    case = selectors.case_for_justice(user=request.user, reference=reference)
    link = selectors.case_accused_get(case=case, accused_id=accused_id)
    if request.method == "POST":
        linkable = services.accused_linkable(request.user)
        try:
            other = linkable.get(pk=int(request.POST.get("other", "")))
        except (ValueError, linkable.model.DoesNotExist):
            raise Http404 from None
        try:
            services.accused_link_same(
                actor=request.user, case=case, accused=link.accused, other=other
            )
            messages.success(request, _("Linked as the same person."))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("justice:accused-same-person", case.reference, link.accused_id)
    context = {
        "case": case,
        "link": link,
        "records": services.accused_records(user=request.user, accused=link.accused),
        "matches": services.accused_unlinked_matches(user=request.user, accused=link.accused),
    }
    return render(request, "justice/accused_same_person.html", context)


@requires(Action.JUSTICE_EDIT)
def custody_add(request: AuthedRequest, reference: str, item_id: int) -> HttpResponse:
    case = selectors.case_for_justice(user=request.user, reference=reference, write=True)
    item = selectors.evidence_get(case=case, pk=item_id)
    transfers = list(item.custody.select_related("to_office", "to_official"))
    _links, holder = services.chain(item, transfers)
    initial = {"from_office": holder.office, "from_official": holder.official,
               "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}  # fmt: skip
    form = CustodyForm(request.POST or None, initial=initial)
    return PAGE.save(
        request, case, form,
        lambda values: services.custody_transfer(actor=request.user, item=item, **values),
        title=_("Chain of custody: %(item)s") % {"item": item.description},
        done=_("Hand-over recorded."), anchor="evidence",
    )  # fmt: skip


def _versioned(
    request: HttpRequest, case: Case, form: forms.Form, save: Callable[[dict[str, Any]], Any],
    title: str, anchor: str,
) -> HttpResponse:  # fmt: skip
    return PAGE.save(request, case, form, save, title=title, done=_("Saved."), anchor=anchor)


@requires(Action.JUSTICE_EDIT)
def compensation_pay(request: AuthedRequest, reference: str, compensation_id: int) -> HttpResponse:
    case = selectors.case_for_justice(user=request.user, reference=reference, write=True)
    award = selectors.record_get(Compensation, case=case, pk=compensation_id, related=("event",))
    form = PaymentForm(request.POST or None, initial={"version": award.version})
    return _versioned(
        request, case, form,
        lambda v: services.compensation_pay(actor=request.user, compensation=award, **v),
        _("Payment of the compensation to %(name)s") % {"name": award.survivor.pseudonym},
        "court",
    )  # fmt: skip


@requires(Action.JUSTICE_EDIT)
def fir_ahtu(request: AuthedRequest, reference: str, fir_id: int) -> HttpResponse:
    case = selectors.case_for_justice(user=request.user, reference=reference, write=True)
    fir = selectors.record_get(Fir, case=case, pk=fir_id, related=("event",))
    form = AhtuForm(request.POST or None, initial={"version": fir.version})
    return _versioned(
        request, case, form,
        lambda v: services.fir_ahtu_informed(actor=request.user, fir=fir, **v),
        _("FIR %(number)s handed to the AHTU") % {"number": fir.number}, "fir",
    )  # fmt: skip
