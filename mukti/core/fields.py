"""Form fields every app's forms share: a date as typed, a day, a local moment, and the pickers
of staff, officials and survivors.

They live on the ground floor so that no app's forms borrow from another's. The pickers read
only attributes of the objects they list (``role_label``, ``name`` and ``title``,
``pseudonym``); each form gives them their queryset. The directory's own pickers (places and
offices, labelled by their kind) stay in directory/forms.py, below every app that uses them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When, format_when, parse_when


class WhenField(forms.CharField):
    """A date as typed ("20 Apr 2024 22:55", "early Nov 2024", "unknown"), read into a When."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("When"))
        kwargs.setdefault(
            "help_text", _("For example: 20 Apr 2024 22:55 · 20 Apr 2024 · early Nov 2024 · 2024")
        )
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)
        self.widget.now_button = "moment"

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, When):
            return "unknown" if value.at is None else format_when(value)
        return value

    def clean(self, value: Any) -> When:
        text = super().clean(value)
        try:
            return parse_when(text or "")
        except ApplicationError as error:
            raise ValidationError(error.message) from None


class DayField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateTimeLocalField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)


def _staff_label(obj: Any) -> str:
    return f"{obj} ({obj.role_label})"


class StaffChoiceField(forms.ModelChoiceField):
    # What the label is made of (str(user) is her full name, else her username): a picker
    # renders its options again when one of these changes (core/forms.py, FastSelect).
    option_columns = ("first_name", "last_name", "username", "role")

    def label_from_instance(self, obj: Any) -> str:
        return _staff_label(obj)


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _staff_label(obj)


def staff_of(form: forms.BaseForm, people: Any) -> None:
    """Every staff picker of the form lists ``people`` (one organisation's: cases.selectors.
    staff_choices). Pickers are declared empty, so a form that forgets this offers no one
    rather than everyone."""
    for field in form.fields.values():
        if isinstance(field, StaffChoiceField | StaffMultipleChoiceField):
            field.queryset = people


class OfficialChoiceField(forms.ModelChoiceField):
    # What the label is made of (her title is her designation or rank, and her office's name).
    option_columns = ("name", "designation", "rank", "office__name")

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}, {obj.title}"


class SurvivorChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Choose one of the survivors of this case.")}

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.pseudonym)
