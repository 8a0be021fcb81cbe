from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mukti.accounts import services
from mukti.accounts.models import Role, User
from mukti.accounts.services import user_set_password
from mukti.audit.models import AuditAction
from mukti.audit.services import client_ip
from mukti.core.forms import BootstrapFormMixin, VersionedFormMixin


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    """Password sign-in, refused outright while the account or the network is locked out."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request)
        refusal = services.login_refusal(username=username, ip=ip)
        if refusal:
            # As long as a password check: a refusal must not be told apart by its speed.
            User().set_password(self.cleaned_data.get("password") or "")
            raise ValidationError(refusal, code="locked")
        try:
            return super().clean()
        except ValidationError as error:
            locked = (
                error.code == "invalid_login"
                and bool(username)
                and services.login_failure_record(
                    username=username,
                    ip=ip,
                    unlock_base_url=self.request.build_absolute_uri("/") if self.request else "",
                )
            )
            if locked:
                refusal = services.login_refusal(username=username, ip=ip)
                raise ValidationError(refusal or error.message, code="locked") from None
            raise


class TwoFactorCodeForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("The six digits your authenticator app shows now, or one recovery code."),
    )


class TwoFactorSetupForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The six digits the app shows once you have added the key."),
    )


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.TextInput(),
        help_text=_("Recorded in the audit log with your name."),
    )


class PasswordChangeFormStyled(BootstrapFormMixin, PasswordChangeForm):
    pass


class ResetSetPasswordForm(BootstrapFormMixin, SetPasswordForm):
    """The emailed-link form; saving goes through the same service as the change form."""

    def save(self, commit: bool = True) -> Any:
        return user_set_password(
            user=self.user,
            password=self.cleaned_data["new_password1"],
            action=AuditAction.PASSWORD_RESET,
        )


class PasswordResetRequestForm(BootstrapFormMixin, PasswordResetForm):
    pass


class UserCreateForm(BootstrapFormMixin, forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={
            "invalid": _("Use only letters, digits and the characters . @ + - _ in a username.")
        },
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_(
            "The link to choose a password is sent here; nobody else sees it, you included."
        ),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class UserEditForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "role", "is_active"]
        labels = {"is_active": _("Active (can sign in)")}
