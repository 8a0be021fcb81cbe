"""Small pieces of the export services."""

from __future__ import annotations


def test_an_age_told_at_an_assessment_counts_whole_years_towards_it() -> None:
    """Assessed as 18 the day after the case opened: 18 on the opening day, not a minor."""
    import datetime as dt

    from mukti.exports.services import _age_on

    assessed = dt.date(2024, 5, 2)
    assert _age_on(dt.date(2024, 5, 1), None, 18, assessed) == 18
    assert _age_on(dt.date(2023, 5, 1), None, 18, assessed) == 17
    assert _age_on(dt.date(2026, 5, 3), None, 18, assessed) == 20
    assert _age_on(dt.date(2024, 5, 1), dt.date(2006, 5, 2), None, None) == 17
