from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts import selectors, services
from mukti.accounts.access import Action, public, requires, signed_in
from mukti.accounts.forms import (
    LoginForm,
    PasswordChangeFormStyled,
    PasswordResetRequestForm,
    ResetSetPasswordForm,
    UserCreateForm,
    UserEditForm,
)
from mukti.core.forms import save_or_report

login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
logout = public(auth_views.LogoutView.as_view())
password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        form_class=PasswordResetRequestForm,
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password-reset-done"),
    )
)
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        form_class=ResetSetPasswordForm,
        success_url=reverse_lazy("accounts:password-reset-complete"),
    )
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


@signed_in
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeFormStyled(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = save_or_report(
            form,
            lambda: services.user_set_password(
                user=request.user, password=form.cleaned_data["new_password1"]
            ),
        )
        if user is not None:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@requires(Action.USERS_MANAGE)
def user_list(request: HttpRequest) -> HttpResponse:
    users = selectors.user_list(actor=request.user)
    return render(request, "accounts/user_list.html", {"users": users})


@requires(Action.USERS_MANAGE)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = save_or_report(
            form, lambda: services.user_create(actor=request.user, **form.cleaned_data)
        )
        if created is not None:
            user, password = created
            return render(
                request, "accounts/one_time_password.html", {"account": user, "password": password}
            )
    return render(request, "accounts/user_form.html", {"form": form})


@requires(Action.USERS_MANAGE)
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    account = selectors.user_get_for_admin(actor=request.user, user_id=user_id)
    form = UserEditForm(
        request.POST or None, instance=account, initial={"version": account.version}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = save_or_report(
            form,
            lambda: services.user_update(
                actor=request.user,
                user=account,
                expected_version=form.cleaned_data["version"],
                **data,
            ),
        )
        if saved is not None:
            messages.success(request, _("Saved %(name)s.") % {"name": saved})
            return redirect("accounts:user-list")
    return render(request, "accounts/user_form.html", {"form": form, "account": account})


@require_POST
@requires(Action.USERS_MANAGE)
def user_issue_password(request: HttpRequest, user_id: int) -> HttpResponse:
    account = selectors.user_get_for_admin(actor=request.user, user_id=user_id)
    password = services.user_issue_password(actor=request.user, user=account)
    return render(
        request, "accounts/one_time_password.html", {"account": account, "password": password}
    )
