"""The development corpus's scores held above a floor: a change that breaks extraction fails CI
(the figures are those of ``python -m bench extract``, on dev only: the held-out narratives are
read by the benchmark alone)."""

from __future__ import annotations

from typing import Any

import pytest

from bench import extract as bench_extract

# Just under the scores of this commit, for each set of development narratives (bench extract):
# the project's own (11; events F1 0.931, dated 0.892, officials 0.966, places 0.956, victims 1.0,
# date accuracy 0.950) and the independent writers' (40; 0.819, 0.722, 0.930, 0.879, 0.833, 0.873;
# issue 23, third pass; before it 0.796, 0.669, 0.920, 0.849, 0.688, 0.828).
# Raise them as the extractor improves; lower one only with a reason in the commit message.
# Own events went from 0.95 to 0.94: "still waiting in shelter homes for their repatriation"
# (d09) is no longer read as a repatriation; that false event used to count against one the
# narrative does tell, as the score compares the types of events, not where they were read.
# Own events went from 0.94 to 0.93 (issue 23, third pass): a rescue or an arrest told again on
# the same day is one operation (as the independent annotators read a press release's lede and
# its body, and ANNOTATION.md says: one per rescue operation, one per arrest occasion); the
# project's own d02 counts its lede and its body twice. Own events_dated went from 0.90 to 0.89:
# a charge sheet filed is "other", as ANNOTATION.md says and the independent annotators read it
# (three judgments); the project's own d06 counts it as a hearing.
# Issue 23, fourth pass: the others' floors raised to just under 0.834, 0.740, 0.957, 0.911,
# 0.874 (events, dated, officials, places, date accuracy; victims unchanged at 0.833); the
# project's own figures did not move.
# Issue 23, fifth pass: own events_dated 0.892 -> 0.900 and date accuracy 0.950 -> 0.958 (floor
# raised to 0.95), others' events_dated 0.740 -> 0.750 and date accuracy 0.874 -> 0.882 (floors
# raised to 0.74 and 0.88); the other figures moved less than a floor's step.
# Issue 23, sixth pass: others' events 0.836 -> 0.844, events_dated 0.750 -> 0.757, officials
# 0.957 -> 0.968, places 0.911 -> 0.935 (floors raised to 0.84, 0.75, 0.96, 0.93); own places
# 0.956 -> 0.950 (one police station written two ways is one place, as ANNOTATION.md says and
# the independent annotators read it; the project's own d03 lists both spellings), floor kept.
# Issue 23, seventh pass: others' officials 0.968 -> 0.973 (a rank right after a function is the
# same official: "IO ASI ..."), floor raised to 0.97; the other dev figures did not move (the
# forms of the pass were written for the weak styles, and dev already read most of its own).
# 3 Dec 2026: a second batch of independent writers (C, D; corpus/README.md) joined the
# corpus; the floors above are those of the first batch's 40 dev narratives ("others (A, B)").
# Issue 23, eighth pass (tuned on the second batch's dev narratives): "others (C, D)" (40) gets
# its floors, just under events 0.770, events_dated 0.622, officials 0.866, places 0.887,
# victims 0.391, date accuracy 0.842 (before the pass 0.708, 0.518, 0.729, 0.872, 0.391,
# 0.736). Others (A, B): officials 0.973 -> 0.978, events_dated 0.757 -> 0.759, date accuracy
# 0.884 -> 0.887, events 0.844 -> 0.845 (less than a floor's step; floors kept); the project's
# own figures did not move.
# Issue 23, ninth pass (4 Dec 2026): own events_dated 0.900 -> 0.903 (floor 0.90); A/B events
# 0.848 -> 0.857, events_dated 0.759 -> 0.778 (floors 0.85, 0.77); C/D events 0.770 -> 0.819,
# events_dated 0.622 -> 0.701, date accuracy 0.842 -> 0.868 (floors 0.81, 0.69, 0.86).
# Issue 23, tenth pass (5 Dec 2026): own events_dated 0.903 -> 0.911, date accuracy 0.958 ->
# 0.966 (floors 0.91, 0.96); A/B events_dated 0.779 -> 0.791, date accuracy 0.886 -> 0.900
# (floors 0.79, 0.89); C/D events_dated 0.699 -> 0.721, officials 0.866 -> 0.881, date accuracy
# 0.865 -> 0.892 (floors 0.71, 0.87, 0.89). After review, "the same day/evening" after a
# flashback points back to the day just told again (its change invented dates on reviewer
# sentences): A/B events_dated 0.791 -> 0.785 and date accuracy 0.900 -> 0.893 (floor 0.79 ->
# 0.78).
FLOORS = {
    "own": {
        "events": 0.93,
        "events_dated": 0.91,
        "officials": 0.95,
        "places": 0.94,
        "victims": 0.95,
        "date_accuracy": 0.96,
    },
    "others (A, B)": {
        "events": 0.85,
        "events_dated": 0.78,
        "officials": 0.97,
        "places": 0.93,
        "victims": 0.82,
        "date_accuracy": 0.89,
    },
    "others (C, D)": {
        "events": 0.81,
        "events_dated": 0.71,
        "officials": 0.87,
        "places": 0.88,
        "victims": 0.38,
        "date_accuracy": 0.89,
    },
}


def dev_figures() -> dict[str, dict[str, Any]]:
    groups = bench_extract.groups(bench_extract.load("dev"))
    return {name: bench_extract.score(groups[name]) for name in FLOORS}


def _below(figures: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    below: dict[str, float | None] = {}
    for group, floors in FLOORS.items():
        for key, floor in floors.items():
            value = figures[group][key] if key == "date_accuracy" else figures[group][key]["f1"]
            if value is None or value < floor:
                below[f"{group} {key}"] = value
    return below


def test_the_development_corpus_scores_above_its_floors() -> None:
    figures = dev_figures()
    assert figures["own"]["documents"] >= 11 and figures["others (A, B)"]["documents"] >= 40
    assert figures["others (C, D)"]["documents"] >= 40
    below = _below(figures)
    assert not below, f"below the floor {FLOORS}: {below}"


def test_the_floor_fails_an_extractor_that_finds_no_events(monkeypatch: pytest.MonkeyPatch) -> None:
    from mukti.intake.extraction import assembly

    monkeypatch.setattr(assembly, "find_events", lambda *args, **kwargs: [])
    figures = dev_figures()
    below = _below(figures)
    assert "own events" in below and "others (A, B) events" in below
    assert "others (C, D) events" in below


def test_each_target_is_reported_met_or_not_on_its_own() -> None:
    held = {
        "events": {"f1": 0.742},
        "date_accuracy": 0.774,
        "officials": {"f1": 0.81},
        "places": {"f1": 0.885},
    }
    lines = bench_extract.target_lines(held, {"docs_3kb_per_second": 126.1})
    assert lines == [
        "events F1 0.742 (target >= 0.8): NOT met",
        "date accuracy 0.774 (target >= 0.85): NOT met",
        "officials F1 0.81 (target >= 0.8): met",
        "places F1 0.885 (target >= 0.85): met",
        "documents of 3 KB per CPU second 126.1 (target >= 100): met",
    ]
