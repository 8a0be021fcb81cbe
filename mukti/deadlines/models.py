"""Clocks: derived from the timeline by the rules in deadlines/rules.py, never typed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.cases.models import Case, Event, Survivor
from mukti.core.models import TrackedModel
from mukti.directory.models import Jurisdiction


class Clock(models.Model):
    """One running, satisfied or breached deadline of one rule, started by one event."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clocks")
    # The case's, copied when the clock is written (a case never changes organisation): the
    # organisation's lists and reports read its clocks through indexes that start with it,
    # instead of every clock of every case of it through the case.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )
    rule = models.CharField(max_length=40)
    trigger = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    survivor = models.ForeignKey(
        Survivor, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField()
    start_approximate = models.BooleanField(default=False)
    due_at = models.DateTimeField()
    satisfied_at = models.DateTimeField(null=True, blank=True)
    satisfied_by = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When the trigger was typed in: a clock already past its deadline then was "recorded after
    # the deadline", not a fresh alert.
    recorded_at = models.DateTimeField(null=True, blank=True)
    # recorded_at > due_at, kept by clocks_refresh: stored so that "breached" lists and the alert
    # scan find the clocks that are real alerts through an index, however many were typed late.
    recorded_late = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule", "trigger", "survivor"],
                name="clock_once_per_trigger",
            ),
            models.CheckConstraint(
                condition=models.Q(due_at__gt=models.F("started_at")), name="clock_ends_after_start"
            ),
        ]
        indexes = [
            # "Due soon" (upcoming and breached) and the alert scan: open clocks that were known
            # in time, by deadline then id, the lists' order, so that the first 200 are read off
            # the index instead of sorting every breached clock (a clock not yet due cannot have
            # been recorded late). Partial on "open" only: both databases match that literal
            # condition, while PostgreSQL cannot order by an index column after an IS NULL one.
            models.Index(
                fields=["recorded_late", "due_at", "id"],
                condition=models.Q(satisfied_at__isnull=True),
                name="clock_open_alertable",
            ),
            # The same lists of a whole organisation (a supervisor's): its open clocks only.
            models.Index(
                fields=["organisation", "recorded_late", "due_at", "id"],
                condition=models.Q(satisfied_at__isnull=True),
                name="clock_org_open_alertable",
            ),
            # The monthly lateness rows of one organisation's rule and month (monthly.py),
            # recomputed after every change, and the partial months at the edges of the
            # lateness report's period (every rule of the organisation, by deadline).
            models.Index(fields=["organisation", "rule", "due_at"], name="clock_org_rule_due"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} of {self.case_id} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def rule_title(self) -> str:
        from mukti.deadlines.rules import RULES_BY_CODE

        rule = RULES_BY_CODE.get(self.rule)
        return str(rule.title) if rule else self.rule

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())

    def state_at(self, now: dt.datetime) -> str:
        """The state as read at ``now`` (a page reads the time once for all its clocks)."""
        if self.satisfied_at is not None and self.satisfied_at <= self.due_at:
            return "met"
        if self.recorded_at is not None and self.recorded_at > self.due_at:
            return "recorded_late"
        if self.satisfied_at is not None:
            return "met_late"
        return "breached" if now > self.due_at else "running"


class RuleSetting(TrackedModel):
    """An administrator's choice for one rule: switched off, or (operational rules only) a
    different limit. Rules without a row run as written in deadlines/rules.py."""

    rule = models.CharField(_("rule"), max_length=40, unique=True)
    enabled = models.BooleanField(_("on"), default=True)
    limit_hours = models.PositiveIntegerField(_("limit (hours)"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(limit_hours__isnull=True) | models.Q(limit_hours__gt=0),
                name="rule_setting_limit_positive",
            )
        ]

    def __str__(self) -> str:
        return self.rule


class Stage(models.TextChoices):
    WARNING = "warning", _("Due soon")
    BREACHED = "breached", _("Breached")


class Notification(models.Model):
    """One person told about one clock at one stage: at most once (the unique constraint is what
    keeps a restarted or doubled worker from telling anyone twice)."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    stage = models.CharField(max_length=16, choices=Stage.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["clock", "stage", "user"], name="notification_once_per_clock_stage"
            )
        ]
        indexes = [
            # the unread badge and the user's list
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            # the e-mail sweep
            models.Index(fields=["emailed_at"], name="notification_to_email"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.clock}"


class ClockRebuild(models.Model):
    """Progress of a recomputation of every clock, for the rules page to show."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # One line per case whose rules failed ("MK-2024-0042: ..."); those kept their clocks.
    failures = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"rebuild {self.done}/{self.total}"


class Acknowledgement(models.Model):
    """Someone saw a breached clock and said what is being done: it leaves their work list (the
    lateness report still counts it). One per person and clock; the reason is audited."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("what is being done"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clock", "user"], name="acknowledged_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} acknowledged {self.clock_id}"


class LatenessMonth(models.Model):
    """What the lateness report counts, per organisation, month (the first day of the month, in
    the site's time zone, of the deadline), district of the case, rule and case lead: a year's
    report reads a few thousand of these rows instead of every clock of the year. Derived from
    the clock table alone, by ``monthly.groups_refresh`` in the transaction of every change
    (and ``mukti rebuild_lateness``); never edited.

    A clock met (or met late, or recorded late) stays so: those are counted, with the minutes
    late of the late ones. An open clock is breached or running,
    and late by how much, only at the time of reading: those are kept by their deadline, in
    minutes since 1970-01-01 UTC, so that the report reads them as of now."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the unique index starts with it
    )
    month = models.DateField()
    # True: the row sums every district (``district`` is empty), what the report of the whole
    # organisation reads; False: the cases of one district (or none).
    all_districts = models.BooleanField(default=False)
    district = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rule = models.CharField(max_length=40)
    # The case lead (the report's team is named after her); PROTECT as on the case.
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    met = models.PositiveIntegerField(default=0)
    met_late = models.PositiveIntegerField(default=0)
    # Met, but typed in after the deadline (open ones typed in late are in ``open_late_due``).
    recorded_late = models.PositiveIntegerField(default=0)
    # Each clock late as a list of whole minutes, in order (one entry per clock: they rarely
    # share a minute, and one flat list per group is what the report decodes fastest): how late
    # those met after the deadline were; the deadlines (minutes since 1970-01-01 UTC) of those
    # still open, known in time and typed in after the deadline.
    late_minutes = models.JSONField(default=list, blank=True)
    open_due = models.JSONField(default=list, blank=True)
    open_late_due = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("monthly lateness figures")
        verbose_name_plural = _("monthly lateness figures")
        constraints = [
            # One row per key (the empty district compared as 0, which no row's id is); also the
            # index the report reads: an organisation's months in a period.
            models.UniqueConstraint(
                "organisation",
                "all_districts",
                "month",
                Coalesce("district", Value(0)),
                "rule",
                "lead",
                name="lateness_month_key",
            ),
        ]
        indexes = [
            # one district's months in a period
            models.Index(
                fields=["organisation", "district", "month"], name="lateness_month_district"
            ),
            # the rows a recomputation replaces: an organisation's rule and month
            # (monthly.groups_refresh; without it, every change read the whole table)
            models.Index(fields=["organisation", "rule", "month"], name="lateness_month_group"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.rule} lead {self.lead_id}"
