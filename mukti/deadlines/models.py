"""Clocks: derived from the timeline by the rules in deadlines/rules.py, never typed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mukti.cases.models import Case, Event, Survivor
from mukti.core.models import TrackedModel


class Clock(models.Model):
    """One running, satisfied or breached deadline of one rule, started by one event."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clocks")
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
