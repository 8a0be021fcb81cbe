from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.core.fields import DayField
from mukti.core.forms import BootstrapFormMixin


def _in_ninety_days() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=90)


class TokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What it is for, e.g. “district spreadsheet” or “field phone”."),
    )
    expires_on = DayField(
        label=_("Expires on"), initial=_in_ninety_days, help_text=_("At most a year from today.")
    )
    can_write = forms.TypedChoiceField(
        label=_("What it may do"),
        choices=[("0", _("Read only")), ("1", _("Read and write"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )
