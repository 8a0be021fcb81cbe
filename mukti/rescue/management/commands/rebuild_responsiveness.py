from __future__ import annotations

from mukti.core.management.monthly import MonthlyRebuildCommand
from mukti.rescue.monthly import rebuild


class Command(MonthlyRebuildCommand):
    help = (
        "Recompute the monthly responsiveness rows from the requests to authorities, one "
        "organisation per transaction (safe to rerun or interrupt). The services keep them up "
        "to date; run it after loading data behind their back (a restore of part of a "
        "database, rows edited by hand)."
    )
    what = "responsiveness"
    rebuild = staticmethod(rebuild)
