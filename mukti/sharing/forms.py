from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.cases.models import Case, Survivor
from mukti.core.fields import DateTimeLocalField
from mukti.core.forms import BootstrapFormMixin, field_as
from mukti.directory.forms import OfficeChoiceField
from mukti.directory.models import Office
from mukti.rescue.models import Engagement
from mukti.sharing.models import PacketAnswer


class StoryForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Her story"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Her pseudonym only; places no finer than the district; months, not days; no names "
            "of staff, officials or the accused."
        ),
    )


class _Choice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, Survivor):
            return str(obj.pseudonym)
        if isinstance(obj, Engagement):
            return f"{obj.who} · {obj.get_request_display()} · {obj.get_answer_display()}"
        return str(obj)


class PacketForm(BootstrapFormMixin, forms.Form):
    hop = _Choice(
        label=_("Escalation hop"),
        queryset=Engagement.objects.none(),
        required=False,
        help_text=_("Their answer on the packet becomes this hop's answer."),
    )
    office = OfficeChoiceField(
        label=_("Send to"),
        queryset=Office.objects.order_by("name"),
        required=False,
        help_text=_("The authority or partner (the hop's office if you chose a hop)."),
    )
    survivor = _Choice(label=_("About"), queryset=Survivor.objects.none())
    ask = forms.CharField(
        label=_("What you ask of them"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    needed_by = DateTimeLocalField(label=_("Needed by"))
    hours = forms.IntegerField(
        label=_("The link works for (hours)"), initial=72, min_value=1, max_value=24 * 14
    )
    include_identity = forms.BooleanField(
        label=_("Include her name"),
        required=False,
        help_text=_("Only if they cannot act without it."),
    )
    identity_reason = forms.CharField(
        label=_("Why they need her name"),
        max_length=500,
        required=False,
        help_text=_("Recorded in the audit log."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hops = Engagement.objects.filter(case=case).select_related("office", "official")
        field_as(self, "hop", forms.ModelChoiceField).queryset = hops.order_by("pk")
        people = Survivor.objects.filter(case_links__case=case).order_by("case_links__id")
        field_as(self, "survivor", forms.ModelChoiceField).queryset = people
        if "survivor" not in self.initial:
            first_two = list(people[:2])
            if len(first_two) == 1:  # one survivor: nothing to choose
                self.initial["survivor"] = first_two[0].pk
        if "needed_by" not in self.initial:
            soon = timezone.localtime() + dt.timedelta(hours=24)
            self.initial["needed_by"] = soon.replace(second=0, microsecond=0)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        hop = data.get("hop")
        if hop is not None and data.get("office") is None:
            data["office"] = hop.office
        if data.get("office") is None and "office" not in self.errors:
            self.add_error("office", _("Choose whom to send it to, or an escalation hop."))
        return data


class CodeForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)


class AnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[c for c in PacketAnswer.choices if c[0]],
        widget=forms.RadioSelect,
    )
    fir_number = forms.CharField(label=_("FIR number"), max_length=40, required=False)
    note = forms.CharField(
        label=_("Note, or why you decline"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
