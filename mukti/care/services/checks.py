"""The care side's veto on a changed timeline."""

from __future__ import annotations

import itertools

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mukti.care.models import Placement, RepatriationStep
from mukti.care.services._common import event_day
from mukti.cases.models import Case
from mukti.core.compiled import compiled
from mukti.core.errors import ApplicationError


# Compiled once per connection (core.compiled): the check runs on every change of a timeline,
# and compiling these two queries cost more CPU than running them (issue 24).
@compiled
def _stays(case_id: int) -> QuerySet[Placement]:
    return (
        Placement.objects.filter(survivor__case_links__case_id=case_id)
        .select_related("event", "survivor", "home")
        .order_by("survivor_id", "event__occurred_at", "id")
    )


@compiled
def _completed_steps(case_id: int) -> QuerySet[RepatriationStep]:
    return RepatriationStep.objects.filter(
        repatriation__case_id=case_id, completed_on__isnull=False
    ).select_related("event")


def care_check(case: Case) -> None:
    """Run whenever the case's timeline changes (registered in CareConfig.ready): a placement or a
    repatriation step redated from the timeline must still make sense, or the change is refused
    with the rest of its transaction."""
    stays = _stays(case.pk)
    for stay in stays:
        start = event_day(stay.event)
        if stay.ended_on is not None and stay.ended_on < start:
            raise ApplicationError(
                _("%(name)s left %(home)s on %(end)s; her arrival cannot be after that.")
                % {"name": stay.survivor.pseudonym, "home": stay.home.name,
                   "end": f"{stay.ended_on:%d %b %Y}"},
                field="when",
            )  # fmt: skip
    for before, after in itertools.pairwise(stays):
        if before.survivor_id != after.survivor_id:
            continue
        if before.ended_on is None or before.ended_on > event_day(after.event):
            raise ApplicationError(
                _("%(name)s would be at %(one)s and %(two)s at once on %(day)s.")
                % {"name": after.survivor.pseudonym, "one": before.home.name,
                   "two": after.home.name, "day": f"{event_day(after.event):%d %b %Y}"},
                field="when",
            )  # fmt: skip
    for step in _completed_steps(case.pk):
        if step.completed_on is not None and step.completed_on < event_day(step.event):
            raise ApplicationError(
                _("%(step)s was completed on %(day)s; it cannot start after that.")
                % {"step": step.get_kind_display(), "day": f"{step.completed_on:%d %b %Y}"},
                field="when",
            )
