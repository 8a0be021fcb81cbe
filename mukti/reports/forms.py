from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mukti.core.forms import BootstrapFormMixin
from mukti.directory.models import Jurisdiction, JurisdictionKind
from mukti.reports.statistics import Period


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
        super().clean()
        data = self.cleaned_data
        if data.get("include_identity") and len((data.get("reason") or "").strip()) < 10:
            self.add_error(
                "reason", _("Say why the report must show who she is (at least a few words).")
            )
        return data


class PeriodForm(forms.Form):
    """A period from the query string of an export (the same names as the pages use)."""

    start = forms.DateField()
    end = forms.DateField()
    by = forms.ChoiceField(choices=[("office", "office"), ("official", "official")], required=False)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        for name in ("start", "end"):
            if data.get(name) and not 1900 <= data[name].year <= 2999:
                self.add_error(name, _("Choose a date between 1900 and 2999."))
                data.pop(name)
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period is before its start."))
        return data

    @staticmethod
    def default() -> dict[str, dt.date]:
        today = timezone.localdate()
        return {"start": today - dt.timedelta(days=365), "end": today}


def period(request: HttpRequest) -> dict[str, Any]:
    """The period asked for, or the last year when none (or a wrong one) is given."""
    form = PeriodForm(request.GET)
    data = PeriodForm.default() | {"by": "office"}
    if form.is_valid():
        data |= {k: v for k, v in form.cleaned_data.items() if v}
    return data


class StatisticsForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", _("Whole year")), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
        coerce=int,
        empty_value=None,
        required=False,
    )


def statistics_period(request: HttpRequest) -> tuple[StatisticsForm, Period]:
    """The period asked for; this year when none (or a wrong one) is given."""
    form = StatisticsForm(request.GET if "year" in request.GET else None)
    if form.is_bound and form.is_valid():
        return form, Period(form.cleaned_data["year"], form.cleaned_data["quarter"])
    year = timezone.localdate().year
    if not form.is_bound:
        form = StatisticsForm(initial={"year": year})
    return form, Period(year)


class DashboardForm(BootstrapFormMixin, forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("period", "From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=pgettext_lazy("period", "To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=Jurisdiction.objects.filter(kind=JurisdictionKind.DISTRICT).order_by("name"),
        required=False,
        empty_label=_("All districts"),
    )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period is before its start."))
        return data


def dashboard_filters(request: HttpRequest) -> tuple[DashboardForm, dict[str, Any]]:
    default = PeriodForm.default()
    form = DashboardForm(
        request.GET if "start" in request.GET else None,
        initial={"start": default["start"], "end": default["end"]},
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        district = data["district"].pk if data["district"] else None
        return form, {"start": data["start"], "end": data["end"], "district": district}
    return form, {**default, "district": None}
