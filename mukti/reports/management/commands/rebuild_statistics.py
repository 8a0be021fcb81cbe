from __future__ import annotations

from mukti.core.management.monthly import MonthlyRebuildCommand
from mukti.reports.monthly import rebuild


class Command(MonthlyRebuildCommand):
    help = (
        "Recompute what the statistics count, and their monthly rows, from the records of the "
        "cases, one organisation per transaction (safe to rerun or interrupt). The services "
        "keep them up to date; run it after loading data behind their back (a restore of part "
        "of a database, rows edited by hand)."
    )
    what = "statistics"
    rebuild = staticmethod(rebuild)
