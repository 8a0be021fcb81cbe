from __future__ import annotations

import base64
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from mukti.accounts import selectors, services
from mukti.accounts.access import Action, public, requires, signed_in, signing_in
from mukti.accounts.forms import (
    LoginForm,
    PasswordChangeFormStyled,
    PasswordResetRequestForm,
    ReasonForm,
    ResetSetPasswordForm,
    TwoFactorCodeForm,
    TwoFactorSetupForm,
    UserCreateForm,
    UserEditForm,
)
from mukti.accounts.models import RecoveryCodes, TwoFactorResetRequest
from mukti.audit.services import client_ip
from mukti.core.errors import ApplicationError
from mukti.core.forms import save_or_report
from mukti.core.http import AuthedRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
logout = signing_in(auth_views.LogoutView.as_view())
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


@signing_in
def password_change(request: AuthedRequest) -> HttpResponse:
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
            return _next_or_home(request)
    return render(request, "accounts/password_change.html", {"form": form})


@requires(Action.USERS_MANAGE)
def user_list(request: AuthedRequest) -> HttpResponse:
    users = selectors.user_list(actor=request.user)
    return render(request, "accounts/user_list.html", {"users": users})


@requires(Action.USERS_MANAGE)
def user_create(request: AuthedRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = save_or_report(
            form,
            lambda: services.user_invite(
                actor=request.user,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            ),
        )
        if user is not None:
            messages.success(
                request,
                _(
                    "Created %(name)s. A link to choose a password was e-mailed to %(email)s; "
                    "nobody else sees it."
                )
                % {"name": user.username, "email": user.email},
            )
            return redirect("accounts:user-list")
    return render(request, "accounts/user_form.html", {"form": form})


@requires(Action.USERS_MANAGE)
def user_edit(request: AuthedRequest, user_id: int) -> HttpResponse:
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
    context = {
        "form": form,
        "account": account,
        "locked": account.is_locked,
        "has_two_factor": services.two_factor_device(account) is not None,
    }
    return render(request, "accounts/user_form.html", context)


@require_POST
@requires(Action.USERS_MANAGE)
def user_issue_password(request: AuthedRequest, user_id: int) -> HttpResponse:
    account = selectors.user_get_for_admin(actor=request.user, user_id=user_id)
    try:
        services.user_send_password_link(
            actor=request.user,
            user=account,
            base_url=request.build_absolute_uri("/"),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("A link to choose a new password was e-mailed to %(email)s.")
            % {"email": account.email},
        )
    return redirect("accounts:user-edit", user_id=account.pk)


def _safe_next(request: HttpRequest) -> str:
    """The ``next`` address if it stays on this site, else "" (never an open redirect)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _next_or_home(request: HttpRequest) -> HttpResponse:
    return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)


def _second_factor_given(request: AuthedRequest, device: Any) -> None:
    otp_login(request, device)
    # A new session key for the fully signed-in session: a key learnt before the code step
    # (fixation, or a glance at the password-only session) is worth nothing after it.
    request.session.cycle_key()
    services.login_success_record(user=request.user, ip=client_ip(request))


@signing_in
def two_factor_setup(request: AuthedRequest) -> HttpResponse:
    """Add the authenticator app: a key shown as a QR code and as text, confirmed by a code."""
    if request.user.is_verified():
        return redirect("accounts:security")
    device = services.two_factor_start(user=request.user)
    form = TwoFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = save_or_report(
            form,
            lambda: services.two_factor_confirm(
                user=request.user,
                code=form.cleaned_data["code"],
                ip=client_ip(request),
            ),
        )
        if codes is not None:
            device.refresh_from_db()
            _second_factor_given(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _safe_next(request), "first": True},
            )
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        # segno draws the QR code as an SVG of paths, with no script and no style attribute.
        "qr": mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4)),  # noqa: S308
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": _safe_next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@signing_in
def two_factor_verify(request: AuthedRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified():
        return _next_or_home(request)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        device = services.two_factor_verify(
            user=user,
            code=form.cleaned_data["code"],
            ip=ip,
        )
        if device is not None:
            _second_factor_given(request, device)
            if isinstance(device, RecoveryCodes):
                left = services.recovery_codes_left(user)
                if left <= 3:
                    messages.warning(
                        request,
                        _("Only %(left)d recovery codes are left. Make new ones under Security.")
                        % {"left": left},
                    )
            return _next_or_home(request)
        locked = services.login_failure_record(
            username=user.username,
            ip=ip,
            kind=services.LoginFailureKind.CODE,
            unlock_base_url=request.build_absolute_uri("/"),
        )
        if locked:
            refusal = services.login_refusal(username=user.username, ip=ip)
            auth_logout(request)
            messages.error(request, refusal or services.account_locked_message())
            return redirect("accounts:login")
        form.add_error("code", _("That code is not right. Type the code your app shows now."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _safe_next(request)},
    )


@require_POST
@public
def language(request: HttpRequest) -> HttpResponse:
    """The language switcher: remembered in her profile once signed in, in a cookie before."""
    chosen = request.POST.get("language", "")
    response = redirect(_safe_next(request) or "home")
    if chosen and chosen not in dict(settings.LANGUAGES):
        return response  # not one offered (only a hand-made request sends that): nothing changes
    if request.user.is_authenticated:
        services.language_set(user=request.user, language=chosen)
    if chosen:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=365 * 24 * 3600,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    return response


@signed_in
def security(request: AuthedRequest) -> HttpResponse:
    """Your own sign-in: the authenticator, recovery codes and signing out everywhere."""
    context = {
        "device": services.two_factor_device(request.user),
        "codes_left": services.recovery_codes_left(request.user),
    }
    return render(request, "accounts/security.html", context)


@require_POST
@signed_in
def recovery_codes_renew(request: AuthedRequest) -> HttpResponse:
    codes = services.recovery_codes_renew(user=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "first": False})


@require_POST
@signed_in
def sessions_end(request: AuthedRequest) -> HttpResponse:
    services.user_end_sessions(
        actor=request.user,
        user=request.user,
        reason=_("by the user"),
    )
    auth_logout(request)
    messages.success(request, _("You are signed out everywhere, on this device too."))
    return redirect("accounts:login")


def _admin_action(request: AuthedRequest, user_id: int, act: str) -> HttpResponse:
    account = selectors.user_get_for_admin(actor=request.user, user_id=user_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why, for the audit log, then try again."))
        return redirect("accounts:user-edit", user_id=account.pk)
    reason = form.cleaned_data["reason"]
    actions: dict[str, tuple[Callable[..., object], StrOrPromise]] = {
        "unlock": (services.user_unlock, _("%(name)s can sign in again.")),
        "two-factor-reset": (
            services.two_factor_reset_request,
            _("%(name)s will set up two-factor sign-in again at the next sign-in."),
        ),
        "sessions-end": (services.user_end_sessions, _("%(name)s is signed out everywhere.")),
    }
    service, done = actions[act]
    result = save_or_report(form, lambda: service(actor=request.user, user=account, reason=reason))
    if result is None and form.errors:
        messages.error(request, " ".join(map(str, form.non_field_errors())))
    elif isinstance(result, TwoFactorResetRequest):
        messages.success(
            request,
            _(
                "Asked to reset %(name)s's two-factor sign-in. %(name)s reads cases, so a second "
                "administrator or a supervisor must approve it under Approvals first."
            )
            % {"name": account},
        )
    else:
        messages.success(request, done % {"name": account})
    return redirect("accounts:user-edit", user_id=account.pk)


@require_POST
@requires(Action.USERS_MANAGE)
def user_unlock(request: AuthedRequest, user_id: int) -> HttpResponse:
    return _admin_action(request, user_id, "unlock")


@require_POST
@requires(Action.USERS_MANAGE)
def user_two_factor_reset(request: AuthedRequest, user_id: int) -> HttpResponse:
    return _admin_action(request, user_id, "two-factor-reset")


@require_POST
@requires(Action.USERS_MANAGE)
def user_sessions_end(request: AuthedRequest, user_id: int) -> HttpResponse:
    return _admin_action(request, user_id, "sessions-end")


@public
def unlock(request: HttpRequest, token: str) -> HttpResponse:
    """The link e-mailed when an account locks: a button (mail scanners open links), then done."""
    if request.method == "POST":
        try:
            services.user_unlock_with_link(token=token, ip=client_ip(request))
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your account is unlocked. Sign in again."))
        return redirect("accounts:login")
    return render(request, "accounts/unlock.html")


@requires(Action.TWO_FACTOR_RESET_APPROVE)
def approvals(request: AuthedRequest) -> HttpResponse:
    """Second-factor resets of case-reading accounts, waiting for a second person's approval."""
    waiting = selectors.two_factor_reset_requests_waiting(actor=request.user)
    return render(request, "accounts/approvals.html", {"waiting": waiting})


@require_POST
@requires(Action.TWO_FACTOR_RESET_APPROVE)
def approval_approve(request: AuthedRequest, request_id: int) -> HttpResponse:
    waiting = selectors.two_factor_reset_requests_waiting(actor=request.user)
    reset_request = get_object_or_404(waiting, pk=request_id)
    try:
        services.two_factor_reset_approve(actor=request.user, reset_request=reset_request)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s will set up two-factor sign-in again at the next sign-in.")
            % {"name": reset_request.user},
        )
    return redirect("accounts:approvals")
