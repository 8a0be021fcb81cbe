"""Forms of the intake flow: they check shape only; the services check the rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mukti.cases.models import CaseStatus, Exploitation, Gender
from mukti.core.forms import BootstrapFormMixin, field_as
from mukti.intake.loader import MAX_BYTES, UnreadableText, text_from_bytes
from mukti.intake.services import ITEM_TYPE_LABELS

ACCEPTED = (".txt", ".docx", ".pdf")
NATIONALITIES = [
    ("", gettext_lazy("not known")),
    ("IN", gettext_lazy("India")),
    ("BD", gettext_lazy("Bangladesh")),
    ("NP", gettext_lazy("Nepal")),
]


class DraftNewForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Paste the narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy("A field report, a press story or a referral letter, in English."),
    )
    upload = forms.FileField(
        label=gettext_lazy("Or upload a file"),
        required=False,
        help_text=gettext_lazy(".txt, .docx or .pdf, up to 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )
    reference_date = forms.DateField(
        label=gettext_lazy("Date of the report"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "Dates written without a year (“20th April”) are read as the last such date "
            "before this one. Leave empty to use the newest full date in the text."
        ),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        text, upload = (data.get("text") or "").strip(), data.get("upload")
        if text and upload:
            raise forms.ValidationError(_("Paste the text or upload a file, not both."))
        if not text and not upload:
            raise forms.ValidationError(_("Paste the narrative or choose a file to upload."))
        if upload:
            name = Path(upload.name or "").name
            if not name.lower().endswith(ACCEPTED):
                self.add_error(
                    "upload", _("%(name)s is not a .txt, .docx or .pdf file.") % {"name": name}
                )
                return data
            if upload.size > MAX_BYTES:
                self.add_error("upload", _("%(name)s is larger than 1 MB.") % {"name": name})
                return data
            try:
                data["text"] = text_from_bytes(upload.read(MAX_BYTES + 1), name)
            except UnreadableText as error:
                self.add_error("upload", f"{name} {error}.")
                return data
            data["filename"] = name
        else:
            data["text"], data["filename"] = text, ""
        return data


class EventItemForm(BootstrapFormMixin, forms.Form):
    id = forms.CharField(widget=forms.HiddenInput)
    type = forms.ChoiceField(
        label=gettext_lazy("What happened"), choices=list(ITEM_TYPE_LABELS.items())
    )
    when = forms.CharField(
        label=gettext_lazy("When"),
        max_length=40,
        help_text=gettext_lazy("20 Apr 2024, 20 Apr 2024 22:55, early Nov 2024, 2024 or unknown"),
    )
    place = forms.ChoiceField(label=gettext_lazy("Where"), required=False)
    official = forms.ChoiceField(label=gettext_lazy("Official or office"), required=False)
    remove = forms.BooleanField(label=gettext_lazy("Remove"), required=False)

    def __init__(
        self,
        *args: Any,
        places: list[tuple[str, str]],
        officials: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field_as(self, "place", forms.ChoiceField).choices = [("", _("not matched")), *places]
        field_as(self, "official", forms.ChoiceField).choices = [("", _("not matched")), *officials]


class VictimItemForm(BootstrapFormMixin, forms.Form):
    id = forms.CharField(widget=forms.HiddenInput)
    pseudonym = forms.CharField(
        label=gettext_lazy("Pseudonym"),
        max_length=80,
        required=False,
        help_text=gettext_lazy("The name everyone will see. Required before saving."),
    )
    legal_name = forms.CharField(
        label=gettext_lazy("Name in the narrative"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Kept encrypted, shown only on an audited reveal."),
    )
    age = forms.IntegerField(label=gettext_lazy("Age"), required=False, min_value=0, max_value=120)
    gender = forms.ChoiceField(label=gettext_lazy("Gender"), choices=Gender.choices)
    nationality_code = forms.ChoiceField(
        label=gettext_lazy("Nationality"), choices=NATIONALITIES, required=False
    )
    remove = forms.BooleanField(label=gettext_lazy("Remove"), required=False)


class CaseFactsForm(BootstrapFormMixin, forms.Form):
    """What the text says of the case as a whole, as read; the caseworker keeps or changes it."""

    exploitation = forms.MultipleChoiceField(
        label=gettext_lazy("Type(s) of exploitation"),
        choices=Exploitation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minor = forms.ChoiceField(
        label=gettext_lazy("A survivor is a minor"),
        choices=[
            ("", gettext_lazy("not known")),
            ("yes", gettext_lazy("yes")),
            ("no", gettext_lazy("no")),
        ],
        required=False,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Case status after saving"),
        # Never "closed": closing a case needs a supervisor's approval and its own reason.
        choices=[
            ("", gettext_lazy("leave as it is")),
            *[(value, label) for value, label in CaseStatus.choices if value != CaseStatus.CLOSED],
        ],
        required=False,
        help_text=gettext_lazy("A case already further on keeps its status."),
    )


class ItemAddForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("The selected words are"),
        choices=[("survivor", gettext_lazy("A survivor")), *ITEM_TYPE_LABELS.items()],
    )
    when = forms.CharField(label=gettext_lazy("When (for an event)"), max_length=40, required=False)
    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConfirmForm(BootstrapFormMixin, forms.Form):
    target = forms.ChoiceField(
        label=gettext_lazy("Save to"),
        choices=[
            ("new", gettext_lazy("A new case")),
            ("existing", gettext_lazy("An existing case")),
        ],
        widget=forms.RadioSelect,
        initial="new",
    )
    title = forms.CharField(
        label=gettext_lazy("Title of the new case"), max_length=200, required=False
    )
    offence_date = forms.DateField(
        label=gettext_lazy("Offence date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("When she was trafficked, if known."),
    )
    reference = forms.CharField(
        label=gettext_lazy("Reference of the existing case"), max_length=20, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Posted with the corrections (the review page's one form): "Confirm and save" saves
        # what was typed above without a "Save corrections" first.
        for field in self.fields.values():
            field.widget.attrs["form"] = "items-form"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("target") == "existing" and not (data.get("reference") or "").strip():
            self.add_error("reference", _("Give the reference of the case, like MK-2024-0042."))
        if data.get("target") == "new" and not (data.get("title") or "").strip():
            self.add_error("title", _("Give the new case a title."))
        return data


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SourceRevealForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you need to read the source narrative?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("It names the survivor, her family and the suspects. Your reason is "
                    "recorded in the audit log with your name."),
    )  # fmt: skip
