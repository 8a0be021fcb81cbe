"""The system check that says when WeasyPrint subsets fonts the slow way."""

from __future__ import annotations

import logging

import pytest
from weasyprint import HTML

from mukti.reports.checks import harfbuzz_subset_messages, harfbuzz_subset_missing


def test_the_check_agrees_with_weasyprint(caplog: pytest.LogCaptureFixture) -> None:
    """WeasyPrint logs a warning each time it falls back to fontTools: the check must say
    "missing" exactly when it does."""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        HTML(string="<p>Subset me</p>").write_pdf()
    fell_back = any("instead of HarfBuzz-Subset" in r.getMessage() for r in caplog.records)
    assert harfbuzz_subset_missing() is fell_back


def test_the_message_names_the_package() -> None:
    assert harfbuzz_subset_messages(missing=False) == []
    [message] = harfbuzz_subset_messages(missing=True)
    assert message.id == "reports.I001" and not message.is_serious()
    assert message.hint is not None and "libharfbuzz-subset0" in message.hint
