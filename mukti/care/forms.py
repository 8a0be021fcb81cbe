"""Forms of the care side: shape and format only; the rules live in care.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from mukti.care.models import (
    ConsentPurpose,
    Domain,
    GoalStatus,
    MedicalKind,
    MedicalReason,
    PlacementKind,
    ServiceKind,
    StepKind,
)
from mukti.cases.models import Case, Survivor
from mukti.core.fields import DayField, SurvivorChoiceField, WhenField
from mukti.core.forms import BootstrapFormMixin, VersionedFormMixin, field_as
from mukti.directory.forms import OfficeChoiceField
from mukti.directory.models import Office, OfficeKind


def _offices(*kinds: str) -> Any:
    return Office.objects.filter(kind__in=kinds).order_by("name")


def _today() -> str:
    return timezone.localdate().strftime("%d %b %Y")


class CareForm(BootstrapFormMixin, forms.Form):
    """A form about one survivor of the case (her choice limited to the case's survivors)."""

    survivor = SurvivorChoiceField(label=_("Survivor"), queryset=Survivor.objects.none())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Survivor.objects.filter(case_links__case=case).order_by("case_links__id")
        field_as(self, "survivor", forms.ModelChoiceField).queryset = people
        if "when" in self.fields and not self.is_bound:
            self.initial.setdefault("when", _today())
        if len(people) == 1:
            self.initial.setdefault("survivor", people[0].pk)

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class MedicalForm(CareForm):
    when = WhenField(label=_("Admitted or seen on"))
    facility = OfficeChoiceField(
        label=_("Hospital or clinic"), queryset=_offices(OfficeKind.HOSPITAL, OfficeKind.NGO)
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=MedicalKind.choices)
    need = forms.ChoiceField(label=_("Reason"), choices=MedicalReason.choices)
    discharged_on = DayField(label=_("Discharged on"), required=False)
    outcome = forms.CharField(label=_("Outcome"), max_length=300, required=False)
    follow_up_on = DayField(label=_("Follow-up due on"), required=False)
    report_sent_on = DayField(
        label=_("Doctor's report sent to the investigating officer on"), required=False
    )
    note = forms.CharField(label=_("Care note"), required=False, widget=forms.Textarea({"rows": 2}))


class MedicalUpdateForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    discharged_on = DayField(label=_("Discharged on"), required=False)
    outcome = forms.CharField(label=_("Outcome"), max_length=300, required=False)
    follow_up_on = DayField(label=_("Follow-up due on"), required=False)
    report_sent_on = DayField(
        label=_("Doctor's report sent to the investigating officer on"), required=False
    )


class PlacementForm(CareForm):
    when = WhenField(label=_("Arrived on"))
    home = OfficeChoiceField(label=_("Shelter home"), queryset=_offices(OfficeKind.SHELTER_HOME))
    kind = forms.ChoiceField(label=_("Kind of stay"), choices=PlacementKind.choices)
    note = forms.CharField(label=_("Care note"), required=False, widget=forms.Textarea({"rows": 2}))


class MoveForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    when = WhenField(label=_("Moved on"))
    home = OfficeChoiceField(label=_("To shelter home"), queryset=_offices(OfficeKind.SHELTER_HOME))
    kind = forms.ChoiceField(
        label=_("Kind of stay"), choices=PlacementKind.choices, initial=PlacementKind.LONG_TERM
    )
    reason = forms.CharField(label=_("Why she moved"), max_length=200)


class EndForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    ended_on = DayField(label=_("Left on"))
    reason = forms.CharField(label=_("Why she left"), max_length=200)


class ServiceForm(CareForm):
    when = WhenField(label=_("When"))
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    provider = forms.CharField(label=_("Provided by"), max_length=200, required=False)
    note = forms.CharField(label=_("Care note"), required=False, widget=forms.Textarea({"rows": 2}))


class FollowUpForm(CareForm):
    when = WhenField(label=_("Visited on"))
    next_due_on = DayField(label=_("Next visit due on"), required=False)
    note = forms.CharField(label=_("Care note"), required=False, widget=forms.Textarea({"rows": 2}))


class GoalForm(CareForm):
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    goal = forms.CharField(label=_("Goal"), max_length=300)
    target_on = DayField(label=_("By"), required=False)


class GoalStatusForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class AssessmentForm(CareForm):
    when = WhenField(label=_("Assessed on"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Domain.choices:
            # Shape only (a whole number); the range and its message belong to the service.
            self.fields[f"{value}_score"] = forms.IntegerField(
                label=label,
                required=False,
                help_text=_("1 = most vulnerable … 4 = strong"),
                widget=forms.NumberInput(attrs={"min": 1, "max": 4, "class": "form-control"}),
            )
        order = ["survivor", "when", *(f"{d}_score" for d in Domain.values), "notes"]
        self.order_fields(order)

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "survivor": data["survivor"],
            "when": data["when"],
            "notes": data["notes"],
            "scores": {d: data.get(f"{d}_score") for d in Domain.values},
        }


class RepatriationForm(CareForm):
    country = forms.ChoiceField(label=_("Home country"), choices=[("", "—"), *countries])
    border_point = forms.CharField(
        label=_("Border crossing"), max_length=120, required=False,
        help_text=_("e.g. Petrapole–Benapole"),
    )  # fmt: skip
    when = WhenField(label=_("Requested on"))
    authority = OfficeChoiceField(
        label=_("Request sent to"), queryset=_offices(*OfficeKind.values), required=False
    )
    documents = forms.CharField(label=_("Documents"), required=False)


class StepForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=StepKind.choices)
    when = WhenField(label=_("Started on"))
    authority = OfficeChoiceField(
        label=_("Authority"), queryset=_offices(*OfficeKind.values), required=False
    )
    documents = forms.CharField(label=_("Documents"), required=False)


class StepCompleteForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    completed_on = DayField(label=_("Completed on"))
    documents = forms.CharField(label=_("Documents"), required=False)


class ConsentForm(CareForm):
    purpose = forms.ChoiceField(label=_("She agreed to"), choices=ConsentPurpose.choices)
    partner = forms.CharField(label=_("Partner"), max_length=200, required=False)
    given_on = DayField(label=_("Given on"))
    expires_on = DayField(label=_("Expires on"), required=False)


class WithdrawForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    withdrawn_on = DayField(label=_("Withdrawn on"))
