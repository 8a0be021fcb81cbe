from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.access import Action, can, public, requires, signed_in
from mukti.api import selectors, services
from mukti.api.forms import TokenForm
from mukti.core.forms import save_or_report
from mukti.core.http import AuthedRequest


@signed_in
def token_list(request: AuthedRequest) -> HttpResponse:
    """Your API tokens: make one (its secret is shown once, on this answer), see them, revoke."""
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        made = save_or_report(
            form,
            lambda: services.token_create(actor=request.user, **form.cleaned_data),
        )
        if made is not None:
            secret = made[1]
            form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": selectors.tokens_of(user=request.user),
        "is_admin": can(request.user, Action.USERS_MANAGE),
    }
    return render(request, "api/token_list.html", context)


@require_POST
@signed_in
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = selectors.token_get_for_user(user=request.user, token_id=token_id)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    if token.user_id != request.user.pk:
        return redirect("api:token-admin")
    return redirect("api:token-list")


@requires(Action.USERS_MANAGE)
def token_admin(request: AuthedRequest) -> HttpResponse:
    """Every token still in force, for an administrator to revoke."""
    tokens = selectors.tokens_all(actor=request.user)
    return render(request, "api/token_admin.html", {"tokens": tokens})


@public
def schema_redirect(request: HttpRequest) -> HttpResponse:
    return redirect("api-v1:openapi-json", permanent=False)


@public
def docs_redirect(request: HttpRequest) -> HttpResponse:
    return redirect("api-v1:openapi-view", permanent=False)
