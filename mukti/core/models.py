from __future__ import annotations

import inspect
from collections.abc import Collection
from functools import cache
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


@cache
def _choices_by_value(field: models.Field) -> dict[Any, Any]:
    # Built once per field: Django rebuilds (and hashes) the whole list of choices on every
    # get_FOO_display() call, translating each lazy label as it does (a fifth of a case
    # page's time, bench/cases.py). The labels stay lazy: each call shows the current language.
    return dict(make_hashable(field.flatchoices))


class DisplayMixin(models.Model):
    """``get_FOO_display()`` without rebuilding the field's choices each time."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> str:
        value = getattr(self, field.attname)
        return force_str(
            _choices_by_value(field).get(make_hashable(value), value), strings_only=True
        )


@cache
def _set_through_descriptor(model: type[models.Model]) -> frozenset[str]:
    """The columns of a model whose class attribute converts what is set (a data descriptor
    other than Django's foreign key one, which only forgets a cached object a new row has not
    got): django-countries' country fields, for one."""
    found = set()
    for f in model._meta.concrete_fields:
        descriptor = inspect.getattr_static(model, f.attname, None)
        if hasattr(type(descriptor), "__set__") and not isinstance(
            descriptor, ForeignKeyDeferredAttribute
        ):
            found.add(f.attname)
    return frozenset(found)


class FastLoadMixin(models.Model):
    """Rows read from the database made into objects without ``Model.__init__``: the values set
    straight into the object's ``__dict__`` (8 µs → 2 µs an object; a case page makes some 560,
    issue 24), except for the columns whose descriptor converts what is set, which are set as
    ``__init__`` sets them. The same object as ``Model.from_db`` makes, for models like ours
    (no ``__init__`` of their own); a field not read stays deferred, as it is absent from
    ``__dict__`` either way. Falls back to ``Model.from_db`` when anything listens to
    ``pre_init`` or ``post_init`` for the model. (``test_fast_load.py`` checks every model
    using it against Django's own.)"""

    class Meta:
        abstract = True

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **options: Any
    ) -> Self:
        if options or pre_init.has_listeners(cls) or post_init.has_listeners(cls):
            return super().from_db(db, field_names, values, **options)
        new = cls.__new__(cls)
        state = ModelState()
        state.adding = False
        state.db = db
        attributes = new.__dict__
        attributes["_state"] = state
        attributes.update(zip(field_names, values, strict=True))
        for name in _set_through_descriptor(cls):
            if name in attributes:
                setattr(new, name, attributes.pop(name))
        return new


class TrackedModel(FastLoadMixin, DisplayMixin, models.Model):
    """Who changed a row last and when, and a version number that detects concurrent edits.

    Services bump ``version`` on every update and refuse an update made from an older version
    (see ``mukti.audit.tracked.tracked_update``).
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def coordinate_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Latitude and longitude, when given, lie on the Earth."""
    return [
        models.CheckConstraint(
            condition=models.Q(latitude__isnull=True)
            | models.Q(latitude__gte=-90, latitude__lte=90),
            name=f"{prefix}_latitude_range",
        ),
        models.CheckConstraint(
            condition=models.Q(longitude__isnull=True)
            | models.Q(longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_longitude_range",
        ),
    ]
