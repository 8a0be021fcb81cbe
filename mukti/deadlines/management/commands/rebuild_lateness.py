from __future__ import annotations

from mukti.core.management.monthly import MonthlyRebuildCommand
from mukti.deadlines.monthly import rebuild


class Command(MonthlyRebuildCommand):
    help = (
        "Recompute the monthly lateness rows from the clocks, one organisation per transaction "
        "(safe to rerun or interrupt). The services keep them up to date, and `mukti clocks "
        "rebuild` rebuilds them; run it after loading data behind their back (a restore of part "
        "of a database, rows edited or deleted by hand)."
    )
    what = "lateness"
    rebuild = staticmethod(rebuild)
