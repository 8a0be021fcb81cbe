from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.access import AUTHENTICATED, Action, background, requires
from mukti.core.errors import ApplicationError
from mukti.core.forms import save_or_report
from mukti.core.http import AuthedRequest
from mukti.deadlines import selectors, services
from mukti.deadlines.forms import PeriodForm, RuleForm
from mukti.deadlines.rules import RULES_BY_CODE


@requires(Action.CASE_VIEW)
def due_soon(request: AuthedRequest) -> HttpResponse:
    hours = 24 if request.GET.get("hours") == "24" else 72
    due = selectors.due_soon(actor=request.user, hours=hours)
    return render(request, "deadlines/due_soon.html", {"due": due, "hours": hours})


@requires(Action.RULES_MANAGE)
def rules(request: AuthedRequest) -> HttpResponse:
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = save_or_report(
            form,
            lambda: services.rule_configure(
                actor=request.user, code=data["rule"], enabled=data["enabled"],
                limit_hours=data["limit_hours"],
            ),
        )  # fmt: skip
        if saved is not None:
            title = RULES_BY_CODE[data["rule"]].title
            messages.success(
                request,
                _("Saved: %(rule)s. The clocks are being recomputed.") % {"rule": title},
            )
            return redirect("deadlines:rules")
    context = {
        "rows": selectors.rule_rows(),
        "form": form if form.is_bound else None,
        "rebuild": selectors.latest_rebuild(),
    }
    return render(request, "deadlines/rules.html", context)


@requires(AUTHENTICATED)
def notifications(request: AuthedRequest) -> HttpResponse:
    rows = selectors.notifications(user=request.user)
    return render(request, "deadlines/notifications.html", {"rows": rows})


@background
@requires(AUTHENTICATED)
def notifications_badge(request: AuthedRequest) -> HttpResponse:
    # Fetched by htmx after the page loads, so no page pays a query for it.
    count = selectors.unread_count(user=request.user)
    return render(request, "deadlines/_badge.html", {"count": count})


@require_POST
@requires(AUTHENTICATED)
def notifications_read(request: AuthedRequest) -> HttpResponse:
    services.notifications_mark_read(actor=request.user)
    return redirect("deadlines:notifications")


@requires(Action.LATENESS_VIEW)
def lateness(request: AuthedRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None, initial=PeriodForm.default())
    period = form.cleaned_data if form.is_bound and form.is_valid() else PeriodForm.default()
    rows = [] if form.is_bound and form.errors else selectors.lateness(actor=request.user, **period)
    latest = selectors.latest_rebuild()
    context = {
        "form": form, "rows": rows, "period": period,
        # The monthly rows are recounted once every clock is recomputed: until then they can
        # lag behind the clocks.
        "recounting": latest is not None and latest.finished_at is None,
    }  # fmt: skip
    return render(request, "deadlines/lateness.html", context)


@require_POST
@requires(Action.CASE_VIEW)
def clock_acknowledge(request: AuthedRequest, clock_id: int) -> HttpResponse:
    clock = selectors.clock_get_for_user(user=request.user, clock_id=clock_id)
    try:
        services.clock_acknowledge(
            actor=request.user, clock=clock, reason=request.POST.get("reason", "")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Acknowledged: %(rule)s in %(case)s. It stays in the lateness report.")
            % {"rule": clock.rule_title, "case": clock.case.reference},
        )
    back = request.POST.get("next", "")
    if back not in ("deadlines:notifications", "deadlines:due-soon"):
        back = "deadlines:due-soon"
    return redirect(back)


@requires(Action.AUDIT_VIEW)
def alerts_sent(request: AuthedRequest) -> HttpResponse:
    rows = selectors.alerts_sent(actor=request.user)
    return render(request, "deadlines/alerts_sent.html", {"rows": rows})
