"""Every write of the care side: one function per change, each in one transaction.

Dated records are written as an event on the case timeline (through ``cases.services``, which
checks the user's right to record care and the survivor's link to the case) plus their typed
detail. Nothing here is copied from the event: dates are read from it.

One module per entity: ``medical``, ``stays`` (shelter), ``care_plan`` (services, follow-ups and
goals), ``assessments``, ``repatriation``, ``consent``, and ``checks`` (the veto on a changed
timeline). The names below are the package's interface: callers keep writing
``services.placement_start(...)``.
"""

from mukti.care.services._common import event_day
from mukti.care.services.assessments import assessment_record
from mukti.care.services.care_plan import follow_up_record, goal_add, goal_update, service_record
from mukti.care.services.checks import care_check
from mukti.care.services.consent import consent_record, consent_withdraw
from mukti.care.services.medical import medical_record, medical_update
from mukti.care.services.repatriation import (
    repatriation_open,
    step_complete,
    step_overdue,
    step_start,
)
from mukti.care.services.stays import placement_end, placement_move, placement_start

__all__ = [
    "assessment_record",
    "care_check",
    "consent_record",
    "consent_withdraw",
    "event_day",
    "follow_up_record",
    "goal_add",
    "goal_update",
    "medical_record",
    "medical_update",
    "placement_end",
    "placement_move",
    "placement_start",
    "repatriation_open",
    "service_record",
    "step_complete",
    "step_overdue",
    "step_start",
]
