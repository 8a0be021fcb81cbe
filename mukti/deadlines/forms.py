from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mukti.core.forms import BootstrapFormMixin
from mukti.deadlines.rules import RULES


class RuleForm(BootstrapFormMixin, forms.Form):
    rule = forms.ChoiceField(choices=[(r.code, r.title) for r in RULES], widget=forms.HiddenInput)
    enabled = forms.BooleanField(label=_("On"), required=False)
    # Shape only: zero, negative and statutory limits are refused by the service, in words.
    limit_hours = forms.IntegerField(label=_("Limit (hours)"), required=False)


class PeriodForm(BootstrapFormMixin, forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("period", "From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=pgettext_lazy("period", "To"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period must end after it starts."))
        return data

    @staticmethod
    def default() -> dict[str, dt.date]:
        today = timezone.localdate()
        return {"start": today - dt.timedelta(days=365), "end": today}
