from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from mukti.accounts.access import Action, can
from mukti.accounts.models import User
from mukti.cases import details
from mukti.cases.access import SURVIVOR_CARE_FIELDS, hidden_event_types
from mukti.cases.models import (
    CASE_TRANSITIONS,
    AttemptOutcome,
    Case,
    CaseStatus,
    Confidence,
    Event,
    EventType,
    Exploitation,
    Priority,
    Survivor,
)
from mukti.cases.selectors import CaseFilters, staff_choices
from mukti.core.fields import (
    OfficialChoiceField,
    StaffChoiceField,
    StaffMultipleChoiceField,
    WhenField,
    staff_of,
)
from mukti.core.forms import BootstrapFormMixin, VersionedFormMixin, field_as, query_text, read_day
from mukti.directory.forms import JurisdictionChoiceField, OfficeChoiceField
from mukti.directory.models import Jurisdiction, JurisdictionKind, Office, Official

PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}
PHOTO_MAX_BYTES = 2 * 1024 * 1024


class CaseForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    exploitation = forms.MultipleChoiceField(
        label=_("Type(s) of exploitation"),
        choices=Exploitation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    district = JurisdictionChoiceField(
        label=_("District"),
        queryset=Jurisdiction.objects.filter(kind=JurisdictionKind.DISTRICT).order_by("name"),
        required=False,
    )
    lead = StaffChoiceField(label=_("Lead caseworker"), queryset=User.objects.none())
    team = StaffMultipleChoiceField(
        label=_("Case team"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Only the team (and supervisors) can see this case."),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Case
        fields = ["title", "summary", "priority", "opened_on", "offence_date", "origin_country"]
        fields += ["destination_country", "exploitation", "district", "lead", "team"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "offence_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff_of(self, staff_choices(organisation_id))
        opened = self.fields["opened_on"]
        opened.required = False
        opened.label = _("Opened on")
        opened.help_text = _(
            "Leave empty for today; entering an older case, the day it was opened."
        )
        field_as(self, "priority", forms.ChoiceField).choices = Priority.choices
        if self.instance.pk:
            self.initial["team"] = [m.user_id for m in self.instance.members.all()]

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class StatusForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, current: str | None = None, user: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = list(CaseStatus.choices)
        if current is not None:
            # Offer only the moves the lifecycle allows from here (the service checks again).
            allowed = CASE_TRANSITIONS[current] | {current}
            choices = [c for c in choices if c[0] in allowed]
        if user is not None and current != CaseStatus.CLOSED and not can(user, Action.CASE_CLOSE):
            # Only supervisors close a case: nobody else is offered a choice they may not take.
            choices = [c for c in choices if c[0] != CaseStatus.CLOSED]
        field_as(self, "status", forms.ChoiceField).choices = choices


class SurvivorForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=[("", "—"), *countries], required=False
    )

    class Meta:
        model = Survivor
        fields = ["pseudonym", "gender", "birth_date", "age_years", "age_estimated"]
        fields += ["age_assessed_on", "nationality", "languages", "pregnant", "care_needs"]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "age_assessed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "care_needs": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Health and care needs are for those who do care work: a legal officer neither sees
        # nor changes them (and a field left out of the form is left as it is).
        if not can(user, Action.CARE_EDIT):
            for name in SURVIVOR_CARE_FIELDS:
                del self.fields[name]

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class IdentityForm(BootstrapFormMixin, forms.Form):
    """The protected identity: encrypted at rest, shown only after an audited reveal.

    When it edits an existing identity it carries the reason given for the reveal.
    """

    reason = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    legal_name = forms.CharField(label=_("Legal name"), max_length=200, required=False)
    aliases = forms.CharField(label=_("Aliases"), max_length=500, required=False)
    family_contacts = forms.CharField(
        label=_("Family contacts"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    home_address = forms.CharField(
        label=_("Home address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    identity_documents = forms.CharField(
        label=_("Identity documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kind and number of each document."),
    )
    photo = forms.FileField(
        label=_("Photo"), required=False, help_text=_("JPEG or PNG, up to 2 MB.")
    )

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo is None:
            return None
        if photo.size > PHOTO_MAX_BYTES:
            raise ValidationError(_("The photo is larger than 2 MB."))
        head = photo.read(12)
        photo.seek(0)
        kind = (
            "image/jpeg"
            if head.startswith(b"\xff\xd8\xff")
            else "image/png"
            if head.startswith(b"\x89PNG")
            else "image/webp"
            if head[:4] == b"RIFF" and head[8:12] == b"WEBP"
            else ""
        )
        if kind not in PHOTO_TYPES:
            raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."))
        self.cleaned_data["photo_content_type"] = kind
        return photo

    def edit_values(self) -> dict[str, Any]:
        return {**self.identity_values(), "reason": self.cleaned_data.get("reason", "")}

    def identity_values(self) -> dict[str, Any]:
        values = {k: v for k, v in self.cleaned_data.items() if k not in ("photo", "reason")}
        photo = self.cleaned_data.get("photo")
        values["photo"] = photo.read() if photo else None
        if photo is None:
            values.pop("photo_content_type", None)
        return values


class IdentityEditForm(IdentityForm, VersionedFormMixin):
    """The correction form on the reveal page. Only the fields posted are changed, and a value
    is removed only when "remove" is ticked beside it. It carries the version it was rendered
    from, so a correction made meanwhile by someone else is not overwritten."""

    clear = forms.MultipleChoiceField(
        label=_("Remove"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[("legal_name", _("Legal name")), ("aliases", _("Aliases")),
                 ("family_contacts", _("Family contacts")), ("home_address", _("Home address")),
                 ("identity_documents", _("Identity documents")), ("photo", _("Photo"))],
        help_text=_("Tick what is to be removed; an empty field alone removes nothing."),
    )  # fmt: skip

    def edit_values(self) -> dict[str, Any]:
        values = self.identity_values()
        posted = {k: v for k, v in values.items() if k in self.data}
        if self.cleaned_data.get("photo") is not None:
            posted["photo"] = values["photo"]
            posted["photo_content_type"] = values["photo_content_type"]
        return {
            **{k: v for k, v in posted.items() if k not in ("clear", "version")},
            "clear": self.cleaned_data.get("clear") or [],
            "reason": self.cleaned_data.get("reason", ""),
            "expected_version": self.cleaned_data.get("version"),
        }


class RevealForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see her identity?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit log with your name."),
    )


class EventForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    when = WhenField()
    place = JurisdictionChoiceField(
        label=_("Where"), queryset=Jurisdiction.objects.order_by("name"), required=False
    )
    actor_official = OfficialChoiceField(
        label=_("Official"),
        queryset=Official.objects.select_related("office").order_by("name"),
        required=False,
    )
    actor_office = OfficeChoiceField(
        label=_("Office"), queryset=Office.objects.order_by("name"), required=False
    )
    actor_staff = StaffChoiceField(
        label=_("Our staff"), queryset=User.objects.none(), required=False
    )
    survivors = forms.ModelMultipleChoiceField(
        label=_("Survivors concerned"),
        queryset=Survivor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = ["type", "when", "outcome", "place", "actor_official", "actor_office"]
        fields += ["actor_staff", "survivors", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, case: Case, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff_of(self, staff_choices(case.organisation_id))
        people = Survivor.objects.filter(case_links__case=case).order_by("case_links__id")
        field_as(self, "survivors", forms.ModelChoiceField).queryset = people
        # Typed details (an engagement, an arrest, a placement) are recorded from their own
        # panels, which keep their rules; an entry that already is one keeps its type. Kinds the
        # user may not see are not offered either.
        refused = details.panel_types() | hidden_event_types(user)
        current = self.instance.type if self.instance.pk else None
        field_as(self, "type", forms.ChoiceField).choices = [
            c for c in EventType.choices if c[0] not in refused or c[0] == current
        ]
        field_as(self, "outcome", forms.ChoiceField).choices = [("", "—"), *AttemptOutcome.choices]
        if self.instance.pk:
            self.initial["when"] = self.instance.when

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class SightingForm(BootstrapFormMixin, forms.Form):
    survivor = forms.ModelChoiceField(label=_("Survivor"), queryset=Survivor.objects.none())
    when = WhenField(label=_("Seen or confirmed at"))
    place = JurisdictionChoiceField(
        label=_("Place"), queryset=Jurisdiction.objects.order_by("name")
    )
    address = forms.CharField(label=_("Address or building"), max_length=300, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=9, decimal_places=6, min_value=-90, max_value=90,
        required=False,
    )  # fmt: skip
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, min_value=-180, max_value=180,
        required=False,
    )  # fmt: skip
    source = forms.CharField(
        label=_("Source"), max_length=200, help_text=_("Who saw her or told us.")
    )
    confidence = forms.ChoiceField(
        label=_("Confidence"), choices=Confidence.choices, initial=Confidence.PROBABLE
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_as(self, "survivor", forms.ModelChoiceField).queryset = Survivor.objects.filter(
            case_links__case=case
        )


def _date(value: str) -> dt.date | None:
    """A filter date as typed ("1 Dec 2026") or in ISO (older links)."""
    return read_day(value[:40]) if value else None


def _int(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


def case_filters(request: HttpRequest) -> CaseFilters:
    """The case list's filters from its query string (the list and its exports share them)."""
    get = request.GET
    return CaseFilters(
        query=query_text(request, "q"),
        status=get.get("status", "") if get.get("status") in CaseStatus.values else "",
        priority=_int(get.get("priority", "")),
        member=_int(get.get("member", "")),
        district=_int(get.get("district", "")),
        opened_from=_date(get.get("from", "")),
        opened_to=_date(get.get("to", "")),
        minor=get.get("minor") == "1",
        nationality=query_text(request, "nationality", max_length=2).upper(),
        sort=get.get("sort", "opened"),
    )


class SameAsForm(forms.Form):
    """After the possible matches were shown: the one she is (or none: a new person)."""

    same_as = forms.IntegerField(required=False, widget=forms.HiddenInput)
    matches_checked = forms.BooleanField(required=False, widget=forms.HiddenInput)
