from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _

from mukti.accounts.models import Role, User
from mukti.accounts.services import user_set_password
from mukti.audit.models import AuditAction
from mukti.core.forms import BootstrapFormMixin, VersionedFormMixin


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    pass


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
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class UserEditForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "role", "is_active"]
        labels = {"is_active": _("Active (can sign in)")}
