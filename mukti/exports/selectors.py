"""Reads of the exports: whom an export may include, always through the one consent gate."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.db.models.functions import Lower

from mukti.care.consent import consenting
from mukti.care.models import Consent, ConsentPurpose
from mukti.cases.models import Survivor


def partners(*, organisation_id: int) -> list[str]:
    """The partners named by the data-sharing consents of the organisation's survivors (one
    spelling each, compared without case), for the export's choice of partner."""
    names: dict[str, str] = {}
    rows = (
        Consent.objects.filter(
            purpose=ConsentPurpose.DATA_SHARING, case__organisation_id=organisation_id
        )
        .order_by(Lower("partner"), "partner")
        .values_list("partner", flat=True)
        .distinct()
    )
    for name in rows:
        names.setdefault(name.strip().lower(), name.strip())
    return [name for _lower, name in sorted(names.items()) if name]


def organisation_survivors(*, organisation_id: int) -> QuerySet[Survivor]:
    return Survivor.objects.filter(organisation_id=organisation_id)


def consented_survivors(
    *, organisation_id: int, partner: str, on: dt.date | None = None
) -> QuerySet[Survivor]:
    """The organisation's survivors whose data-sharing consent in force names ``partner``: the
    only survivors any export for that partner may include (``care.consent.consenting``)."""
    return consenting(
        organisation_survivors(organisation_id=organisation_id),
        purpose=ConsentPurpose.DATA_SHARING,
        partner=partner,
        on=on,
    )
