from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mukti.accounts.models import Organisation
from mukti.cases.models import Case, Survivor
from mukti.core.forms import BootstrapFormMixin, field_as
from mukti.referrals.models import Section


class SurvivorsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.pseudonym)


class ReferralForm(BootstrapFormMixin, forms.Form):
    to = forms.ModelChoiceField(
        label=_("Refer to"),
        queryset=Organisation.objects.none(),
        help_text=_("Another organisation working on this instance."),
    )
    survivors = SurvivorsField(
        label=_("Survivors referred"),
        queryset=Survivor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each must have consented to her data being shared with that organisation."),
    )
    sections = forms.MultipleChoiceField(
        label=_("What they will see"),
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Section.SURVIVORS, Section.TIMELINE],
    )
    purpose = forms.CharField(
        label=_("What you ask of them"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: family tracing and reintegration in Jessore after repatriation."),
    )

    def __init__(self, *args: Any, case: Case, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_as(self, "to", forms.ModelChoiceField).queryset = partners
        people = Survivor.objects.filter(case_links__case=case).order_by("case_links__id")
        field_as(self, "survivors", forms.ModelMultipleChoiceField).queryset = people


class AnswerForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note or reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to decline: the referring team reads it on their timeline."),
    )
