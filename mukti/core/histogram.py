"""Counts of values, stored with a pre-aggregated row so that a median over many rows can be read
without the values themselves.

A dashboard row (per office and day, per rule and day) cannot keep every minute it counts, or a
year at a million cases would read hundreds of thousands of them again. It keeps a histogram
instead: each value rounded to four significant figures (exact below 10,000, so to the minute
for anything under a week of minutes; within 0.05% above), with how many times it occurred. The
median of merged histograms is then the median of the rounded values.

Stored as JSON objects ``{"value": count}`` (JSON keys are text), which both databases keep.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

SIGNIFICANT = 4

Histogram = dict[str, int]


def rounded(value: float) -> float:
    """The value a histogram keeps for ``value``: four significant figures."""
    return float(f"{value:.{SIGNIFICANT}g}")


def key(value: float) -> str:
    return repr(rounded(value))


def histogram(values: Iterable[float]) -> Histogram:
    return dict(Counter(key(v) for v in values))


def merge(histograms: Iterable[Mapping[str, int]]) -> Counter[float]:
    """The counts of several histograms added up, by value."""
    total: Counter[float] = Counter()
    for counts in histograms:
        for value, n in counts.items():
            total[float(value)] += n
    return total


def median(counts: Mapping[float, int]) -> float | None:
    """The median of the counted values (the mean of the middle two for an even count), as
    ``statistics.median`` gives for the values written out; None for no values."""
    size = sum(counts.values())
    if not size:
        return None
    wanted = [(size - 1) // 2, size // 2]  # the middle one, or the middle two
    found: list[float] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
        if not wanted:
            break
    return (found[0] + found[1]) / 2
