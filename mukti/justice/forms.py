"""Forms of the legal case: shape and format only; the rules live in justice.services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from mukti.cases.models import Case, Survivor
from mukti.core.fields import (
    DateTimeLocalField,
    DayField,
    OfficialChoiceField,
    SurvivorChoiceField,
    WhenField,
)
from mukti.core.forms import BootstrapFormMixin, VersionedFormMixin, field_as
from mukti.directory.forms import JurisdictionChoiceField, OfficeChoiceField
from mukti.directory.models import Jurisdiction, Office, OfficeKind, Official
from mukti.justice.models import (
    Accused,
    AccusedRole,
    BailStatus,
    CustodyKind,
    EvidenceKind,
    LegalSection,
    Support,
    VerdictOutcome,
)
from mukti.justice.selectors import sections_in_force
from mukti.justice.services import POLICE, accused_linkable


def _offices(*kinds: str) -> Any:
    return Office.objects.filter(kind__in=kinds).order_by("name")


def _officials() -> Any:
    return Official.objects.select_related("office").order_by("name")


class AccusedChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Choose one of the accused of this case.")}

    def label_from_instance(self, obj: Accused) -> str:
        return obj.label


class SectionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: LegalSection) -> str:
        return f"{obj.act} s.{obj.number} — {obj.title}"


class CaseForm(BootstrapFormMixin, forms.Form):
    """A form about this case: accused, survivors and sections offered are the case's own."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "accused" in self.fields:
            # In the order they were added: names are encrypted, the database cannot sort them.
            field_as(self, "accused", forms.ModelChoiceField).queryset = Accused.objects.filter(
                case_links__case=case
            ).order_by("case_links__added_at", "pk")
        if "survivor" in self.fields:
            field_as(self, "survivor", forms.ModelChoiceField).queryset = Survivor.objects.filter(
                case_links__case=case
            ).order_by("case_links__id")
        if "sections" in self.fields:
            # Offered: the sections in force on the offence date. Any other posted is refused
            # by the service with the reason, not as an unknown choice.
            field = field_as(self, "sections", forms.ModelChoiceField)
            field.queryset = LegalSection.objects.all()
            field.choices = [(s.pk, field.label_from_instance(s)) for s in sections_in_force(case)]

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class FirForm(CaseForm):
    police_station = OfficeChoiceField(label=_("Police station"), queryset=_offices(*POLICE))
    number = forms.CharField(label=_("FIR number"), max_length=40, help_text=_("e.g. 217/2024"))
    when = WhenField(label=_("Registered on"))
    sections = SectionsField(
        label=_("Sections charged"), queryset=LegalSection.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Those in force on the offence date: IPC before 1 July 2024, BNS from then."),
    )  # fmt: skip
    ahtu_informed_at = DateTimeLocalField(label=_("Handed to the AHTU at"), required=False)
    electronic = forms.BooleanField(label=_("Registered as an e-FIR"), required=False)
    signed_at = DateTimeLocalField(label=_("e-FIR signed by the informant at"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


class ChargesheetForm(CaseForm):
    number = forms.CharField(label=_("Chargesheet number"), max_length=40)
    when = WhenField(label=_("Filed on"))
    sections = SectionsField(
        label=_("Sections"), queryset=LegalSection.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


class AccusedIdentityFields(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False,
        help_text=_("Leave it empty if his name is not known, and describe him below."),
    )  # fmt: skip
    aliases = forms.CharField(label=_("Aliases"), max_length=300, required=False,
                              help_text=_("Separated by commas."))  # fmt: skip
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=300, required=False,
        help_text=_("Who he is, above all when his name is not known: “man, worked at the "
                    "door”. Age, appearance, where from."),
    )  # fmt: skip
    approximate_age = forms.IntegerField(
        label=_("Approximate age"), min_value=1, max_value=110, required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=AccusedRole.choices)


class AccusedForm(AccusedIdentityFields, CaseForm):
    existing = forms.ModelChoiceField(
        label=_("The same person as"), queryset=Accused.objects.all(), required=False,
        widget=forms.RadioSelect, empty_label=_("No: a new person"),
    )  # fmt: skip
    checked = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, case: Case, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        # Only people this user may link are valid choices, and none is listed until the
        # matching step offers them: the form never lists accused of other cases.
        field = field_as(self, "existing", forms.ModelChoiceField)
        field.queryset = accused_linkable(user)
        field.choices = [("", field.empty_label)]

    def offer(self, matches: list[Accused]) -> None:
        """Ask whether the person is one already known (before a new record is made)."""
        field = field_as(self, "existing", forms.ModelChoiceField)
        field.queryset = Accused.objects.filter(pk__in=[m.pk for m in matches])
        field.choices = field.iterator(field)
        data = cast(QueryDict, self.data).copy()  # the POST, which can be changed once copied
        data["checked"] = "on"
        self.data = data


class AccusedEditForm(BootstrapFormMixin, VersionedFormMixin, AccusedIdentityFields):
    """Correct who he is: his name once it is learnt, his description, his role in this case."""


class ArrestForm(CaseForm):
    accused = AccusedChoiceField(label=_("Accused"), queryset=Accused.objects.none())
    when = WhenField(label=_("Arrested at"))
    place = JurisdictionChoiceField(
        label=_("Where"), queryset=Jurisdiction.objects.order_by("name"), required=False
    )
    officer = OfficialChoiceField(
        label=_("Arresting officer"), queryset=_officials(), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


class BailForm(CaseForm):
    accused = AccusedChoiceField(label=_("Accused"), queryset=Accused.objects.none())
    when = WhenField(label=_("When"))
    status = forms.ChoiceField(label=_("Bail"), choices=BailStatus.choices)


class EvidenceForm(CaseForm):
    when = WhenField(label=_("Seized at"))
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    seized_by_office = OfficeChoiceField(
        label=_("Seized by (office)"), queryset=_offices(*OfficeKind.values)
    )
    seized_by_official = OfficialChoiceField(
        label=_("Seized by (official)"), queryset=_officials(), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


class CustodyForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=CustodyKind.choices)
    at = DateTimeLocalField(label=_("When"))
    from_office = OfficeChoiceField(
        label=_("From (office)"), queryset=_offices(*OfficeKind.values), required=False
    )
    from_official = OfficialChoiceField(
        label=_("From (official)"), queryset=_officials(), required=False
    )
    to_office = OfficeChoiceField(label=_("To (office)"), queryset=_offices(*OfficeKind.values))
    to_official = OfficialChoiceField(
        label=_("To (official)"), queryset=_officials(), required=False
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)


class HearingForm(CaseForm):
    court = OfficeChoiceField(label=_("Court"), queryset=_offices(OfficeKind.COURT))
    when = WhenField(label=_("Date"))
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    outcome = forms.CharField(label=_("Outcome"), max_length=300, required=False)
    next_date = DayField(label=_("Next date"), required=False)


class TestimonyForm(CaseForm):
    survivor = SurvivorChoiceField(label=_("Survivor"), queryset=Survivor.objects.none())
    court = OfficeChoiceField(label=_("Court"), queryset=_offices(OfficeKind.COURT))
    when = WhenField(label=_("Date"))
    support = forms.MultipleChoiceField(
        label=_("Support given"), choices=Support.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


class JudgementForm(CaseForm):
    court = OfficeChoiceField(label=_("Court"), queryset=_offices(OfficeKind.COURT))
    when = WhenField(label=_("Date"))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.accused = list(
            Accused.objects.filter(case_links__case=case).order_by("case_links__added_at", "pk")
        )
        for person in self.accused:
            self.fields[f"verdict_{person.pk}"] = forms.ChoiceField(
                label=person.label, required=False,
                choices=[("", _("— not judged —")), *VerdictOutcome.choices],
            )  # fmt: skip
            self.fields[f"sentence_{person.pk}"] = forms.CharField(
                label=_("Sentence of %(name)s") % {"name": person.label}, max_length=300,
                required=False,
            )  # fmt: skip
        # Fields added after BootstrapFormMixin styled the others.
        for name, field in self.fields.items():
            if name.startswith(("verdict_", "sentence_")):
                css = "form-select" if name.startswith("verdict_") else "form-control"
                field.widget.attrs.setdefault("class", css)

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        verdicts = [
            (p, data[f"verdict_{p.pk}"], data[f"sentence_{p.pk}"])
            for p in self.accused
            if data.get(f"verdict_{p.pk}")
        ]
        return {"court": data["court"], "when": data["when"], "verdicts": verdicts}


class CompensationForm(CaseForm):
    survivor = SurvivorChoiceField(label=_("Survivor"), queryset=Survivor.objects.none())
    when = WhenField(label=_("Awarded on"))
    awarded_by = forms.CharField(label=_("Awarded by"), max_length=200)
    amount_awarded = forms.IntegerField(label=_("Amount awarded (₹)"))


class PaymentForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    amount_paid = forms.IntegerField(label=_("Amount paid (₹)"))
    paid_on = DayField(label=_("Paid on"))


class AhtuForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    at = DateTimeLocalField(label=_("Handed to the AHTU at"))
