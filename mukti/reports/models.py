"""The statistics page's figures kept per month (``reports.monthly`` keeps them).

Both tables are derived from the records of the cases alone, recomputed in the transaction of
every change (and by ``mukti rebuild_statistics``) and never edited."""

from __future__ import annotations

from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from mukti.cases.models import Case, Survivor
from mukti.directory.models import Jurisdiction


class Measure(models.TextChoices):
    """What one fact counts (the statistics' columns; ``timed`` is a rescue of a survivor whose
    location was known before, with the hours between)."""

    LOCATED = "located", "located"
    RESCUED = "rescued", "rescued"
    MINOR = "minor", "minor rescued"
    CROSS_BORDER = "cross_border", "rescued across a border"
    TIMED = "timed", "hours located → rescued"
    FAILED_ATTEMPT = "failed_attempt", "failed rescue attempt"
    REPATRIATED = "repatriated", "repatriated"
    FIR = "fir", "FIR"
    ARREST = "arrest", "arrest"
    CHARGESHEET = "chargesheet", "chargesheet"
    CONVICTION = "conviction", "conviction"
    AWARDED = "awarded", "compensation awarded"
    PAID = "paid", "compensation paid"


class StatisticsFact(models.Model):
    """One thing the statistics count, of one case: a person located or rescued, an arrest, an
    amount awarded... in the month it happened (the first day of the month, in the site's time
    zone) and the case's district. ``survivor``: whom it is about, where the statistics count
    people rather than records; ``value``: the hours from located to rescued, or the amount in
    rupees. Recomputed from the case's records after each change to the case."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    measure = models.CharField(max_length=16, choices=Measure.choices)
    month = models.DateField()
    district = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        db_index=False,
    )  # fmt: skip
    survivor = models.ForeignKey(
        Survivor, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        db_index=False,
    )  # fmt: skip
    value = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("statistics fact")
        verbose_name_plural = _("statistics facts")
        indexes = [
            # the facts a recomputation of an organisation's month and district sums
            models.Index(
                fields=["organisation", "month", "district"], name="statistics_fact_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.measure} of case {self.case_id}"


class StatisticsMonth(models.Model):
    """The facts of one organisation, month and district, summed: a year's statistics read at
    most twelve rows per district. People are counted once however many records name them, so
    each measure that counts people keeps the survivors' ids (the union over the months of a
    period is counted); the hours from located to rescued are kept as a list (their median)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    month = models.DateField()
    district = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        db_index=False,
    )  # fmt: skip
    rescued = models.PositiveIntegerField(default=0)
    minors = models.PositiveIntegerField(default=0)
    cross_border = models.PositiveIntegerField(default=0)
    failed_attempts = models.PositiveIntegerField(default=0)
    firs = models.PositiveIntegerField(default=0)
    arrests = models.PositiveIntegerField(default=0)
    chargesheets = models.PositiveIntegerField(default=0)
    convictions = models.PositiveIntegerField(default=0)
    awarded_amount = models.PositiveBigIntegerField(default=0)
    paid_amount = models.PositiveBigIntegerField(default=0)
    # The ids of the survivors counted, in order, each once.
    located = models.JSONField(default=list, blank=True)
    repatriated = models.JSONField(default=list, blank=True)
    awarded = models.JSONField(default=list, blank=True)
    paid = models.JSONField(default=list, blank=True)
    hours = models.JSONField(default=list, blank=True)  # in order

    class Meta:
        verbose_name = _("monthly statistics")
        verbose_name_plural = _("monthly statistics")
        constraints = [
            # One row per key (the empty district compared as 0, which no row's id is); also the
            # index the page reads: an organisation's months in a period.
            models.UniqueConstraint(
                "organisation",
                "month",
                Coalesce("district", Value(0)),
                name="statistics_month_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} district {self.district_id}"
