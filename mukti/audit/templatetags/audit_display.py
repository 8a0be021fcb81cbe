"""The audit log in words: models by their names ("Timeline entry"), fields by their labels
("When it happened"), and before → after for every field that is not protected."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import template
from django.apps import apps
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mukti.audit.services import REDACTED
from mukti.core.forms import show_day, show_moment

register = template.Library()

# Bookkeeping the reader does not need: the row's own id, and values derived from others.
HIDDEN_FIELDS = {"id", "sort_at"}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    protected: bool


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


@register.filter
def record_kind(object_type: str) -> str:
    """ "cases.event" → "Event" (the model's verbose name)."""
    model = _model(object_type)
    return capfirst(str(model._meta.verbose_name)) if model else object_type


def _protected(field: models.Field | None) -> bool:
    return field is not None and type(field).__name__.startswith("Encrypted")


def _shown(field: models.Field | None, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field is None:
        return str(value)
    if field.choices:
        labels = {str(k): v for k, v in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.ForeignKey):
        # The id only: naming the row would cost a query per change (and may not be readable).
        return f"#{value}"
    if isinstance(field, models.DateTimeField):
        try:
            return show_moment(dt.datetime.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if isinstance(field, models.DateField):
        try:
            return show_day(dt.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    text = str(value)
    return text if len(text) <= 200 else f"{text[:200]}…"


@register.filter
def record_changes(record: Any) -> list[Change]:
    """Each changed field with its label, and its values unless protected."""
    model = _model(record.object_type)
    changes = []
    for name, values in (record.changes or {}).items():
        if name in HIDDEN_FIELDS:
            continue
        field: models.Field | None = None
        if model is not None:
            try:
                found = model._meta.get_field(name)
            except Exception:  # a field since removed: show its name
                found = None
            # A reverse relation of the same name is shown as stored.
            field = found if isinstance(found, models.Field) else None
        label = capfirst(str(getattr(field, "verbose_name", name)))
        pair = [*values, None, None][:2] if isinstance(values, list) else [None, None]
        before, after = pair
        if before in (None, "", []) and after in (None, "", []):
            continue  # an empty field on a new row says nothing
        protected = _protected(field) or REDACTED in (before, after)
        if protected:
            changes.append(Change(label, "", "", True))
        else:
            changes.append(Change(label, _shown(field, before), _shown(field, after), False))
    return changes
