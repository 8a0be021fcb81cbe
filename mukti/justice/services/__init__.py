"""Every write of the legal case: one function per change, each in one transaction.

A dated record is an event on the case timeline (through ``cases.services``, which checks the
right to record justice events) plus its typed detail, then ``detail_recorded`` so that clocks
read it.

One module per entity: ``fir`` (the FIR, its sections, the chargesheet), ``accused``,
``arrests`` (and bail), ``evidence`` (and its chain of custody) and ``court`` (hearings,
testimony, judgement, compensation). The names below are the package's interface: callers keep
writing ``services.fir_register(...)``.
"""

from mukti.justice.services.accused import (
    accused_add,
    accused_keys_rebuild,
    accused_link_same,
    accused_linkable,
    accused_matches,
    accused_records,
    accused_unlinked_matches,
    accused_update,
)
from mukti.justice.services.arrests import arrest_record, bail_record
from mukti.justice.services.court import (
    compensation_award,
    compensation_pay,
    hearing_record,
    judgement_record,
    testimony_record,
)
from mukti.justice.services.evidence import Holder, Link, chain, custody_transfer, evidence_seize
from mukti.justice.services.fir import (
    POLICE,
    chargesheet_file,
    check_sections,
    fir_ahtu_informed,
    fir_register,
)

__all__ = [
    "POLICE",
    "Holder",
    "Link",
    "accused_add",
    "accused_keys_rebuild",
    "accused_link_same",
    "accused_linkable",
    "accused_matches",
    "accused_records",
    "accused_unlinked_matches",
    "accused_update",
    "arrest_record",
    "bail_record",
    "chain",
    "chargesheet_file",
    "check_sections",
    "compensation_award",
    "compensation_pay",
    "custody_transfer",
    "evidence_seize",
    "fir_ahtu_informed",
    "fir_register",
    "hearing_record",
    "judgement_record",
    "testimony_record",
]
