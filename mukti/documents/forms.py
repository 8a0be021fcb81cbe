from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mukti.core.errors import ApplicationError
from mukti.core.forms import BootstrapFormMixin
from mukti.documents.content import ACCEPTED
from mukti.documents.services import document_check, max_bytes, too_large_message


class EntryChoiceField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _("Choose one of this case's entries that you may record.")
    }

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class DocumentForm(BootstrapFormMixin, forms.Form):
    event = EntryChoiceField(
        label=_("Attach to the entry"),
        queryset=None,
        help_text=_("The timeline entry the document belongs to: the arrest, the medical visit…"),
    )
    title = forms.CharField(
        label=_("What it is"), max_length=200, help_text=_("For example: FIR copy, CWC order")
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, events: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        self.fields["file"].help_text = _("%(kinds)s, up to %(mb)d MB.") % {
            "kinds": ACCEPTED,
            "mb": max_bytes() // (1024 * 1024),
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise ValidationError(too_large_message())
        data = upload.read()
        try:
            document_check(data)
        except ApplicationError as error:
            raise ValidationError(error.message) from None
        self.cleaned_data["data"] = data
        return upload


class RemoveForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why remove it"),
        max_length=500,
        help_text=_("For example: the wrong file was attached. Kept in the audit log."),
    )
