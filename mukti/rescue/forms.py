from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mukti.accounts.models import User
from mukti.cases.models import AttemptOutcome, Case, Survivor
from mukti.cases.selectors import staff_choices
from mukti.core.fields import (
    DateTimeLocalField,
    OfficialChoiceField,
    StaffMultipleChoiceField,
    WhenField,
    staff_of,
)
from mukti.core.forms import BootstrapFormMixin, VersionedFormMixin, field_as
from mukti.directory.forms import JurisdictionChoiceField, OfficeChoiceField
from mukti.directory.models import Jurisdiction, Office, Official
from mukti.rescue.models import Answer, Mode, Request


def _offices() -> Any:
    return Office.objects.order_by("name")


def _officials() -> Any:
    return Official.objects.select_related("office").order_by("name")


def _now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class EngagementForm(BootstrapFormMixin, forms.Form):
    office = OfficeChoiceField(label=_("Office"), queryset=_offices())
    official = OfficialChoiceField(label=_("Official"), queryset=_officials(), required=False)
    request = forms.ChoiceField(label=_("We asked for"), choices=Request.choices)
    mode = forms.ChoiceField(label=_("How"), choices=Mode.choices)
    when = WhenField(label=_("When we asked"))
    our_staff = StaffMultipleChoiceField(
        label=_("Who from our team"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    previous = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff_of(self, staff_choices(case.organisation_id))


class AnswerForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    answer = forms.ChoiceField(label=_("Their answer"), choices=Answer.choices)
    answered_at = DateTimeLocalField(label=_("Answered at"), required=False)
    note = forms.CharField(
        label=_("What they said"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deferred_until = DateTimeLocalField(label=_("Deferred until"), required=False)
    referred_to_office = OfficeChoiceField(
        label=_("Referred to office"), queryset=_offices(), required=False
    )
    referred_to_official = OfficialChoiceField(
        label=_("Referred to official"), queryset=_officials(), required=False
    )


class OperationForm(BootstrapFormMixin, forms.Form):
    target_place = JurisdictionChoiceField(
        label=_("Target place"), queryset=Jurisdiction.objects.order_by("name")
    )
    target_address = forms.CharField(label=_("Address or building"), max_length=300, required=False)
    survivors_sought = forms.ModelMultipleChoiceField(
        label=_("Survivors sought"),
        queryset=Survivor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_office = OfficeChoiceField(label=_("Lead police unit"), queryset=_offices())
    lead_official = OfficialChoiceField(
        label=_("Lead officer"), queryset=_officials(), required=False
    )
    ngo_staff = StaffMultipleChoiceField(
        label=_("Our staff present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    planned_for = DateTimeLocalField(label=_("Planned for"))
    risk_notes = forms.CharField(
        label=_("Risks"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff_of(self, staff_choices(case.organisation_id))
        field_as(
            self, "survivors_sought", forms.ModelChoiceField
        ).queryset = Survivor.objects.filter(case_links__case=case)


class OperationEditForm(VersionedFormMixin, OperationForm):
    pass


class OperationCancelForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the operation and on the timeline."),
    )  # fmt: skip
    when = WhenField(label=_("Called off on"))


class AttemptEditForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    when = WhenField(label=_("When"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AttemptOutcome.choices)
    what_followed = forms.CharField(
        label=_("What followed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Failed stays failed and a rescue stays a rescue (the service says why if forced).
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        if self.initial.get("outcome") == AttemptOutcome.RESCUED:
            outcome.choices = [(AttemptOutcome.RESCUED.value, AttemptOutcome.RESCUED.label)]
        else:
            outcome.choices = [c for c in AttemptOutcome.choices if c[0] != AttemptOutcome.RESCUED]


class AttemptForm(BootstrapFormMixin, forms.Form):
    when = WhenField(label=_("When"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AttemptOutcome.choices)
    people_brought_out = forms.IntegerField(
        label=_("How many people were brought out"), min_value=0, max_value=500, initial=0
    )
    survivors_out = forms.ModelMultipleChoiceField(
        label=_("Survivors of this case brought out"),
        queryset=Survivor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    others_out = forms.CharField(
        label=_("Others brought out"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One person per line, e.g. “woman, about 25, speaks Bengali”."),
    )
    what_followed = forms.CharField(
        label=_("What followed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    handoff_office = OfficeChoiceField(label=_("Handed to"), queryset=_offices(), required=False)
    handoff_at = DateTimeLocalField(label=_("Handed over at"), required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_as(self, "survivors_out", forms.ModelChoiceField).queryset = Survivor.objects.filter(
            case_links__case=case
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("handoff_office") and not data.get("handoff_at"):
            self.add_error("handoff_at", _("Say when she was handed over."))
        return data

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        hand_offs = []
        if data.get("handoff_office"):
            hand_offs.append((data["handoff_office"], data["handoff_at"], ""))
        return {
            "when": data["when"],
            "outcome": data["outcome"],
            "people_brought_out": data["people_brought_out"],
            "survivors_out": list(data["survivors_out"]),
            "others_out": (data.get("others_out") or "").splitlines(),
            "what_followed": data.get("what_followed", ""),
            "hand_offs": hand_offs,
        }


class PromoteForm(BootstrapFormMixin, forms.Form):
    pseudonym = forms.CharField(label=_("Pseudonym"), max_length=80)
    age_years = forms.IntegerField(
        label=_("Age (years), as told or estimated"),
        min_value=0,
        max_value=120,
        required=False,
        help_text=_("A child's clocks (production before the CWC within 24 hours) start from it."),
    )
    age_estimated = forms.BooleanField(label=_("The age is an estimate"), required=False)
    new_case = forms.BooleanField(
        label=_("Open a new case for her (otherwise she joins this case)"), required=False
    )


class ResponsivenessForm(BootstrapFormMixin, forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("period", "From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=pgettext_lazy("period", "To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    by = forms.ChoiceField(
        label=_("Per"), choices=[("office", _("office")), ("official", _("official"))]
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("start", "end"):
            if data.get(name) and not 1900 <= data[name].year <= 2999:
                self.add_error(name, _("Choose a date between 1900 and 2999."))
                data.pop(name)
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period is before its start."))
        return data
