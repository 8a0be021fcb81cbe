from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from mukti.core.errors import ApplicationError
from mukti.core.options import rendered

T = TypeVar("T")
FieldT = TypeVar("FieldT", bound=forms.Field)


def field_as(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """A form's field as the class it is declared with, to set its choices or queryset."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field


class FastSelect(forms.Select):
    """A <select> rendered in Python rather than one template include per <option>.

    Directory pickers hold hundreds of options; Django's per-option templates made the case
    page spend most of its time rendering them (bench/cases.py measures it).

    A picker of records whose field names the columns its labels are made of
    (``option_columns``: places, offices, officials, staff) renders its options once per
    process, language and content, as core/options.py does for fixed lists: the version is the
    rows of those columns, read as plain values (a few ms for a thousand rows, where making the
    records and their labels took tens: the quick entry form had 1,132 options, issue 24), so a
    directory or staff change renders afresh at the next request. On a new version the options
    are made exactly as before, from the records; only the selected one is then marked.
    """

    # An attribute each option carries, read from its object: (attribute name, object field).
    option_data: tuple[str, str] | None = None

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        columns = _option_columns(self)
        if columns is not None:
            # The <select> tag as get_context makes it, without making every option first.
            widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
            options = _rendered_options(self, name, columns, widget["value"])
        else:
            widget = self.get_context(name, value, attrs)["widget"]
            options = self._options(widget["optgroups"])
        return mark_safe(  # noqa: S308 (every part is escaped by format_html)
            format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))
            + options
            + "</select>"
        )

    def _options(self, optgroups: Any) -> str:
        # An official's option carries her office (data-office), so picking her fills the
        # office (mukti/app.js).
        data = getattr(self, "option_data", None)
        return "".join(
            format_html(
                '<option value="{}"{}{}>{}</option>',
                "" if option["value"] is None else option["value"],
                _option_data(data, option["value"]),
                mark_safe(" selected") if option["selected"] else "",
                option["label"],
            )
            for _group, options, _index in optgroups
            for option in options
        )


# Process-local, kept by core/options.rendered as the fixed lists are: each worker renders each
# picker once per language and version. A smaller bound, as each key holds the picker's rows.
_PICKERS: dict[tuple[Any, ...], str] = {}
_MAX_PICKERS = 64
# Short pickers (a case's survivors, its clocks) are kept apart: each case has its own, and kept
# with the directory's they filled the store within a few dozen case pages, which then started
# afresh and made the pickers of a thousand places and officials again (issue 24, bench http).
_SHORT_PICKERS: dict[tuple[Any, ...], str] = {}
_MAX_SHORT_PICKERS = 512
_SHORT = 50


def _option_columns(widget: FastSelect) -> tuple[str, ...] | None:
    """The columns the options of this picker are made of, if it may render them once."""
    choices = widget.choices
    field = getattr(choices, "field", None)
    # Only the class that says what its labels are made of: a subclass may label otherwise.
    columns = vars(type(field)).get("option_columns")
    if (
        columns is None
        or not isinstance(choices, ModelChoiceIterator)
        or widget.allow_multiple_selected
        or getattr(field, "to_field_name", None) is not None
        or getattr(choices.queryset, "_prefetch_related_lookups", False)
    ):
        return None
    data = widget.option_data
    return (*columns, data[1]) if data is not None else tuple(columns)


def _rendered_options(
    widget: FastSelect, name: str, columns: tuple[str, ...], selected: list[str]
) -> str:
    choices = widget.choices
    assert isinstance(choices, ModelChoiceIterator)
    field = choices.field
    rows = tuple(choices.queryset.values_list("pk", *columns))
    key = (type(field), str(field.empty_label), widget.option_data, rows)

    def made() -> str:  # as before, none selected
        return widget._options(widget.optgroups(name, []))

    if len(rows) < _SHORT:
        html = rendered(_SHORT_PICKERS, _MAX_SHORT_PICKERS, key, made)
    else:
        html = rendered(_PICKERS, _MAX_PICKERS, key, made)
    # As Django's optgroups: the first option whose value is among the selected, only one.
    found = [html.find(f'<option value="{conditional_escape(v)}"') for v in selected]
    starts = [start for start in found if start >= 0]
    if not starts:
        return html
    end = html.index(">", min(starts))
    return html[:end] + " selected" + html[end:]


# One date convention everywhere: typed as text, in the order people in the field write it ("1 Dec
# 2026", "1 Dec 2026 22:30"), shown the same way, never a browser's mm/dd/yyyy picker. ISO and
# day/month/year with slashes are still read (older links, pasted values).
DAY_FORMATS = ["%d %b %Y", "%d %B %Y", "%d %b, %Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
MOMENT_FORMATS = [
    *(f"{day}{sep}{time}" for day in DAY_FORMATS for sep in (" ", ", ") for time in ("%H:%M",)),
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
]


def show_day(value: dt.date) -> str:
    """ "1 Dec 2026": the day without a leading zero, the month in three letters."""
    return f"{value.day} {calendar.month_abbr[value.month]} {value.year}"


def show_moment(value: dt.datetime) -> str:
    """ "1 Dec 2026, 22:30" in the organisation's time zone."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{show_day(value)}, {value:%H:%M}"


def _read(value: str, formats: list[str]) -> dt.datetime | None:
    for format in formats:
        try:
            return dt.datetime.strptime(value.strip(), format)
        except ValueError:
            continue
    return None


def read_day(value: str) -> dt.date | None:
    """A date typed in any of the accepted forms, or None."""
    read = _read(value, DAY_FORMATS)
    return read.date() if read else None


class DayInput(forms.DateInput):
    """A date typed as text, with a *Today* button (mukti/app.js)."""

    input_type = "text"
    now_button = "day"

    def format_value(self, value: Any) -> Any:
        if isinstance(value, str):
            read = _read(value, DAY_FORMATS)
            value = read.date() if read else value
        if isinstance(value, dt.datetime):
            value = value.date()
        return show_day(value) if isinstance(value, dt.date) else value


class MomentInput(forms.DateTimeInput):
    """A date and time typed as text, with a *Now* button (mukti/app.js)."""

    input_type = "text"
    now_button = "moment"

    def format_value(self, value: Any) -> Any:
        if isinstance(value, str):
            value = _read(value, MOMENT_FORMATS) or value
        return show_moment(value) if isinstance(value, dt.datetime) else value


DAY_EXAMPLE = _("For example: 20 Apr 2024")
MOMENT_EXAMPLE = _("For example: 20 Apr 2024 22:55")


def _as_text_date(field: forms.DateField | forms.DateTimeField) -> None:
    attrs = {k: v for k, v in field.widget.attrs.items() if k not in ("type", "min", "max")}
    attrs.setdefault("autocomplete", "off")
    if isinstance(field, forms.DateTimeField):
        field.widget = MomentInput(attrs=attrs)
        field.input_formats = MOMENT_FORMATS
        example = MOMENT_EXAMPLE
    else:
        field.widget = DayInput(attrs=attrs)
        field.input_formats = DAY_FORMATS
        example = DAY_EXAMPLE
    field.widget.is_required = field.required
    field.help_text = format_html("{} {}", field.help_text, example) if field.help_text else example


def _option_data(data: tuple[str, str] | None, value: Any) -> SafeString | str:
    instance = getattr(value, "instance", None)
    if data is None or instance is None:
        return ""
    return format_html(' {}="{}"', data[0], getattr(instance, data[1], "") or "")


def _pair_offices_and_officials(form: forms.BaseForm) -> None:
    """An official picker follows its office picker ("office"/"official", "referred_to_office"/
    "referred_to_official"...): choosing an office narrows the officials offered (htmx), and
    choosing an official fills her office (mukti/app.js)."""
    for name, field in form.fields.items():
        office_name = name.removesuffix("official") + "office"
        model = getattr(getattr(field, "queryset", None), "model", None)
        if (
            not name.endswith("official")
            or office_name not in form.fields
            or model is None
            or model._meta.model_name != "official"
            or not isinstance(field.widget, FastSelect)
        ):
            continue
        official, office = form[name], form[office_name]
        field.widget.option_data = ("data-office", "office_id")
        field.widget.attrs["data-office-field"] = office.auto_id
        field.widget.attrs["data-live-quiet"] = ""  # a narrowed list needs no announcement
        query = urlencode({"office_field": office.html_name, "official_field": official.html_name})
        form.fields[office_name].widget.attrs.update(
            {
                "hx-get": f"{reverse('directory:official-options')}?{query}",
                "hx-trigger": "change",
                "hx-target": f"#{official.auto_id}",
                "hx-include": f"#{office.auto_id}, #{official.auto_id}",
                "hx-swap": "innerHTML",
            }
        )


# Django's CharField refuses NUL (which PostgreSQL cannot store) with "Null characters are not
# allowed."; say what happened in words a caseworker can act on.
NO_NUL = ProhibitNullCharactersValidator(
    message=_(
        "This text contains an invisible control character (NUL), usually from copying out of "
        "another program. Retype the text or paste it as plain text."
    )
)


# The mixin goes before a form class; mypy reads it as one.
if TYPE_CHECKING:
    _MixinBase = forms.BaseForm
else:
    _MixinBase = object


class BootstrapFormMixin(_MixinBase):
    """Give every widget Bootstrap's classes so templates can render fields uniformly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [
                NO_NUL if isinstance(v, ProhibitNullCharactersValidator) else v
                for v in field.validators
            ]
            if isinstance(field, forms.DateField | forms.DateTimeField):
                _as_text_date(field)
            if type(field.widget) is forms.Select:
                fast = FastSelect(attrs=field.widget.attrs)
                fast.choices = field.widget.choices
                fast.is_required = field.widget.is_required
                field.widget = fast
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
                # Each choice is a Bootstrap form-check with its own label; the template
                # (_form_fields.html) puts the group in a fieldset whose legend is the label.
                widget.template_name = "core/widgets/choice_group.html"
                widget.option_template_name = "core/widgets/choice_option.html"
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
        _pair_offices_and_officials(self)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        # Tie each message to its input for screen readers, and let Bootstrap colour it.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class VersionedFormMixin(forms.Form):
    """Carries the version the form was rendered from, so a stale save is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def save_or_report(form: forms.BaseForm, save: Callable[[], T]) -> T | None:
    """Run a service; a broken domain rule becomes an error on the form instead of a 500.

    Returns the service's result, or ``None`` when the form now carries the error.
    """
    try:
        return save()
    except ApplicationError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        else:
            form.add_error(None, error)
    return None


# Control characters other than tab and line breaks. PostgreSQL refuses NUL in any text value, so
# one in a search box would otherwise end the request in a 500.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def query_text(request: HttpRequest, name: str, max_length: int = 200) -> str:
    """A search or filter value from the query string, as text the database can compare.

    Forms refuse NUL themselves (Django's CharField does); a query string read by hand comes
    through here: control characters become spaces, and the value is trimmed.
    """
    return CONTROL_CHARACTERS.sub(" ", request.GET.get(name, ""))[:max_length].strip()
