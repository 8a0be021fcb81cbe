from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mukti.core.forms import BootstrapFormMixin
from mukti.exports import selectors

KINDS = (
    ("htcds_zip", _("HTCDS v2.0: one CSV per table (zip)")),
    ("htcds_json", _("HTCDS v2.0: one JSON file")),
    ("ctdc", _("Anonymised dataset in CTDC's shape (CSV, k ≥ 11)")),
)


class ExportForm(BootstrapFormMixin, forms.Form):
    """Which partner the export is for (one named in a recorded data-sharing consent of this
    organisation's survivors: the list passes through the same organisation rule as the
    export), and which export."""

    partner = forms.ChoiceField(
        label=_("For which partner"),
        help_text=_(
            "Only survivors whose data-sharing consent, in force today, names this partner are "
            "included. The list holds the partners named in your organisation's consents."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Export"),
        choices=KINDS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = selectors.partners(organisation_id=organisation_id)
        partner = self.fields["partner"]
        assert isinstance(partner, forms.ChoiceField)
        partner.choices = [("", "—"), *((name, name) for name in names)]
        self.fields["kind"].initial = "htcds_zip"
