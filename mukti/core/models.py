from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.db import models
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


class TrackedModel(DisplayMixin, models.Model):
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
