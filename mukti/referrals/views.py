from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.access import Action, can, requires
from mukti.audit.services import client_ip, read_record
from mukti.cases.selectors import case_get_for_user
from mukti.core.errors import ApplicationError
from mukti.core.forms import save_or_report
from mukti.core.http import AuthedRequest
from mukti.referrals import selectors, services
from mukti.referrals.forms import AnswerForm, ReferralForm


@requires(Action.CASE_EDIT)
def referral_new(request: AuthedRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    partners = selectors.partners(user=request.user)
    form = ReferralForm(request.POST or None, case=case, partners=partners)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        saved = save_or_report(
            form,
            lambda: services.referral_make(
                actor=request.user,
                case=case,
                to_organisation=values["to"],
                survivors=values["survivors"],
                sections=values["sections"],
                purpose=values["purpose"],
            ),
        )
        if saved is not None:
            messages.success(
                request, _("Referred to %(partner)s.") % {"partner": values["to"].name}
            )
            return redirect(f"{case.get_absolute_url()}#referrals")
    context = {"case": case, "form": form, "has_partners": partners.exists()}
    return render(request, "referrals/referral_form.html", context)


@require_POST
@requires(Action.CASE_EDIT)
def referral_withdraw(request: AuthedRequest, reference: str, referral_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    referral = selectors.referral_of_case(case=case, referral_id=referral_id)
    try:
        services.referral_withdraw(actor=request.user, referral=referral)
        messages.success(request, _("Referral withdrawn."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(f"{case.get_absolute_url()}#referrals")


@requires(Action.CASE_CREATE)
def incoming(request: AuthedRequest) -> HttpResponse:
    """What other organisations referred to ours."""
    return render(
        request, "referrals/incoming.html", {"referrals": selectors.incoming(user=request.user)}
    )


@requires(Action.CASE_CREATE)
def referral_detail(request: AuthedRequest, referral_id: int) -> HttpResponse:
    """The partner's page: the request and, once accepted, what was shared (read live)."""
    referral = selectors.referral_for_partner(user=request.user, referral_id=referral_id)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        if request.POST.get("answer") == "accept":
            opened = save_or_report(
                form,
                lambda: services.referral_accept(actor=request.user, referral=referral, note=note),
            )
            if opened is not None:
                messages.success(
                    request, _("Accepted: your case %(ref)s is open.") % {"ref": opened.reference}
                )
                return redirect(opened)
        else:
            declined = save_or_report(
                form,
                lambda: services.referral_decline(
                    actor=request.user, referral=referral, reason=note
                ),
            )
            if declined is not None:
                messages.success(request, _("Declined; the referring team is told why."))
                return redirect("referrals:detail", referral_id=referral.pk)
    # What was shared, once accepted, for those who may see the partner's own case.
    shared = None
    partner_case = referral.partner_case
    if partner_case is not None and can(request.user, Action.CASE_VIEW, partner_case):
        shared = selectors.shared(referral=referral, user=request.user)
        read_record(
            actor=request.user,
            obj=referral.case,
            page=f"referral {referral.pk}",
            label=_("shared with %(partner)s") % {"partner": referral.to_organisation.name},
            ip=client_ip(request),
        )
    context = {"referral": referral, "form": form, "shared": shared}
    return render(request, "referrals/referral_detail.html", context)
