"""Every write to cases, survivors, sightings and the timeline.

One module per entity: ``cases`` (a case, its team and status), ``survivors`` (survivors and
their protected identity) and ``timeline`` (events and sightings, and the hooks they call). The
names below are the package's interface: callers keep writing ``services.case_open(...)``.
"""

from mukti.cases.services.cases import case_change_status, case_open, case_update
from mukti.cases.services.survivors import (
    IDENTITY_EDIT_WINDOW,
    IDENTITY_TEXT_FIELDS,
    MAX_AGE_YEARS,
    survivor_add,
    survivor_identity_update,
    survivor_link_same,
    survivor_reveal,
    survivor_set_status,
    survivor_update,
)
from mukti.cases.services.timeline import (
    AFTER_TRAFFICKING,
    STATUS_EFFECTS,
    check_survivors_of_case,
    detail_recorded,
    event_delete,
    event_record,
    event_update,
    sighting_record,
    timeline_touched,
)

__all__ = [
    "AFTER_TRAFFICKING",
    "IDENTITY_EDIT_WINDOW",
    "IDENTITY_TEXT_FIELDS",
    "MAX_AGE_YEARS",
    "STATUS_EFFECTS",
    "case_change_status",
    "case_open",
    "case_update",
    "check_survivors_of_case",
    "detail_recorded",
    "event_delete",
    "event_record",
    "event_update",
    "sighting_record",
    "survivor_add",
    "survivor_identity_update",
    "survivor_link_same",
    "survivor_reveal",
    "survivor_set_status",
    "survivor_update",
    "timeline_touched",
]
