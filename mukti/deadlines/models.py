"""Clocks: derived from the timeline by the rules in deadlines/rules.py, never typed."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from mukti.cases.models import Case, Event, Survivor


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
            # "Due soon": open clocks of the user's cases by deadline
            models.Index(fields=["satisfied_at", "due_at"], name="clock_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} of {self.case_id} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def state(self) -> str:
        if self.satisfied_at is not None:
            return "met" if self.satisfied_at <= self.due_at else "met_late"
        return "breached" if timezone.now() > self.due_at else "running"
