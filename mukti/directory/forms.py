from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mukti.core.forms import BootstrapFormMixin, VersionedFormMixin
from mukti.directory.models import Jurisdiction, JurisdictionKind, Office, OfficeKind, Official
from mukti.directory.selectors import jurisdiction_choices


class PhonesField(forms.CharField):
    """One phone number per line in the form; a list in the database. Services validate them."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # lines of the text
        text = super().to_python(value) or ""
        return [line.strip() for line in str(text).splitlines() if line.strip()]


# Labels come from the enum, not get_kind_display(): that rebuilds a dict of every choice for
# each of the hundreds of options in a picker.
class JurisdictionChoiceField(forms.ModelChoiceField):
    option_columns = ("name", "kind")  # what the label is made of (core/forms.py, FastSelect)
    default_error_messages = {
        "invalid_choice": _(
            "That place is not in the directory. Choose one from the list, or add it to the "
            "directory first."
        )
    }

    def label_from_instance(self, obj: Jurisdiction) -> str:
        return f"{obj.name} ({JurisdictionKind(obj.kind).label})"


class OfficeChoiceField(forms.ModelChoiceField):
    option_columns = ("name", "kind")  # what the label is made of (core/forms.py, FastSelect)
    default_error_messages = {
        "invalid_choice": _(
            "That office is not in the directory. Choose one from the list, or add it to the "
            "directory first."
        )
    }

    def label_from_instance(self, obj: Office) -> str:
        return f"{obj.name} ({OfficeKind(obj.kind).label})"


class DirectoryForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class JurisdictionForm(DirectoryForm):
    parent = JurisdictionChoiceField(
        label=_("Part of"), queryset=jurisdiction_choices(), required=False
    )

    class Meta:
        model = Jurisdiction
        fields = ["name", "kind", "parent", "code", "latitude", "longitude"]


class OfficeForm(DirectoryForm):
    jurisdiction = JurisdictionChoiceField(label=_("Jurisdiction"), queryset=jurisdiction_choices())
    parent = OfficeChoiceField(
        label=_("Reports to"), queryset=Office.objects.order_by("name"), required=False
    )
    phones = PhonesField(label=_("Phones"), required=False, help_text=_("One number per line."))

    class Meta:
        model = Office
        fields = ["name", "kind", "jurisdiction", "parent", "address", "phones", "email"]
        fields += ["capacity", "notes"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class OfficialForm(DirectoryForm):
    office = OfficeChoiceField(
        label=_("Office"), queryset=Office.objects.select_related(None).order_by("name")
    )
    phones = PhonesField(label=_("Phones"), required=False, help_text=_("One number per line."))

    class Meta:
        model = Official
        fields = ["name", "rank", "designation", "office", "phones", "email"]
        fields += ["tenure_start", "tenure_end", "notes"]
        widgets = {
            "tenure_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tenure_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("tenure_start"), data.get("tenure_end")
        if start and end and end < start:
            self.add_error("tenure_end", _("The end of the tenure cannot be before its start."))
        return data
