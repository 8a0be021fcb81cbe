"""General mechanisms of the tenth pass of issue 23: how dates are resolved and which event a
date belongs to, titles recognised by their form rather than one by one, and verbs read by their
family. One test per mechanism or rule, each with sentences written for the test (none is taken
from the corpus or from any narrative of it); each fails on the code before the pass."""

from __future__ import annotations

import datetime as dt

from mukti.intake.dates import resolve


def _dates(text: str, reference: dt.date) -> list[tuple[str, str | None]]:
    return [(m.text, m.iso()) for m in resolve(text, reference) if not m.is_time]


# Dates: a month without a year moves the story on.


def test_a_month_without_a_year_after_a_told_month_is_the_next_such_month() -> None:
    # The story has reached April 2023; "in October" is the October after it (2023), not the
    # one before (2022, which is nearer in days), when the report was written after it.
    text = (
        "The boy's uncle took him to a tannery in April 2023. His father went to the labour "
        "office in October, and the inspector visited the tannery in February."
    )
    found = dict(_dates(text, dt.date(2024, 6, 1)))
    assert found["in October"] == "2023-10"
    assert found["in February"] == "2024-02"
    # Not moved past the day the report was written.
    assert dict(_dates(text, dt.date(2023, 8, 1)))["in October"] == "2022-10"
