"""System checks of the reports app.

WeasyPrint embeds only the glyphs a PDF uses. It cuts the fonts down with HarfBuzz's subsetting
library (Debian: ``libharfbuzz-subset0``) when it can load it, and otherwise falls back to
fontTools, in Python: about 0.8 s more for each 2,000-entry case report, a quarter of its time
(docs/benchmarks.md). Pango does not depend on that library, so a server can lack it unnoticed.
"""

from __future__ import annotations

from typing import Any

from django.core import checks


def harfbuzz_subset_missing() -> bool:
    """Whether WeasyPrint will subset fonts with fontTools: it needs HarfBuzz-Subset 4.1 or
    later (the test of weasyprint/pdf/fonts.py, ``Font.subset``)."""
    from weasyprint.text import ffi

    return not (getattr(ffi, "harfbuzz_subset", None) and ffi.harfbuzz.hb_version_atleast(4, 1, 0))


def harfbuzz_subset_messages(*, missing: bool) -> list[checks.CheckMessage]:
    if not missing:
        return []
    return [
        # Information, not a warning: ``upgrade`` fails on any warning, and a slow report is
        # no reason to stop one.
        checks.Info(
            "WeasyPrint cannot load HarfBuzz's subsetting library, so every PDF report subsets "
            "its fonts in Python, slowly (a large case report takes a quarter longer).",
            hint="Install libharfbuzz-subset0 (docs/deploy.md, section 1) and restart.",
            id="reports.I001",
        )
    ]


@checks.register()
def harfbuzz_subset_check(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    return harfbuzz_subset_messages(missing=harfbuzz_subset_missing())
