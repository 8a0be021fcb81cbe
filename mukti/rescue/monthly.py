"""Responsiveness by month: what the responsiveness table counts, summed per organisation,
month, district, office and official (``ResponsivenessMonth``), so that a year's figures do not
read every request of the year.

Everything here is computed from the engagement table by grouping queries on the same
expressions (``TIMED``, ``MINUTE``): the stored rows by ``tallies`` (``groups_refresh`` after each
change, ``organisation_rebuild``), the partial months at the edges of a period that the selector
reads directly by ``tallies_by``. The stored rows therefore
cannot say anything the engagement table does not; the never-drift test compares them with a
rebuild after every step of random sequences of changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, DateField, F, IntegerField, Q, QuerySet, When
from django.db.models.functions import Cast, Round, TruncMonth
from django.utils import timezone

from mukti.core.aggregates import JSONTexts, MinutesBetween
from mukti.core.compiled import compiled
from mukti.core.monthly import (
    RebuildResult,
    any_of,
    lock,
    median,
    month_of,
    month_span,
    null_safe,
    rebuild_each,
)
from mukti.rescue.models import (
    ANSWERED,
    Answer,
    Engagement,
    ResponsivenessCounted,
    ResponsivenessMonth,
)

# The requests whose time to answer is counted: answered, with the time of the answer, asked at
# a known minute ("Apr 2024" is no start for a stopwatch).
TIMED = Q(answer__in=ANSWERED, answered_at__isnull=False, asked_precise=True)
# A request's time to answer in whole minutes (the nearest), as every figure here counts it.
MINUTE = Cast(Round(MinutesBetween("answered_at", "asked_at")), IntegerField())
# The stored rows' keys besides the organisation, as the grouping query names them.
KEYS = ("month", "district", "office_id", "official_id")
# pg_advisory_xact_lock's first key: "responsiveness of an organisation" (the second is its id).
LOCK_NAMESPACE = 0x4D4B5250


@dataclass
class Tally:
    """The figures of one key: counts, and the times to answer as {whole minutes: how many}."""

    engagements: int = 0
    answered: int = 0
    referred: int = 0
    rescues_after: int = 0
    minutes: Counter[int] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.engagements += other.engagements
        self.answered += other.answered
        self.referred += other.referred
        self.rescues_after += other.rescues_after
        self.minutes.update(other.minutes)

    def median(self) -> float | None:
        return median([self.minutes])


def tallies(engagements: QuerySet[Engagement], keys: Sequence[str]) -> dict[tuple[Any, ...], Tally]:
    """The figures of these engagements per key, grouped in the database: one row per key and
    whole minute to answer. ``keys`` are engagement columns, or "month" (of ``asked_at``, in
    the site's time zone) and "district" (of the case)."""
    minute = Case(When(TIMED, then=MINUTE), default=None, output_field=IntegerField())
    named: dict[str, Any] = {"minute": minute}
    if "month" in keys:
        named["month"] = TruncMonth(
            "asked_at", output_field=DateField(), tzinfo=timezone.get_default_timezone()
        )
    if "district" in keys:
        named["district"] = F("case__district_id")
    rows = (
        engagements.order_by()
        .annotate(**named)
        .values(*keys, "minute")
        .annotate(
            n=Count("id"),
            n_answered=Count("id", filter=Q(answer__in=ANSWERED)),
            n_referred=Count("id", filter=Q(answer=Answer.REFERRED)),
            n_rescued=Count("id", filter=Q(rescue_followed=True)),
        )
        .values_list(*keys, "minute", "n", "n_answered", "n_referred", "n_rescued")
    )
    result: dict[tuple[Any, ...], Tally] = {}
    width = len(keys)
    for row in rows:
        key = tuple(row[:width])
        tally = result.setdefault(key, Tally())
        got_minute, n, answered, referred, rescued = row[width:]
        tally.engagements += n
        tally.answered += answered
        tally.referred += referred
        tally.rescues_after += rescued
        if got_minute is not None:
            # Each timed request of this row is counted in its minute (untimed ones are not).
            tally.minutes[int(got_minute)] += n
    return result


def tallies_by(engagements: QuerySet[Engagement], key: str) -> dict[Any, Tally]:
    """``tallies`` of a few thousand requests on one key (the edges of a period), one row per
    key: the minutes of its timed requests come as one JSON text (the same ``MINUTE``)."""
    rows = (
        engagements.order_by()
        .values(key)
        .annotate(
            n=Count("id"),
            n_answered=Count("id", filter=Q(answer__in=ANSWERED)),
            n_referred=Count("id", filter=Q(answer=Answer.REFERRED)),
            n_rescued=Count("id", filter=Q(rescue_followed=True)),
            minutes=JSONTexts(MINUTE, filter=TIMED),
        )
        .values_list(key, "n", "n_answered", "n_referred", "n_rescued", "minutes")
    )
    return {
        pk: Tally(n, answered, referred, rescued, Counter(json.loads(f"[{minutes or ''}]")))
        for pk, n, answered, referred, rescued, minutes in rows
    }


# ------------------------------------------------------------------------------------------
# Writes: the stored rows of some groups, recomputed from the engagement table


# (organisation, office, official, month): the unit that is recomputed, every district of it.
Group = tuple[int, int | None, int | None, dt.date]


def group_of(organisation_id: int, office_id: Any, official_id: Any, asked_at: Any) -> Group | None:
    if asked_at is None:
        return None  # a request without a date is counted in no month
    return (organisation_id, office_id, official_id, month_of(asked_at))


def _group_filter(group: Group, month_field: str) -> Q:
    organisation, office, official, month = group
    q = Q(organisation_id=organisation) & null_safe("office_id", office)
    q &= null_safe("official_id", official)
    if month_field == "month":
        return q & Q(month=month)
    start, end = month_span(month)
    return q & Q(asked_at__gte=start, asked_at__lt=end)


def _rows(
    found: dict[tuple[Any, ...], Tally], model: Any = ResponsivenessMonth
) -> Iterator[ResponsivenessMonth]:
    """The rows of tallies keyed (organisation, month, district, office, official): one per
    district, and their sums over every district."""
    totals: dict[tuple[Any, ...], Tally] = {}
    for (organisation, month, _district, office, official), tally in found.items():
        totals.setdefault((organisation, month, None, office, official), Tally()).add(tally)
    for summed, tallies_of in ((False, found), (True, totals)):
        for (organisation, month, district, office, official), tally in tallies_of.items():
            yield model(
                organisation_id=organisation, month=month, all_districts=summed,
                district_id=district, office_id=office, official_id=official,
                engagements=tally.engagements, answered=tally.answered,
                referred=tally.referred, rescues_after=tally.rescues_after,
                minutes={str(m): n for m, n in sorted(tally.minutes.items())},
            )  # fmt: skip


def groups_refresh(groups: Iterable[Group]) -> None:
    """Recompute the stored rows of these groups (each organisation's office, official and
    month, every district of it) from the engagement table, in the caller's transaction."""
    wanted = sorted(set(groups), key=repr)
    if not wanted:
        return
    lock(LOCK_NAMESPACE, (g[0] for g in wanted))
    ResponsivenessMonth.objects.filter(any_of(_group_filter(g, "month") for g in wanted)).delete()
    source = Engagement.objects.filter(any_of(_group_filter(g, "asked_at") for g in wanted))
    found = tallies(source, ("organisation_id", *KEYS))
    ResponsivenessMonth.objects.bulk_create(_rows(found))


# What the stored rows read of a request, in the order ``counted_digest`` takes it: the
# request, its organisation, office and official, when we asked and whether to the minute,
# whether a rescue followed, the answer and when it came. With the case's district, that is
# everything ``tallies`` groups or counts by. Raise the version when that changes.
COUNTED_VERSION = 1
Counted = tuple[int, int, Any, Any, Any, bool, bool, str, Any]


def _instant(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat()


def counted_digest(district_id: int | None, requests: Iterable[Counted]) -> str:
    """A digest of what the stored rows count of one case's requests (``Counted`` each, its
    datetimes as instants, so the time zone a database hands them in does not matter)."""
    counted = sorted(
        (pk, org, office, official, _instant(asked), precise, followed, answer, _instant(at))
        for pk, org, office, official, asked, precise, followed, answer, at in requests
    )
    text = repr((COUNTED_VERSION, district_id, counted))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@compiled
def _counted_digest(case_id: int) -> QuerySet[ResponsivenessCounted, str]:
    return ResponsivenessCounted.objects.filter(case_id=case_id).values_list("digest", flat=True)


def case_counted(
    case_id: int, digest: str, groups: Iterable[Group], *, force: bool = False
) -> None:
    """Recompute the rows of these groups unless the case's requests are counted as they stand
    (the digest it last recorded is this one, and ``force`` is off: a request's derived fields
    were rewritten), then record the digest: in the caller's transaction."""
    if not force and digest in _counted_digest(case_id):
        return
    groups_refresh(groups)
    ResponsivenessCounted.objects.bulk_create(
        [ResponsivenessCounted(case_id=case_id, digest=digest)],
        update_conflicts=True,
        unique_fields=["case"],
        update_fields=["digest"],
    )


REBUILD_BATCH = 2000


def organisation_rebuild(
    organisation_id: int, *, engagements: Any = Engagement, months: Any = ResponsivenessMonth
) -> int:
    """Every stored row of one organisation, recomputed from its engagements in one
    transaction. Returns how many rows it now has (per district, and summed). (``engagements``
    and ``months``: the models, which a migration passes as they were then.)"""
    with transaction.atomic():
        lock(LOCK_NAMESPACE, [organisation_id])
        months.objects.filter(organisation_id=organisation_id).delete()
        found = tallies(
            engagements.objects.filter(organisation_id=organisation_id, asked_at__isnull=False),
            ("organisation_id", *KEYS),
        )
        rows = list(_rows(found, months))
        months.objects.bulk_create(rows, batch_size=REBUILD_BATCH)
        return len(rows)


def rebuild(
    *,
    organisations: Iterable[int] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> RebuildResult:
    """Rebuild the rows of these organisations (by default every one that has requests to
    authorities or stored rows), each in its own transaction: safe to rerun or interrupt."""
    if organisations is None:
        ids = set(
            Engagement.objects.order_by().values_list("organisation_id", flat=True).distinct()
        )
        ids |= set(
            ResponsivenessMonth.objects.order_by()
            .values_list("organisation_id", flat=True)
            .distinct()
        )
    else:
        ids = set(organisations)
    return rebuild_each(ids, organisation_rebuild, progress)
