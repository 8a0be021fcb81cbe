from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mukti.core.forms import BootstrapFormMixin


class CaseReportForm(BootstrapFormMixin, forms.Form):
    include_identity = forms.BooleanField(
        label=_("Include the protected identity (legal name, contacts, address, documents)"),
        required=False,
        help_text=_(
            "Only when the report must say who she is (e.g. for a court). It is recorded as a "
            "reveal of each survivor's identity, with your reason."
        ),
    )
    reason = forms.CharField(
        label=_("Why the report must show her identity"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("include_identity") and len((data.get("reason") or "").strip()) < 10:
            self.add_error(
                "reason", _("Say why the report must show who she is (at least a few words).")
            )
        return data
